/// The words of the backfill's feed lines (issue 11).
extension UIText {
    public var neverNotified: String { t("never notified", "nunca notificado", "nunca notificado") }
    public var notifiedLate: String { t("notified late", "notificado tarde", "notificado com atraso") }
}
