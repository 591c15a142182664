import Foundation
import GoLiveCore
import Testing

@Suite("Tolerant decoding of Mercado Pago documents")
struct JSONValueTests {
    @Test("numbers that arrive as strings are read as numbers")
    func numbersAsStrings() throws {
        let json = try JSONValue.parse(Data(#"{"quantity":"2","unit_price":"10.50","id":"123"}"#.utf8))
        #expect(json["quantity"].decimal == 2)
        #expect(json["unit_price"].decimal == Decimal(string: "10.50"))
        #expect(json["id"].int64 == 123)
    }

    @Test("amounts keep their exact decimal value")
    func exactDecimals() throws {
        let json = try JSONValue.parse(Data(#"{"a":0.1,"b":1234567.89,"c":100}"#.utf8))
        #expect(json["a"].decimal == Decimal(string: "0.1"))
        #expect(json["b"].decimal == Decimal(string: "1234567.89"))
        #expect(json["c"].int64 == 100)
        #expect(json["a"].int64 == nil)
    }

    @Test("null, missing and wrongly typed fields read as absent, never as a crash")
    func absentValues() throws {
        let json = try JSONValue.parse(Data(#"{"a":null,"b":{"c":[1,2]},"d":true,"e":""}"#.utf8))
        #expect(json["a"].string == nil)
        #expect(json["missing"]["deeper"].string == nil)
        #expect(json["b"]["c"][5].decimal == nil)
        #expect(json.value(at: "b.c").array.count == 2)
        #expect(json["d"].bool == true)
        #expect(json["d"].decimal == nil)
        #expect(json["e"].string == nil)
    }

    @Test("a body that is not JSON is a parse error with an excerpt")
    func malformed() {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Data("{\"id\": 12".utf8)) }
        do {
            _ = try JSONValue.parse(Data("<html>bad gateway</html>".utf8))
        } catch {
            #expect(error.excerpt.hasPrefix("<html>"))
        }
    }

    @Test(
        "dates with offsets and milliseconds",
        arguments: [
            ("2015-03-25T10:04:58.396-04:00", 1_427_292_298.396),
            ("2026-11-26T15:52:38Z", 1_795_708_358.0),
            ("2026-11-26T15:52:38.000+00:00", 1_795_708_358.0),
        ])
    func dates(text: String, epoch: Double) throws {
        let date = try #require(MercadoPagoDate.parse(text))
        #expect(abs(date.timeIntervalSince1970 - epoch) < 0.001)
    }

    @Test("search dates are written with milliseconds and a numeric offset")
    func searchDates() throws {
        let date = Date(timeIntervalSince1970: 1_795_708_358.25)
        #expect(MercadoPagoDate.format(date) == "2026-11-26T15:52:38.250+00:00")
        let buenosAires = try #require(TimeZone(secondsFromGMT: -3 * 3600))
        #expect(MercadoPagoDate.format(date, timeZone: buenosAires) == "2026-11-26T12:52:38.250-03:00")
        #expect(MercadoPagoDate.parse(MercadoPagoDate.format(date)) == date)
    }

    @Test("a payment with odd fields still reads")
    func tolerantPayment() throws {
        let json = try JSONValue.parse(
            Data(
                #"""
                {"id":1234567890,"status":"approved","live_mode":"true","transaction_amount":"99.90",
                 "additional_info":{"items":[{"id":"sku","quantity":"3","unit_price":33.3}]},
                 "payer":null,"order":{"id":"998877","type":"mercadopago"},"unknown_field":{"x":1}}
                """#.utf8))
        let payment = try #require(Payment(json: json))
        #expect(payment.id == "1234567890")
        #expect(payment.liveMode == true)
        #expect(payment.transactionAmount == Decimal(string: "99.90"))
        #expect(payment.payerEmail == nil)
        #expect(payment.items.first?.quantity == 3)
        #expect(payment.merchantOrderID == "998877")
    }
}
