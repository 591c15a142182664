import Foundation
public import GoLiveCore

/// The panes' own words (see ``UIText`` for how to use the catalog). Check summaries, remedies and findings come
/// from the core's `CheckResult` and are still English.
extension UIText {
    // MARK: shared

    /// What to do to get results: a key when the dashboard may run checks, the command otherwise.
    public func runHint(readOnly: Bool) -> String {
        readOnly
            ? t(
                "run `golive check` (or `golive serve`)", "ejecute `golive check` (o `golive serve`)",
                "execute `golive check` (ou `golive serve`)")
            : t(
                "press r to run the checks now", "presiona r para verificar ahora",
                "pressione r para verificar agora")
    }

    /// A check's summary or action (written in English by the core) in this language, when ``CheckText`` knows
    /// its template; otherwise the English text.
    public func check(_ english: String) -> String { CheckText.localize(english, to: language) }

    public var notSet: String { t("not set", "sin definir", "não definida") }
    public var yes: String { t("yes", "sí", "sim") }
    public var no: String { t("no", "no", "não") }

    // MARK: credentials

    public var environmentNotKnown: String {
        t("environment not known yet", "entorno todavía desconocido", "ambiente ainda desconhecido")
    }
    public func user(_ id: Int64) -> String { t("user \(id)", "usuario \(id)", "usuário \(id)") }
    public func account(_ hint: String) -> String { t("account: \(hint)", "cuenta: \(hint)", "conta: \(hint)") }
    public var tokenLabel: String { "token " }
    public var keyLabel: String { t("  key ", "  clave ", "  chave ") }
    public func noCredentialCheck(_ hint: String) -> String {
        t(
            "No credential check stored yet: \(hint).", "Todavía no hay verificación de credenciales: \(hint).",
            "Ainda não há verificação de credenciais: \(hint).")
    }
    /// The short label of a check in a pane's list (padded to 11 columns).
    public func checkLabel(_ id: CheckID) -> String {
        switch id {
        case .credentialsAccessToken: "token"
        case .credentialsProduction: t("production", "producción", "produção")
        case .credentialsPair: t("pair", "par", "par")
        case .sslCheckoutPage: t("status", "estado", "status")
        case .qualityScore: t("score", "puntaje", "pontuação")
        case .approvalData: t("approval", "aprobación", "aprovação")
        case .reportsConfigured: t("reports", "reportes", "relatórios")
        default: id.rawValue
        }
    }

    /// A check's title: the core's English title, or its translation by check id.
    public func checkTitle(_ result: CheckResult) -> String {
        guard !isEnglish else { return result.title }
        switch result.id {
        case .credentialsAccessToken: return t("", "Access Token aceptado", "Access Token aceito")
        case .credentialsProduction:
            return t("", "Credenciales de producción de una cuenta real", "Credenciais de produção de uma conta real")
        case .credentialsPair:
            return t(
                "", "La Public Key y el Access Token son del mismo par", "A Public Key e o Access Token formam um par")
        case .sslCheckoutPage:
            return t("", "Página de pago servida por HTTPS válido", "Página de pagamento servida por HTTPS válido")
        case .notificationsReceiving: return t("", "Llegan notificaciones", "Notificações chegando")
        case .notificationsSignature:
            return t("", "Firmas de Webhooks verificadas", "Assinaturas de Webhooks verificadas")
        case .qualityScore: return t("", "Calidad de la integración ≥ 73", "Qualidade da integração ≥ 73")
        case .approvalData:
            return t("", "Los pagos envían datos para la aprobación", "Os pagamentos enviam dados para aprovação")
        case .reportsConfigured:
            return t(
                "", "Reportes de liberaciones y de conciliación configurados",
                "Relatórios de liberações e de conciliação configurados")
        default: return result.title
        }
    }

    // MARK: SSL

    public var checkoutPage: String { t("Checkout page", "Pág. de pago", "Pág. checkout") }
    public var checkoutNotConfigured: String {
        t(
            "not configured (GOLIVE_CHECKOUT_URL)", "sin configurar (GOLIVE_CHECKOUT_URL)",
            "não configurada (GOLIVE_CHECKOUT_URL)")
    }
    public func noSSLCheck(_ hint: String) -> String {
        t(
            "No SSL check stored yet: \(hint).", "Todavía no hay verificación de SSL: \(hint).",
            "Ainda não há verificação de SSL: \(hint).")
    }
    public var daysLeft: String { t("Days left", "Vence en", "Vence em") }
    public func days(_ count: Int64) -> String {
        t("\(count)", count == 1 ? "1 día" : "\(count) días", count == 1 ? "1 dia" : "\(count) dias")
    }
    public var validUntil: String { t("Valid until", "Válido hasta", "Válido até") }
    public var findings: String { t("Findings", "Hallazgos", "Achados") }

