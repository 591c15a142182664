/// The backfill's findings in the plain line output (issue 11): a line when a new one appears.
extension PlainFeed {
    func neverNotifiedLines(old: [NeverNotifiedLine], new: [NeverNotifiedLine]) -> [String] {
        let seen = Set(old.map { "\($0.paymentID)|\($0.status)" })
        return new.reversed().filter { !seen.contains("\($0.paymentID)|\($0.status)") }.map { finding in
            var line = "\(text.neverNotified): \(finding.paymentID) \(text.processing(finding.status))"
            if let reference = finding.externalReference { line += " (\(text.orderReference(reference)))" }
            return line
        }
    }
}
