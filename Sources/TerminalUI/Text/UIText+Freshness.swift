public import Foundation

/// The words of data freshness (every pane's age and "NO DATA SINCE"), and of a store the dashboard cannot read.
extension UIText {
    /// An age that changes rarely, so an idle screen is not repainted every second: under a minute it is
    /// `<1m` (es/pt `<1 min`), then whole minutes, hours and days as ``age(_:)``.
    public func coarseAge(_ seconds: Int) -> String {
        seconds < 60 ? t("<1m", "<1 min", "<1 min") : age(seconds)
    }

    public func coarseAge(from date: Date, to now: Date) -> String { coarseAge(Int(now.timeIntervalSince(date))) }

    /// `3m ago`, `hace 3 min`, `há 3 min` (coarse).
    public func coarseAgo(from date: Date, to now: Date) -> String {
        let age = coarseAge(from: date, to: now)
        return t("\(age) ago", "hace \(age)", "há \(age)")
    }

    /// The header's data age, coarse: `data <1m`, `datos 3 min`.
    public func coarseDataAge(from date: Date, to now: Date) -> String {
        t("data ", "datos ", "dados ") + coarseAge(from: date, to: now)
    }

    /// `14:02` on the same day as `now`, else the day too (`11-25 14:02`, `25/11 14:02`).
    public func since(_ date: Date, now: Date, zone: TimeZone) -> String {
        Self.calendar(zone).isDate(date, inSameDayAs: now)
            ? hourMinute(date, zone: zone) : shortDateTime(date, zone: zone)
    }

    /// `NO DATA SINCE 14:02`.
    public func noDataSince(_ time: String) -> String {
        t("NO DATA SINCE \(time)", "SIN DATOS DESDE \(time)", "SEM DADOS DESDE \(time)")
    }

    public var noData: String { t("NO DATA", "SIN DATOS", "SEM DADOS") }

    // Short: the header of an 80-column screen has room for about 16 columns next to the readiness.
    public var storeMissing: String { t("no store file", "sin archivo base", "sem arquivo base") }
    public var storeLocked: String { t("store locked", "base bloqueada", "base bloqueada") }
    public var storeCorrupt: String { t("store corrupt", "base dañada", "base corrompida") }
    public var storeUnreadable: String { t("store unreadable", "base ilegible", "base ilegível") }
}
