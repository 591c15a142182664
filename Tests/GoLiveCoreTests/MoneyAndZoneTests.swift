import Foundation
import GoLiveCore
import Testing

/// Money per currency (CLDR separators, exact decimals), report zones, and the language choice.
@Suite struct MoneyTests {
    func amount(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test(arguments: [
        ("ARS", "1234.56", "ARS 1.234,56"), ("BRL", "1234.56", "BRL 1.234,56"), ("MXN", "1234.56", "MXN 1,234.56"),
        ("CLP", "1234.5", "CLP 1.235"), ("CLP", "1234567", "CLP 1.234.567"), ("COP", "2500000", "COP 2.500.000,00"),
        ("PEN", "1234.56", "PEN 1,234.56"), ("UYU", "1234.56", "UYU 1.234,56"), ("USD", "0.5", "USD 0.50"),
        ("ARS", "0", "ARS 0,00"), ("ARS", "999.999", "ARS 1.000,00"), ("ARS", "152340.5", "ARS 152.340,50"),
        ("ARS", "-1234.56", "-ARS 1.234,56"), ("MXN", "-0.5", "-MXN 0.50"), ("CLP", "-1500", "-CLP 1.500"),
        ("CLP", "-0.4", "CLP 0"), ("BRL", "12345678901234567.89", "BRL 12.345.678.901.234.567,89"),
        ("ars", "1", "ARS 1,00"),
    ])
    func formatsPerCurrency(currency: String, value: String, expected: String) {
        #expect(Money.format(amount(value), currency: currency) == expected)
    }

    @Test func exactDecimalsNotBinaryFloatingPoint() {
        // 0.1 + 0.2 in Double is 0.30000000000000004; in Decimal it is 0.3.
        #expect(Money.format(amount("0.1") + amount("0.2"), currency: "ARS") == "ARS 0,30")
        // Half away from zero, on the decimal digits as written.
        #expect(Money.format(amount("2.005"), currency: "MXN") == "MXN 2.01")
        #expect(Money.format(amount("-2.005"), currency: "MXN") == "-MXN 2.01")
    }

    @Test func numberWithoutCodeAndSites() {
        #expect(Money.format(amount("8450.25"), currency: "ARS", code: false) == "8.450,25")
        #expect(Money.format(amount("8450.25"), currency: "", code: true) == "8,450.25")
        #expect(Money.currency(site: "MLA") == "ARS")
        #expect(Money.currency(site: "MLB") == "BRL")
        #expect(Money.currency(site: "MLC") == "CLP")
        #expect(Money.currency(site: nil) == nil)
    }
}

@Suite struct DisplayTimeZoneTests {
    @Test(arguments: [
        ("GMT-04", -4 * 3600, "GMT-04"), ("GMT-3", -3 * 3600, "GMT-03"), ("GMT-03:00", -3 * 3600, "GMT-03"),
        ("UTC+0530", 5 * 3600 + 1800, "GMT+05:30"), ("GMT", 0, "GMT"), ("gmt-05", -5 * 3600, "GMT-05"),
    ])
    func fixedOffsets(text: String, seconds: Int, label: String) {
        let zone = DisplayTimeZone(parsing: text)
        #expect(zone.resolved)
        #expect(zone.zone.secondsFromGMT() == seconds)
        #expect(zone.label == label)
    }

    @Test func defaultAndUnknown() {
        #expect(DisplayTimeZone(parsing: nil).label == "GMT-04")
        #expect(DisplayTimeZone(parsing: "").zone.secondsFromGMT() == -4 * 3600)
        let unknown = DisplayTimeZone(parsing: "Mars/Olympus")
        #expect(!unknown.resolved)
        #expect(unknown.zone.secondsFromGMT() == 0)
        #expect(unknown.label == "UTC (unknown zone \"Mars/Olympus\")")
        #expect(!DisplayTimeZone(parsing: "GMT-99").resolved)
    }

    @Test func regionNamesWhenTheSystemHasZoneData() throws {
        try #require(FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/America/Santiago"))
        let zone = DisplayTimeZone(parsing: "America/Santiago")
        #expect(zone.resolved && zone.label == "America/Santiago")
    }
}

@Suite struct LanguageChoiceTests {
    @Test func precedenceOptionEnvironmentConfigLocale() throws {
        let environment = ["GOLIVE_LANG": "pt-BR", "LANG": "es_AR.UTF-8"]
        #expect(try Language.choose(option: "en", environment: environment, configured: "es") == .english)
        #expect(try Language.choose(option: nil, environment: environment, configured: "es") == .portuguese)
        #expect(try Language.choose(option: nil, environment: ["LANG": "es_AR.UTF-8"], configured: "pt") == .portuguese)
        #expect(try Language.choose(option: nil, environment: ["LANG": "es_AR.UTF-8"]) == .spanish)
        #expect(try Language.choose(option: nil, environment: ["GOLIVE_LANG": "", "LANG": "pt_BR"]) == .portuguese)
        #expect(
            try Language.choose(option: nil, environment: ["LC_ALL": "C.UTF-8", "LANG": "es_AR.UTF-8"]) == .english)
        #expect(try Language.choose(option: nil, environment: [:]) == .english)
    }

