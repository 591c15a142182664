public import Foundation

/// Dates as Mercado Pago writes them: ISO-8601 with or without milliseconds, with an offset
/// (`2015-03-25T10:04:58.396-04:00`) or `Z`.
public enum MercadoPagoDate {
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for strategy in strategies {
            if let date = try? Date(trimmed, strategy: strategy) { return date }
        }
        return nil
    }

    /// `yyyy-MM-dd'T'HH:mm:ss.SSSZ` as Mercado Pago's examples write it (`2026-11-26T12:00:00.000-04:00`), the
    /// form `/v1/payments/search` asks for (cause 1001 otherwise): always a numeric offset, never `Z`.
    public static func format(_ date: Date, timeZone: TimeZone = .gmt) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"
        return formatter.string(from: date)
    }

    private static let strategies: [Date.ISO8601FormatStyle] = [
        Date.ISO8601FormatStyle(includingFractionalSeconds: true),
        Date.ISO8601FormatStyle(includingFractionalSeconds: false),
    ]
}