    // MARK: quality

    public func score(_ score: Int) -> String {
        t("Score \(score)/100 ", "Puntaje \(score)/100 ", "Pontuação \(score)/100 ")
    }
    public func minimum(_ threshold: Int) -> String { t(" min \(threshold)", " mín \(threshold)", " mín \(threshold)") }
    public var topMissingActions: String {
        t("Top missing actions", "Acciones faltantes principales", "Principais ações faltantes")
    }
    public var whatToDo: String { t("What to do", "Qué hacer", "O que fazer") }
    public var history: String { t("History  ", "Historial  ", "Histórico  ") }
    public func noQualityCheck(_ hint: String) -> String {
        t(
            "No quality check stored yet: \(hint).", "Todavía no hay medición de calidad: \(hint).",
            "Ainda não há medição de qualidade: \(hint).")
    }
    public var gaps: String { t("  gaps  ", "  faltan  ", "  faltam  ") }

    // MARK: notifications

    public var filterEditingHint: String {
        t("  Enter apply · Esc leave", "  Enter aplica · Esc sale", "  Enter aplica · Esc sai")
    }
    public var filterClearHint: String { t("  Esc clears", "  Esc borra", "  Esc limpa") }
    public var loadingNotifications: String {
        t("loading notifications", "cargando notificaciones", "carregando notificações")
    }
    public func notificationsUnreadable(_ message: String) -> String {
        t(
            "Could not read notifications: \(message)", "No se pudieron leer las notificaciones: \(message)",
            "Não foi possível ler as notificações: \(message)")
    }
    public func noNotificationYet(_ seller: String) -> String {
        t(
            "No notification received yet for \(seller).", "Todavía no llegó ninguna notificación para \(seller).",
            "Ainda não chegou nenhuma notificação para \(seller).")
    }
    public var webhookHowTo: String {
        t(
            "Run `golive serve` and set your application's webhook URL in Mercado Pago to "
                + "https://YOUR-HOST/webhooks/mercadopago.",
            "Ejecuta `golive serve` y configura en Mercado Pago la URL de Webhooks de tu aplicación como "
                + "https://TU-HOST/webhooks/mercadopago.",
            "Execute `golive serve` e configure no Mercado Pago a URL de Webhooks da sua aplicação como "
                + "https://SEU-HOST/webhooks/mercadopago.")
    }
    public func noMatch(_ filter: String) -> String {
        t(
            "no notification matches \"\(filter)\"", "ninguna notificación coincide con \"\(filter)\"",
            "nenhuma notificação corresponde a \"\(filter)\"")
    }
    /// The feed's column titles: time, event, resource, signature, processing.
    public var feedColumns: [String] {
        [
            t("time", "hora", "hora"), t("event", "evento", "evento"), t("resource", "recurso", "recurso"),
            t("signature", "firma", "assinatura"), t("processing", "proceso", "situação"),
        ]
    }
    /// A notification's signature state (`valid`, `unsigned`, `not_configured`), short.
    public func signature(_ value: String) -> String {
        switch value {
        case "valid": t("valid", "válida", "válida")
        case "unsigned": t("unsigned", "sin firma", "ausente")
        case "not_configured": t("no secret", "sin clave", "sem chave")
        default: value
        }
    }
    /// The processing state of a notification, or the fetched resource's status (`approved`…).
    public func processing(_ value: String) -> String {
        switch value {
        case "pending": t("pending", "pendiente", "pendente")
        case "done": t("done", "hecho", "feito")
        case "failed": t("failed", "falló", "falhou")
        case "approved": t("approved", "aprobado", "aprovado")
        case "rejected": t("rejected", "rechazado", "recusado")
        case "in_process": t("in_process", "en proceso", "em análise")
        case "authorized": t("authorized", "autorizado", "autorizado")
        case "cancelled": t("cancelled", "cancelado", "cancelado")
        case "refunded": t("refunded", "devuelto", "reembolsado")
        case "charged_back": t("charged_back", "contracargo", "estornado")
        case "opened": t("opened", "abierta", "aberta")
        case "closed": t("closed", "cerrada", "fechada")
        case "expired": t("expired", "vencida", "expirada")
        default: value
        }
    }
    public var duplicateShort: String { " dup" }

