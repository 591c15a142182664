import Foundation

/// The walkthrough's words (issue 9): why each requirement matters, where to fix it in Mercado Pago's developer
/// panel, the actions on each step and their outcomes.
extension UIText {
    public var whyHeading: String { t("Why it matters", "Por qué importa", "Por que importa") }
    public var fixHeading: String { t("How to fix it", "Cómo corregirlo", "Como corrigir") }

    public func stepWhy(_ step: WalkthroughStep) -> String {
        switch step.id {
        case "credentials":
            t(
                "With test credentials no real money moves: every payment of the live shop would be lost.",
                "Con credenciales de prueba no se mueve dinero real: se perderían todos los pagos de la tienda.",
                "Com credenciais de teste nenhum dinheiro real é movimentado: todos os pagamentos da loja seriam "
                    + "perdidos.")
        case "ssl":
            t(
                "Card data is only safe over valid HTTPS; browsers and Mercado Pago refuse it otherwise.",
                "Los datos de tarjeta solo están seguros con HTTPS válido; si no, los navegadores y Mercado Pago "
                    + "los rechazan.",
                "Os dados do cartão só ficam seguros com HTTPS válido; do contrário, navegadores e o Mercado Pago "
                    + "os recusam.")
        case "notifications":
            t(
                "Without notifications orders stay pending after the payment is approved or refunded.",
                "Sin notificaciones los pedidos quedan pendientes aunque el pago se apruebe o se devuelva.",
                "Sem notificações os pedidos ficam pendentes mesmo com o pagamento aprovado ou estornado.")
        case "approval":
            t(
                "Mercado Pago's fraud prevention approves more payments when it knows who buys what.",
                "La prevención de fraude de Mercado Pago aprueba más pagos cuando sabe quién compra qué.",
                "A prevenção de fraude do Mercado Pago aprova mais pagamentos quando sabe quem compra o quê.")
        case "quality":
            t(
                "Mercado Pago asks for a score of at least 73 before the integration is considered done.",
                "Mercado Pago pide un puntaje de al menos 73 para dar la integración por terminada.",
                "O Mercado Pago pede pontuação de pelo menos 73 para considerar a integração concluída.")
        case "reports":
            t(
                "Reports tell what money was released and what fees were charged: the books depend on them.",
                "Los reportes dicen qué dinero se liberó y qué comisiones se cobraron: la contabilidad depende "
                    + "de ellos.",
                "Os relatórios mostram o dinheiro liberado e as tarifas cobradas: a contabilidade depende deles.")
        default:
            t(
                "Export the go-live report and attach it to the ticket: golive walkthrough --export FILE.md",
                "Exporta el informe y adjúntalo al ticket: golive walkthrough --export ARCHIVO.md",
                "Exporte o relatório e anexe ao chamado: golive walkthrough --export ARQUIVO.md")
        }
    }

