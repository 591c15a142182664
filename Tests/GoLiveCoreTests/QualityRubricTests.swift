import Foundation
import GoLiveCore
import Testing

@Suite("Quality rubric")
struct QualityRubricTests {
    let rubric = QualityRubric.standard

    @Test("the shipped rubric loads and is consistent")
    func consistent() {
        #expect(rubric.validate().isEmpty, "\(rubric.validate())")
        #expect(rubric.threshold == 73)
        #expect(Set(rubric.criteria.map(\.id)).count == rubric.criteria.count)
        #expect(rubric.totalPoints == 100)
        #expect(rubric.criteria.filter { $0.level == .bestPractice }.allSatisfy { $0.points == 0 })
        #expect(
            Set(rubric.aspects.map(\.id))
                == ["buyer_experience", "reconciliation", "approval", "scalability", "security"])
        // MERCADOPAGO.md §3.1's official examples keep their class.
        #expect(rubric.criterion("external_reference")?.level == .mandatory)
        #expect(rubric.criterion("notification_url")?.level == .mandatory)
        #expect(rubric.criterion("frontend_sdk")?.level == .bestPractice)
        #expect(rubric.criterion("notifications.processed")?.level == .bestPractice)
    }

    @Test("a field-based criterion's id is its field path")
    func fieldPaths() {
        for criterion in rubric.criteria {
            switch criterion.evidence.kind {
            case .paymentField:
                #expect(
                    (criterion.evidence.paths ?? []).contains { $0.contains(criterion.id) },
                    "\(criterion.id) is not in its paths \(criterion.evidence.paths ?? [])")
            case .itemsField:
                #expect(criterion.id == "items.\(criterion.evidence.field ?? "")")
            default:
                break
            }
            #expect(!criterion.source.isEmpty && !criterion.fix.isEmpty)
        }
        for id in ["payer.email", "items.category_id", "statement_descriptor", "external_reference"] {
            #expect(rubric.criterion(id) != nil, "\(id)")
        }
    }

    @Test("an edited rubric that breaks the rules is refused with the reason")
    func refusesInconsistent() throws {
        let data = try #require(String(data: rubric.encodedForTest(), encoding: .utf8))
        // Points that no longer sum to 100.
        let inflated = data.replacingOccurrences(of: "\"points\":12", with: "\"points\":13")
        #expect(throws: GoLiveError.self) { try QualityRubric.load(Data(inflated.utf8)) }
        do {
            _ = try QualityRubric.load(Data(inflated.utf8))
        } catch {
            #expect(error.code == .qualityRubricInvalid)
            #expect(error.message.contains("not 100"))
        }
        // A duplicate id.
        let duplicate = data.replacingOccurrences(of: "\"id\":\"payer.last_name\"", with: "\"id\":\"payer.first_name\"")
        do {
            _ = try QualityRubric.load(Data(duplicate.utf8))
            Issue.record("a duplicate id was accepted")
        } catch {
            #expect(error.message.contains("duplicate criterion id payer.first_name"))
        }
        // Not JSON at all.
        #expect(throws: GoLiveError.self) { try QualityRubric.load(Data("{".utf8)) }
        // The round trip of the shipped rubric is accepted.
        #expect(try QualityRubric.load(Data(data.utf8)) == rubric)
    }

    @Test("every rejection of MERCADOPAGO.md §4 has a meaning and an action")
    func rejections() {
        for detail in [
            "cc_rejected_bad_filled_card_number", "cc_rejected_bad_filled_date", "cc_rejected_bad_filled_other",
            "cc_rejected_bad_filled_security_code", "cc_rejected_call_for_authorize", "cc_rejected_card_disabled",
            "cc_rejected_duplicated_payment", "cc_rejected_insufficient_amount", "cc_rejected_invalid_installments",
            "cc_rejected_max_attempts", "cc_rejected_blacklist", "cc_rejected_high_risk", "cc_rejected_other_reason",
        ] {
            let rejection = rubric.rejection(detail)
            #expect(rejection != nil, "\(detail)")
            #expect(rejection.map { !$0.meaning.isEmpty && !$0.action.isEmpty } == true)
        }
    }
}

extension QualityRubric {
    /// The rubric written back as the file's snake_case JSON (compact, so edits can be string replacements).
    func encodedForTest() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