    // MARK: notification detail

    public var detailNotification: String { t("Notification", "Notificación", "Notificação") }
    public var detailSequence: String { t("Sequence", "Secuencia", "Sequência") }
    public var detailReceived: String { t("Received", "Recibida", "Recebida") }
    public var detailKind: String { t("Kind", "Tipo", "Tipo") }
    public var detailTopic: String { t("Topic", "Tópico", "Tópico") }
    public var detailAction: String { t("Action", "Acción", "Ação") }
    public var detailResource: String { t("Resource", "Recurso", "Recurso") }
    public var detailLiveMode: String { t("Live mode", "Modo real", "Modo real") }
    public var detailSignature: String { t("Signature", "Firma", "Assinatura") }
    public var detailDuplicate: String { t("Duplicate", "Duplicada", "Duplicada") }
    public var duplicateYes: String {
        t("yes: a second delivery of this id", "sí: segunda entrega de este id", "sim: segunda entrega deste id")
    }
    public var detailProcessing: String { t("Processing", "Proceso", "Processamento") }
    public func resourceStatus(_ status: String) -> String {
        t(", resource \(status)", ", recurso \(processing(status))", ", recurso \(processing(status))")
    }
    /// The fetched-resource summary of the notification detail (built by the feed source).
    public func orderReference(_ reference: String) -> String {
        t("order \(reference)", "pedido \(reference)", "pedido \(reference)")
    }
    public func lastError(attempts: Int, _ error: String) -> String {
        t(
            "last error after \(attempts) attempt(s): \(error)", "último error tras \(attempts) intento(s): \(error)",
            "último erro após \(attempts) tentativa(s): \(error)")
    }
    public func nextAttempt(_ time: String) -> String {
        t("next attempt at \(time)", "próximo intento: \(time)", "próxima tentativa: \(time)")
    }
    public var headers: String { t("Headers", "Encabezados", "Cabeçalhos") }
    public var noneRecorded: String { t("  none recorded", "  no se registraron", "  nenhum registrado") }
    public var body: String { t("Body", "Cuerpo", "Corpo") }
    public var fetchedResource: String { t("Fetched resource", "Recurso consultado", "Recurso consultado") }
    public var notFetchedYet: String { t("not fetched yet", "todavía no consultado", "ainda não consultado") }

    // MARK: balances

    public var loadingBalances: String { t("loading balances", "cargando saldos", "carregando saldos") }
    public func balancesUnreadable(_ message: String) -> String {
        t(
            "Could not read balances: \(message)", "No se pudieron leer los saldos: \(message)",
            "Não foi possível ler os saldos: \(message)")
    }
    public var available: String { t("Available", "Disponible", "Disponível") }
    public var held: String { t("Held", "Retenido", "Retido") }
    public var toRelease: String { t("To release", "A liberar", "A liberar") }
    public var nothingPending: String { t("nothing pending", "nada pendiente", "nada pendente") }
    public func payments(_ count: Int) -> String {
        count == 1
            ? t("(1 payment)", "(1 pago)", "(1 pagamento)")
            : t("(\(count) payments)", "(\(count) pagos)", "(\(count) pagamentos)")
    }
    /// Why the API's answer is missing, short: `API unreachable`, `API HTTP 503`.
    public func apiProblem(_ stale: BalanceSummary.StaleReleases) -> String {
        switch stale.kind {
        case "unreachable": return t("API unreachable", "API inalcanzable", "API inacessível")
        case "timeout": return t("API timed out", "API sin respuesta", "API sem resposta")
        default:
            if let status = stale.httpStatus { return "API HTTP \(status)" }
            return t("API error", "error de la API", "erro da API")
        }
    }
    /// `Not updated: API unreachable` (the values above it are the last ones known).
    public func notUpdated(_ reason: String) -> String {
        t("Not updated: \(reason)", "Sin actualizar: \(reason)", "Não atualizado: \(reason)")
    }
    /// ``payments(_:)`` abbreviated as each language does, for a narrow balances pane.
    public func paymentsShort(_ count: Int) -> String {
        count == 1
            ? t("(1 pmt)", "(1 pago)", "(1 pgto)")
            : t("(\(count) pmts)", "(\(count) pagos)", "(\(count) pgtos)")
    }
    public var notKnownToSource: String {
        t("not known to this source", "esta fuente no lo informa", "esta fonte não informa")
    }
    public var lastReport: String { t("Last report", "Últ. reporte", "Relatório") }
    /// `release` / `settlement`.
    public func reportKind(_ kind: String) -> String {
        switch kind {
        case "release": t("release", "liberaciones", "liberações")
        case "settlement": t("settlement", "conciliación", "conciliação")
        default: kind
        }
    }
    public func fetchedAgo(_ ago: String) -> String { t("fetched \(ago)", "descargado \(ago)", "baixado \(ago)") }
    public var reportUpTo: String { t("Covers up to", "Cubre hasta", "Cobre até") }