    /// Where to fix it: the developer panel's path and the field to send.
    public func stepFix(_ step: WalkthroughStep) -> String {
        switch step.id {
        case "credentials":
            t(
                "Your integrations > your app > Production credentials: activate them, then set MP_ACCESS_TOKEN "
                    + "(APP_USR-…) and MP_PUBLIC_KEY from the same app.",
                "Tus integraciones > tu aplicación > Credenciales de producción: actívalas y usa MP_ACCESS_TOKEN "
                    + "(APP_USR-…) y MP_PUBLIC_KEY de la misma aplicación.",
                "Suas integrações > sua aplicação > Credenciais de produção: ative-as e use MP_ACCESS_TOKEN "
                    + "(APP_USR-…) e MP_PUBLIC_KEY da mesma aplicação.")
        case "ssl":
            t(
                "Serve the checkout page with a certificate from a trusted CA (full chain, TLS 1.2+), and set "
                    + "checkout_url to it.",
                "Sirve la página de pago con un certificado de una CA confiable (cadena completa, TLS 1.2+) e "
                    + "indica su checkout_url.",
                "Sirva a página de pagamento com certificado de uma CA confiável (cadeia completa, TLS 1.2+) e "
                    + "informe o checkout_url.")
        case "notifications":
            t(
                "Your integrations > your app > Webhooks > Configure notifications: URL of golive serve, event "
                    + "Payments; copy the secret signature to MP_WEBHOOK_SECRET.",
                "Tus integraciones > tu aplicación > Webhooks > Configurar notificaciones: URL de golive serve, "
                    + "evento Pagos; copia la clave secreta a MP_WEBHOOK_SECRET.",
                "Suas integrações > sua aplicação > Webhooks > Configurar notificações: URL do golive serve, "
                    + "evento Pagamentos; copie a assinatura secreta para MP_WEBHOOK_SECRET.")
        case "approval":
            t(
                "Send with each payment: additional_info.items (id, title, category_id, quantity, unit_price), "
                    + "payer (first_name, last_name, email) and shipments.",
                "Envía con cada pago: additional_info.items (id, title, category_id, quantity, unit_price), "
                    + "payer (first_name, last_name, email) y shipments.",
                "Envie em cada pagamento: additional_info.items (id, title, category_id, quantity, unit_price), "
                    + "payer (first_name, last_name, email) e shipments.")
        case "quality":
            t(
                "Your integrations > your app > Quality measurement, with a production payment ID (or: golive "
                    + "quality PAYMENT_ID).",
                "Tus integraciones > tu aplicación > Medición de calidad, con el ID de un pago de producción (o: "
                    + "golive quality ID_DE_PAGO).",
                "Suas integrações > sua aplicação > Medição de qualidade, com o ID de um pagamento de produção (ou: "
                    + "golive quality ID_DO_PAGAMENTO).")
        case "reports":
            t(
                "Your account > Reports > Releases and Settlement, or golive report fetch --type release (and "
                    + "settlement): it creates the configuration with Mercado Pago's defaults.",
                "Tu cuenta > Reportes > Liberaciones y Conciliación, o golive report fetch --type release (y "
                    + "settlement): crea la configuración con los valores de Mercado Pago.",
                "Sua conta > Relatórios > Liberações e Conciliação, ou golive report fetch --type release (e "
                    + "settlement): cria a configuração com os padrões do Mercado Pago.")
        default:
            t(
                "Go back with p to each step marked above.", "Vuelve con p a cada paso marcado arriba.",
                "Volte com p a cada passo marcado acima.")
        }
    }

    public var summaryReady: String {
        t(
            "Ready: every requirement passes.", "Lista: todos los requisitos se cumplen.",
            "Pronta: todos os requisitos são atendidos.")
    }
    public func summaryOpen(_ count: Int) -> String {
        count == 1
            ? t("1 requirement still open.", "Falta 1 requisito.", "Falta 1 requisito.")
            : t("\(count) requirements still open.", "Faltan \(count) requisitos.", "Faltam \(count) requisitos.")
    }
    public var signedOffLabel: String { t("signed off", "firmado", "assinado") }
    public func signedOff(by name: String, at date: String) -> String {
        t("Signed off by \(name) on \(date).", "Firmado por \(name) el \(date).", "Assinado por \(name) em \(date).")
    }

    // MARK: walkthrough actions

