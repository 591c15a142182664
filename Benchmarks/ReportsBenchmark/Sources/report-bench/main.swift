import Foundation
import GoLiveCore

// report-bench generate FILE MEGABYTES   writes a release report of about that size (documented columns and
//                                         sections, 10% quoted fields with embedded separators and "")
//                                         and prints its expected totals, computed while writing
// report-bench sum FILE                  sums it as `golive report balance` does; prints seconds, MB/s, totals

func money(_ cents: Int) -> String {
    let sign = cents < 0 ? "-" : ""
    let magnitude = abs(cents)
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

func generate(path: String, megabytes: Int) throws {
    let target = megabytes * 1_000_000
    guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 21)
    var written = 0
    func emit(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 {
            try handle.write(contentsOf: buffer)
            written += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
    }
    try emit(
        "DATE,SOURCE_ID,EXTERNAL_REFERENCE,RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT,GROSS_AMOUNT,"
            + "MP_FEE_AMOUNT,FINANCING_FEE_AMOUNT,SHIPPING_FEE_AMOUNT,TAXES_AMOUNT,COUPON_AMOUNT,INSTALLMENTS,"
            + "PAYMENT_METHOD")
    let initial = 1_234_567
    try emit("2026-01-01T00:00:00.000-04:00,,,initial_available_balance,,\(money(initial)),0.00,,,,,,,,")
    try emit(",,,subtotal,,\(money(initial)),0.00,,,,,,,,")
    var credits = 0
    var debits = 0
    var rows = 0
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func random() -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % 1_000_000)
    }
    let methods = ["visa", "master", "account_money", "pix", "debvisa", "bolbradesco"]
    let blockShare = 20  // one row in 20 goes to the block/unblock sections
    var blocks: [(Int, String)] = []
    var releaseNet = 0
    while written + buffer.count < target - 4096 {
        rows += 1
        let r = random()
        let day = 1 + r % 28
        let date = "2026-01-\(day < 10 ? "0" : "")\(day)T\(10 + r % 12):\(10 + r % 50):00.000-04:00"
        let reference = r % 10 == 0 ? "\"order \"\"\(r)\"\", shop, \(rows)\"" : "order-\(rows)"
        if r % blockShare == 0 {
            blocks.append((100 + r % 50_000, date))
            continue
        }
        let description = r % 17 == 0 ? "refund" : (r % 53 == 0 ? "chargeback" : "payment")
        let cents = 100 + r % 250_000
        let fee = cents / 20
        if description == "payment" {
            credits += cents
            releaseNet += cents
            try emit(
                "\(date),\(10_000_000 + rows),\(reference),release,payment,\(money(cents)),0.00,"
                    + "\(money(cents + fee)),\(money(-fee)),0.00,0.00,0.00,0.00,\(1 + r % 12),\(methods[r % 6])")
        } else {
            debits += cents
            releaseNet -= cents
            try emit(
                "\(date),\(10_000_000 + rows),\(reference),release,\(description),0.00,\(money(cents)),"
                    + "\(money(cents)),0.00,0.00,0.00,0.00,0.00,1,\(methods[r % 6])")
        }
    }
    try emit(",,,subtotal,,\(money(max(releaseNet, 0))),\(money(max(-releaseNet, 0))),,,,,,,,")
    var blockNet = 0
    for (index, (cents, date)) in blocks.enumerated() {
        debits += cents
        blockNet -= cents
        try emit("\(date),\(20_000_000 + index),,block,dispute,0.00,\(money(cents)),\(money(cents)),0,0,0,0,0,1,")
    }
    try emit(",,,subtotal,,0.00,\(money(-blockNet)),,,,,,,,")
    var unblockNet = 0
    for (index, (cents, date)) in blocks.enumerated() where index % 2 == 0 {
        credits += cents
        unblockNet += cents
        try emit("\(date),\(20_000_000 + index),,unblock,dispute,\(money(cents)),0.00,\(money(cents)),0,0,0,0,0,1,")
    }
    try emit(",,,subtotal,,\(money(unblockNet)),0.00,,,,,,,,")
    try emit(",,,total,,\(money(credits)),\(money(debits)),,,,,,,,")
    try handle.write(contentsOf: buffer)
    written += buffer.count
    try handle.close()
    print(
        "{\"bytes\": \(written), \"rows\": \(rows), \"initial\": \"\(money(initial))\", \"credits\": \"\(money(credits))\", "
            + "\"debits\": \"\(money(debits))\", \"final\": \"\(money(initial + credits - debits))\"}")
}

func sum(path: String) throws {
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    let clock = ContinuousClock()
    var summary: ReportSummary?
    let elapsed = try clock.measure { summary = try ReportSummarizer.summarize(path: path) }
    guard case .release(let balance) = summary?.totals else { throw CocoaError(.fileReadCorruptFile) }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
        "{\"seconds\": \(String(format: "%.3f", seconds)), \"mb_per_s\": \(String(format: "%.1f", Double(size) / 1e6 / seconds)), "
            + "\"rows\": \(balance.rows), \"initial\": \"\(balance.initialAvailableBalance)\", "
            + "\"credits\": \"\(balance.credits)\", \"debits\": \"\(balance.debits)\", "
            + "\"final\": \"\(balance.finalAvailableBalance)\", \"cross_check\": \(balance.crossCheck.matches ?? false)}"
    )
}

let arguments = CommandLine.arguments
switch (arguments.count > 1 ? arguments[1] : "", arguments.count) {
case ("generate", 4): try generate(path: arguments[2], megabytes: Int(arguments[3]) ?? 100)
case ("sum", 3): try sum(path: arguments[2])
default:
    FileHandle.standardError.write(Data("usage: report-bench generate FILE MEGABYTES | sum FILE\n".utf8))
    exit(2)
}