    @Test func unknownLanguageIsAUsageError() {
        #expect(throws: GoLiveError.self) { try Language.choose(option: "fr", environment: [:]) }
        #expect(throws: GoLiveError.self) { try Language.choose(option: nil, environment: ["GOLIVE_LANG": "klingon"]) }
    }
}

/// The checks' English texts in Spanish and Portuguese (templates matched against what the core writes).
@Suite struct CheckTextTests {
    /// Every summary and action a fresh install shows comes out translated: the templates match the core's text.
    @Test(arguments: [Language.spanish, .portuguese])
    func awaitingEvidenceIsFullyTranslated(language: Language) {
        let now = Date(timeIntervalSince1970: 1_795_737_600)
        let sellers = [
            SellerSettings(name: "a"),
            SellerSettings(
                name: "b", webhookSecret: Secret("s3cr3t"), checkoutURL: URL(string: "http://shop.example.com/pay")),
            SellerSettings(name: "c", checkoutURL: URL(string: "https://shop.example.com/pay")),
        ]
        for seller in sellers {
            for id in AwaitingEvidence.checks + [CheckID("x.unknown")] {
                let result = AwaitingEvidence.result(for: id, seller: seller, at: now)
                for text in [result.summary] + result.actions {
                    let translated = CheckText.localize(text, to: language)
                    #expect(translated != text, "not translated: \(text)")
                }
            }
        }
    }

    @Test func valuesAreKeptAndReordered() {
        let english =
            "The public key is TEST- but the access token is APP_USR-: they come from different credential pairs."
        #expect(
            CheckText.localize(english, to: .spanish)
                == "La Public Key es TEST- pero el Access Token es APP_USR-: son de pares de credenciales distintos.")
        #expect(
            CheckText.localize("shop.example.com is served over valid HTTPS, with 2 warnings: a, b.", to: .portuguese)
                == "shop.example.com é servido por HTTPS válido, com 2 avisos: a, b.")
        #expect(
            CheckText.localize("1 problem on shop.example.com block go-live: cert.expired.", to: .spanish)
                == "1 problema en shop.example.com impide salir a producción: cert.expired.")
        #expect(
            CheckText.localize(
                "No receiver is running (the last notification arrived 3 days ago).", to: .spanish)
                == "No hay receptor en marcha (la última notificación llegó hace 3 días).")
    }

    @Test func sentenceBySentenceAndUnknownStaysEnglish() {
        let composite =
            "golive's estimate 68/100 (minimum 73) — payment 1320000. Mandatory but invisible to golive: device_id. "
            + "Something new the core says."
        #expect(
            CheckText.localize(composite, to: .spanish)
                == "Estimación de golive 68/100 (mínimo 73). Pago 1320000. Obligatorios que golive no puede ver: "
                + "device_id. Something new the core says.")
        #expect(CheckText.localize("A brand new sentence.", to: .portuguese) == "A brand new sentence.")
        #expect(CheckText.localize("No public key is configured.", to: .english) == "No public key is configured.")
        #expect(CheckText.localize("No public key is configured.", to: .portuguese) == "Não há Public Key configurada.")
    }
}

/// SSL finding messages (two sentences each) translate sentence by sentence.
@Suite struct SSLFindingTextTests {
    @Test func expiringCertificateAndHSTS() {
        #expect(
            CheckText.localize(
                "The certificate expires in 12 days (2026-12-08T00:00:00Z). Renew it now and check that automatic "
                    + "renewal works.", to: .spanish)
                == "El certificado vence en 12 días (2026-12-08T00:00:00Z). Renuévalo ahora y verifica que la "
                + "renovación automática funcione.")
        #expect(
            CheckText.localize(
                "The page sends no Strict-Transport-Security header. Send "
                    + "\"Strict-Transport-Security: max-age=31536000; includeSubDomains\".", to: .portuguese)
                == "A página não envia o cabeçalho Strict-Transport-Security. Envie "
                + "\"Strict-Transport-Security: max-age=31536000; includeSubDomains\".")
        #expect(
            CheckText.localize(
                "The certificate is self-signed: browsers and Mercado Pago's SDK will not trust it. Use a certificate "
                    + "from a public CA (e.g. Let's Encrypt).", to: .spanish
            ).hasPrefix("El certificado es autofirmado"))
    }
}

/// The quality rubric's fixes, with the `id (+points): ` prefix the quality check's actions carry.
@Suite struct QualityTextTests {
    @Test func everyRubricFixIsTranslated() {
        let rubric = QualityRubric.standard
        for criterion in rubric.criteria {
            for language in [Language.spanish, .portuguese] {
                #expect(CheckText.localize(criterion.fix, to: language) != criterion.fix, "\(criterion.id)")
            }
        }
    }

    @Test func actionWithPrefixAndTwoSentences() {
        #expect(
            CheckText.localize(
                "payer.identification (+6): Not sent: payer.identification is empty. Send payer.identification (type "
                    + "and number, e.g. DNI/CPF).", to: .spanish)
                == "payer.identification (+6): no se envía: payer.identification está vacío. Envía "
                + "payer.identification (tipo y número, por ejemplo DNI/CPF).")
    }
}