    public var actionsHeading: String { t("On this step", "En este paso", "Neste passo") }
    public var paymentIDPrompt: String {
        t("Production payment ID: ", "ID del pago de producción: ", "ID do pagamento de produção: ")
    }
    public var signOffPrompt: String {
        t("Signed off by (your name): ", "Firmado por (tu nombre): ", "Assinado por (seu nome): ")
    }
    public var inputHint: String {
        t("Enter confirms, Esc cancels", "Enter confirma, Esc cancela", "Enter confirma, Esc cancela")
    }
    public var confirmReportsPrompt: String {
        t(
            "Create the release and settlement report configurations with Mercado Pago's defaults? y/n",
            "¿Crear las configuraciones de reportes de liberaciones y conciliación con los valores de Mercado Pago? s/n",
            "Criar as configurações dos relatórios de liberações e conciliação com os padrões do Mercado Pago? s/n")
    }
    public var inputEmpty: String { t("Type something first.", "Escribe algo primero.", "Digite algo primeiro.") }
    public func measuringPayment(_ id: String) -> String {
        t("Measuring payment \(id)…", "Midiendo el pago \(id)…", "Medindo o pagamento \(id)…")
    }
    public func measured(_ id: String, score: Int, passed: Bool) -> String {
        passed
            ? t(
                "Payment \(id): score \(score)/100, passes.", "Pago \(id): puntaje \(score)/100, aprobado.",
                "Pagamento \(id): pontuação \(score)/100, aprovado.")
            : t(
                "Payment \(id): score \(score)/100, does not pass yet.",
                "Pago \(id): puntaje \(score)/100, todavía no aprueba.",
                "Pagamento \(id): pontuação \(score)/100, ainda não aprovado.")
    }
    public func actionFailed(_ reason: String) -> String {
        t("Failed: \(reason)", "Falló: \(reason)", "Falhou: \(reason)")
    }
    public var testNotificationStarted: String {
        t("Sending a test notification…", "Enviando una notificación de prueba…", "Enviando uma notificação de teste…")
    }
    public func testNotificationSent(_ paymentID: String, status: Int) -> String {
        t(
            "Sandbox sent a signed notification for payment \(paymentID) (HTTP \(status)).",
            "El Sandbox envió una notificación firmada del pago \(paymentID) (HTTP \(status)).",
            "O Sandbox enviou uma notificação assinada do pagamento \(paymentID) (HTTP \(status)).")
    }
    /// `Waiting for a notification… 1:05` (elapsed, minutes:seconds).
    public func waitingForNotification(_ seconds: Int) -> String {
        let elapsed = "\(seconds / 60):" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)"
        return t(
            "Waiting for a notification… \(elapsed)", "Esperando una notificación… \(elapsed)",
            "Aguardando uma notificação… \(elapsed)")
    }
    /// How to make Mercado Pago send one, outside the demo.
    public var howToSimulateNotification: String {
        t(
            "Send one from the Mercado Pago developer panel: Your integrations → your application → Webhooks → "
                + "Simulate. It goes to the URL saved there, which must reach golive serve at …/webhooks/mercadopago "
                + "(or make a real payment).",
            "Envía una desde el panel de desarrolladores de Mercado Pago: Tus integraciones → tu aplicación → "
                + "Webhooks → Simular. Va a la URL guardada allí, que debe llegar a golive serve en "
                + "…/webhooks/mercadopago (o haz un pago real).",
            "Envie uma pelo painel de desenvolvedores do Mercado Pago: Suas integrações → sua aplicação → "
                + "Webhooks → Simular. Ela vai para a URL salva ali, que deve chegar ao golive serve em "
                + "…/webhooks/mercadopago (ou faça um pagamento real).")
    }
    /// `Arrived 14:02:07: payment.created 12345`.
    public func notificationArrived(_ time: String, _ what: String) -> String {
        t("Arrived \(time): \(what)", "Llegó \(time): \(what)", "Chegou \(time): \(what)")
    }
    /// The arrived notification's signature: verified with which secret, or why not.
    public func arrivedSignature(_ signature: String, variant: String?, seller: String) -> String {
        let how = variant.map { " (\($0))" } ?? ""
        switch signature {
        case "valid":
            return t(
                "Signature valid: verified with seller \(seller)'s webhook secret\(how).",
                "Firma válida: verificada con la clave secreta de webhooks del vendedor \(seller)\(how).",
                "Assinatura válida: verificada com a chave secreta de webhooks do vendedor \(seller)\(how).")
        case "unsigned":
            return t(
                "Unsigned (an IPN cannot be signed): its resource is fetched from the API.",
                "Sin firma (un IPN no se puede firmar): su recurso se consulta en la API.",
                "Sem assinatura (um IPN não pode ser assinado): o recurso é consultado na API.")
        default:
            return t(
                "Not verified: no webhook secret is configured (MP_WEBHOOK_SECRET).",
                "Sin verificar: no hay clave secreta de webhooks configurada (MP_WEBHOOK_SECRET).",
                "Não verificada: nenhuma chave secreta de webhooks configurada (MP_WEBHOOK_SECRET).")
        }
    }
    public var waitingForRealNotification: String {
        t(
            "Waiting for a real notification: make a payment or use Simulate in Webhooks.",
            "Esperando una notificación real: haz un pago o usa Simular en Webhooks.",
            "Aguardando uma notificação real: faça um pagamento ou use Simular em Webhooks.")
    }
    public var creatingReportConfiguration: String {
        t(
            "Creating the report configuration…", "Creando la configuración de reportes…",
            "Criando a configuração de relatórios…")
    }
    public func reportConfigurationDone(created: [String]) -> String {
        created.isEmpty
            ? t(
                "Both report configurations already exist.", "Las dos configuraciones de reportes ya existen.",
                "As duas configurações de relatórios já existem.")
            : t(
                "Created: \(created.joined(separator: ", ")).", "Creada: \(created.joined(separator: ", ")).",
                "Criada: \(created.joined(separator: ", ")).")
    }
    public func signedOffMessage(_ step: String, by name: String) -> String {
        t("\(step) signed off by \(name).", "\(step): firmado por \(name).", "\(step): assinado por \(name).")
    }
    public var lastNotificationHeading: String {
        t("Last notification", "Última notificación", "Última notificação")
    }
    public func resumedWalkthrough(_ number: Int, _ title: String) -> String {
        t(
            "Resumed where you left off: step \(number), \(title).",
            "Retomado donde lo dejaste: paso \(number), \(title).",
            "Retomado de onde você parou: passo \(number), \(title).")
    }
}
