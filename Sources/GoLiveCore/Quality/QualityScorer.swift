public import Foundation

/// Scores evidence against the rubric: a pure function, no network, no store.
///
/// A criterion is `met`, `missing` or `unknown`. Only what the evidence shows counts: a field the payment
/// lacks is `missing`; something golive cannot see (device id, front-end SDK, notifications without a
/// notification store) is `unknown` and adds nothing until an operator signs it off. The score is the sum
/// of the met criteria's points (mandatory and recommended points sum to 100).
public struct QualityScorer: Sendable {
    public let rubric: QualityRubric

    public init(rubric: QualityRubric = .standard) { self.rubric = rubric }

    public func score(
        _ evidence: QualityEvidence, seller: String, at now: Date, trigger: QualityMeasurement.Trigger = .manual,
        month: String? = nil, officialScore: Int? = nil
    ) -> QualityMeasurement {
        let payment = evidence.payment
        // Whole seconds: what the stored ISO-8601 document keeps, so a measurement reads back equal.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        var actions: [QualityMeasurement.Action] = rubric.criteria.map { criterion in
            var (status, message) = judge(criterion, evidence)
            var signedOffBy: String?
            if status == .unknown, let signOff = evidence.signOffs[criterion.id] {
                status = .met
                signedOffBy = signOff.by
                let date = signOff.at.formatted(.iso8601.year().month().day())
                message = "Signed off by \(signOff.by) on \(date)" + (signOff.note.map { ": \($0)" } ?? ".")
            }
            return QualityMeasurement.Action(
                id: criterion.id, title: criterion.title, level: criterion.level, status: status,
                aspect: criterion.aspect, points: criterion.points, message: message, source: criterion.source,
                signedOffBy: signedOffBy)
        }
        actions.sort(by: Self.byGain)

        let met = actions.filter { $0.status == .met }
        let total = max(1, rubric.totalPoints)
        let score = Int((Double(met.reduce(0) { $0 + $1.points }) * 100 / Double(total)).rounded())
        let aspects = rubric.aspects.map { aspect in
            let mine = actions.filter { $0.aspect == aspect.id }
            let maxPoints = mine.reduce(0) { $0 + $1.points }
            let points = mine.filter { $0.status == .met }.reduce(0) { $0 + $1.points }
            return QualityMeasurement.AspectScore(
                id: aspect.id, title: aspect.title,
                score: maxPoints == 0 ? 100 : Int((Double(points) * 100 / Double(maxPoints)).rounded()),
                points: points, maxPoints: maxPoints)
        }
        let missingMandatory = actions.contains { $0.level == .mandatory && $0.status == .missing }

        var warnings: [String] = []
        if payment.liveMode != true {
            warnings.append(
                "Payment \(payment.id) is a test payment (live_mode \(payment.liveMode.map(String.init) ?? "absent")): "
                    + "Mercado Pago's measurement needs a payment made with production credentials.")
        }
        warnings += evidence.notes

        return QualityMeasurement(
            seller: seller, sellerID: payment.collectorID, paymentID: payment.id, liveMode: payment.liveMode == true,
            paymentStatus: payment.status, score: score, threshold: rubric.threshold,
            passed: score >= rubric.threshold && !missingMandatory, estimate: true, officialScore: officialScore,
            measuredAt: now, trigger: trigger, month: month, rubricVersion: rubric.version, note: rubric.note,
            warnings: warnings, aspects: aspects, actions: actions)
    }

    /// Missing before unknown before met; then more points first; then mandatory first; then by id.
    static func byGain(_ a: QualityMeasurement.Action, _ b: QualityMeasurement.Action) -> Bool {
        func rank(_ status: QualityMeasurement.Status) -> Int {
            switch status {
            case .missing: 0
            case .unknown: 1
            case .met: 2
            }
        }
        if rank(a.status) != rank(b.status) { return rank(a.status) < rank(b.status) }
        if a.points != b.points { return a.points > b.points }
        if a.level.rank != b.level.rank { return a.level.rank < b.level.rank }
        return a.id < b.id
    }

    /// The status of one criterion and the message that goes with it.
    func judge(_ criterion: QualityRubric.Criterion, _ evidence: QualityEvidence) -> (
        QualityMeasurement.Status, String
    ) {
        let source = criterion.evidence
        let fix = criterion.fix
        switch source.kind {
        case .paymentField:
            let paths = source.paths ?? []
            if let path = paths.first(where: { evidence.payment.raw.value(at: $0).isPresent }) {
                return (.met, "Sent (\(path)).")
            }
            if let order = evidence.merchantOrder,
                let path = (source.merchantOrderPaths ?? []).first(where: { order.raw.value(at: $0).isPresent })
            {
                return (.met, "Sent on merchant order \(order.id) (\(path)).")
            }
            return (.missing, "Not sent: \(paths.joined(separator: " / ")) is empty. \(fix)")
        case .itemsField:
            let field = source.field ?? ""
            var items = evidence.payment.raw["additional_info"]["items"].array
            var origin = "additional_info.items"
            if items.isEmpty, let order = evidence.merchantOrder, !order.raw["items"].array.isEmpty {
                items = order.raw["items"].array
                origin = "merchant order \(order.id) items"
            }
            guard !items.isEmpty else { return (.missing, "No items were sent (additional_info.items). \(fix)") }
            let lacking = items.filter { !$0[field].isPresent }.count
            if lacking == 0 { return (.met, "Every item carries \(field) (\(origin)).") }
            return (.missing, "\(lacking) of \(items.count) items lack \(field) (\(origin)). \(fix)")
        case .signoff:
            return (.unknown, "\(source.detail ?? "golive cannot see this.") \(fix)")
        case .checkResult:
            let id = CheckID(source.check ?? "")
            guard let result = evidence.checkResults[id] else {
                return (.unknown, "No \(id) result is stored yet. \(fix)")
            }
            switch result.status {
            case .pass, .warn: return (.met, "\(id) is \(result.status.rawValue): \(result.summary)")
            case .fail: return (.missing, "\(id) fails: \(result.summary) \(fix)")
            case .unknown: return (.unknown, "\(id) is undecided: \(result.summary) \(fix)")
            }
        case .notificationsSigned:
            guard let notifications = evidence.notifications else {
                return (.unknown, "This golive has no notification store to consult. \(fix)")
            }
            guard !notifications.isEmpty else {
                return (.unknown, "No notification for this payment was received by golive. \(fix)")
            }
            let valid = notifications.filter { $0.signature == "valid" }.count
            if valid > 0 { return (.met, "\(valid) signed notification(s) for this payment verified.") }
            return (.missing, "\(notifications.count) notification(s) arrived, none with a verified signature. \(fix)")
        case .notificationsProcessed:
            guard let notifications = evidence.notifications else {
                return (.unknown, "This golive has no notification store to consult. \(fix)")
            }
            guard !notifications.isEmpty else {
                return (.unknown, "No notification for this payment was received by golive. \(fix)")
            }
            if notifications.contains(where: { $0.processing == "done" }) {
                return (.met, "Notifications for this payment were processed.")
            }
            return (.missing, "Notifications for this payment arrived but none was processed. \(fix)")
        }
    }
}
