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

    /// `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, the form `/v1/payments/search` asks for (cause 1001 otherwise).
    public static func format(_ date: Date, timeZone: TimeZone = .gmt) -> String {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: timeZone)
        return date.formatted(style)
    }

    private static let strategies: [Date.ISO8601FormatStyle] = [
        Date.ISO8601FormatStyle(includingFractionalSeconds: true),
        Date.ISO8601FormatStyle(includingFractionalSeconds: false),
    ]
}