    // MARK: walkthrough

    public func stepTitle(_ step: WalkthroughStep) -> String {
        switch step.id {
        case "credentials": t("Production credentials", "Credenciales de producción", "Credenciais de produção")
        case "ssl": t("SSL certificate", "Certificado SSL", "Certificado SSL")
        case "quality": t("Quality measurement", "Calidad de la integración", "Qualidade da integração")
        case "approval": t("Payment approval", "Aprobación de pagos", "Aprovação de pagamentos")
        case "notifications": t("Notifications", "Notificaciones", "Notificações")
        case "reports": t("Reports", "Reportes", "Relatórios")
        case "summary": t("Summary", "Resumen", "Resumo")
        default: step.title
        }
    }

    public func stepAbout(_ step: WalkthroughStep) -> String {
        switch step.id {
        case "credentials":
            t(
                step.about,
                "La Public Key y el Access Token en uso son de producción, están activados, pertenecen a una cuenta "
                    + "real y son del mismo par.",
                "A Public Key e o Access Token em uso são de produção, estão ativados, pertencem a uma conta real e "
                    + "formam um par.")
        case "ssl":
            t(
                step.about, "La página con el formulario de pago se sirve por HTTPS válido.",
                "A página com o formulário de pagamento é servida por HTTPS válido.")
        case "quality":
            t(
                step.about,
                "La integración cumple los criterios de calidad de Mercado Pago: un puntaje de al menos 73, medido "
                    + "sobre un pago de producción.",
                "A integração atende aos critérios de qualidade do Mercado Pago: pontuação de pelo menos 73, medida "
                    + "em um pagamento de produção.")
        case "approval":
            t(
                step.about,
                "Los pagos se envían con datos del ítem, del comprador, del envío y de la industria, así se "
                    + "rechazan menos.",
                "Os pagamentos são enviados com dados do item, do comprador, do envio e do setor, para que menos "
                    + "sejam recusados.")
        case "notifications":
            t(
                step.about,
                "Los Webhooks llegan al receptor, sus firmas se validan y los pedidos se mantienen al día.",
                "Os Webhooks chegam ao receptor, as assinaturas são validadas e os pedidos ficam em dia.")
        case "reports":
            t(
                step.about,
                "Los reportes de liberaciones y de conciliación están configurados, descargados y conciliados.",
                "Os relatórios de liberações e de conciliação estão configurados, baixados e conciliados.")
        case "summary":
            t(
                step.about, "Todos los requisitos de un vistazo: lista cuando cada uno pasa.",
                "Todos os requisitos de relance: pronta quando cada um passa.")
        default: step.about
        }
    }

    public func stepOf(_ number: Int, _ count: Int) -> String {
        t("Step \(number) of \(count)", "Paso \(number) de \(count)", "Passo \(number) de \(count)")
    }
    public func notCheckedYet(_ hint: String) -> String {
        t("Not checked yet: \(hint).", "Todavía sin verificar: \(hint).", "Ainda não verificado: \(hint).")
    }
    public func nextStepHint(_ number: Int, _ title: String) -> String {
        t(
            "n or → for step \(number): \(title)", "n o → para el paso \(number): \(title)",
            "n ou → para o passo \(number): \(title)")
    }
    public var lastStepDone: String { t("Last step done.", "Último paso completo.", "Último passo concluído.") }
    public var lastStepFix: String {
        t(
            "Last step: fix what is marked above.", "Último paso: corrige lo marcado arriba.",
            "Último passo: corrija o que está marcado acima.")
    }
}
