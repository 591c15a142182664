import Foundation

/// Spanish and Portuguese for the texts the checks produce (`CheckResult.summary` and `actions`), which the core
/// writes — and the store keeps — in English.
///
/// Each entry is the English template as a check source writes it, with `{1}`, `{2}`… where it interpolates a
/// value, and the es/pt text using the same numbers (in any order). ``localize(_:to:)`` matches the whole text,
/// then sentence by sentence (the quality check appends sentences); what no template matches stays English — so a
/// check whose wording changes degrades to English, never to a wrong translation. Values are kept as they are
/// (ids, URLs, error reasons), except a few unit words (`3 days`).
///
/// Spanish as Mercado Pago writes it for Latin America (tú: "Tus integraciones > (tu aplicación)"), Portuguese
/// as in Brazil ("Suas integrações > (sua aplicação)").
public enum CheckText {
    /// The text in `language`; English text unchanged when no template matches.
    public static func localize(_ text: String, to language: Language) -> String {
        guard language != .english, !text.isEmpty else { return text }
        // The dashboard asks for the same few texts every frame: remember the answers.
        if let known = cache.value(for: text, language) { return known }
        let translated = translate(text, language)
        cache.store(translated, for: text, language)
        return translated
    }

    static let cache = Cache()

    /// A bounded memo (cleared when full), safe from any thread.
    final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String: String] = [:]
        static let limit = 4_096

        func value(for text: String, _ language: Language) -> String? {
            lock.withLock { entries[language.rawValue + "\u{0}" + text] }
        }

        func store(_ translated: String, for text: String, _ language: Language) {
            lock.withLock {
                if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }
                entries[language.rawValue + "\u{0}" + text] = translated
            }
        }
    }

    static func translate(_ text: String, _ language: Language) -> String {
        if let whole = match(text, language) { return whole }
        // Sentence by sentence: "… — payment 123. Mandatory but invisible to golive: device_id."
        let sentences = split(text)
        guard sentences.count > 1 else { return text }
        return sentences.map { match($0, language) ?? $0 }.joined(separator: " ")
    }

    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            // "e.g. DNI" is not a sentence end.
            if character == " ", previous == ".", !current.isEmpty, !current.hasSuffix("e.g."),
                !current.hasSuffix("i.e.")
            {
                sentences.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    struct Entry: Sendable {
        let literalPrefix: String
        let regex: NSRegularExpression
        let spanish: String
        let portuguese: String
    }

    static func match(_ text: String, _ language: Language) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        for entry in entries where text.hasPrefix(entry.literalPrefix) {
            guard let found = entry.regex.firstMatch(in: text, range: range) else { continue }
            var output = language == .spanish ? entry.spanish : entry.portuguese
            for index in stride(from: found.numberOfRanges - 1, through: 1, by: -1) {
                guard let captured = Range(found.range(at: index), in: text) else { continue }
                output = output.replacingOccurrences(
                    of: "{\(index)}", with: value(String(text[captured]), language))
            }
            return output
        }
        return nil
    }

    /// Unit words inside values: `3 days` → `3 días`/`3 dias`.
    static func value(_ text: String, _ language: Language) -> String {
        guard text.hasSuffix(" days"), Int(text.dropLast(5)) != nil else { return text }
        return text.dropLast(5) + (language == .spanish ? " días" : " dias")
    }

    static let entries: [Entry] = (templates + sslTemplates + qualityTemplates + issue11Templates).map {
        english, spanish, portuguese in
        var pattern = "^"
        var literalPrefix: String?
        var rest = Substring(english)
        while let open = rest.range(of: "{"), let close = rest[open.upperBound...].range(of: "}"),
            Int(rest[open.upperBound..<close.lowerBound]) != nil
        {
            let literal = String(rest[..<open.lowerBound])
            if literalPrefix == nil { literalPrefix = literal }
            // A value never spans a sentence end (". "), so a template cannot swallow the sentences after it.
            pattern += NSRegularExpression.escapedPattern(for: literal) + #"((?:(?!\. ).)+?)"#
            rest = rest[close.upperBound...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        return Entry(
            literalPrefix: literalPrefix ?? english,
            regex: try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
            spanish: spanish, portuguese: portuguese)
    }

    static let credentialsPanel = "Your integrations > (your app) > Production credentials"
    static let credentialsES = "Tus integraciones > (tu aplicación) > Credenciales de producción"
    static let credentialsPT = "Suas integrações > (sua aplicação) > Credenciais de produção"
    static let webhooksPanel = "Your integrations > (your app) > Webhooks"
    static let webhooksES = "Tus integraciones > (tu aplicación) > Webhooks"
    static let webhooksPT = "Suas integrações > (sua aplicação) > Webhooks"

    /// (English template, Spanish, Portuguese).
    static let templates: [(String, String, String)] = [
        // Awaiting evidence (a fresh install)
        (
            "No checkout URL is configured, so the payment page cannot be checked.",
            "No hay URL de checkout configurada, así que no se puede verificar la página de pago.",
            "Não há URL de checkout configurada, então a página de pagamento não pode ser verificada."
        ),
        (
            "Set GOLIVE_CHECKOUT_URL (or checkout_url in the config, or --checkout-url) to the page that shows the "
                + "payment form.",
            "Define GOLIVE_CHECKOUT_URL (o checkout_url en la configuración, o --checkout-url) con la página que "
                + "muestra el formulario de pago.",
            "Defina GOLIVE_CHECKOUT_URL (ou checkout_url na configuração, ou --checkout-url) com a página que mostra "
                + "o formulário de pagamento."
        ),
        (
            "No TLS inspection of {1} is stored yet.", "Todavía no hay inspección TLS guardada de {1}.",
            "Ainda não há inspeção TLS guardada de {1}."
        ),
        (
            "This version of golive does not inspect TLS; check the certificate with your usual tool.",
            "Esta versión de golive no inspecciona TLS; revisa el certificado con tu herramienta habitual.",
            "Esta versão do golive não inspeciona TLS; verifique o certificado com sua ferramenta habitual."
        ),
        (
            "The checkout URL is not https:// — the payment form must be served over HTTPS.",
            "La URL de checkout no es https://: el formulario de pago debe servirse por HTTPS.",
            "A URL de checkout não é https://: o formulário de pagamento deve ser servido por HTTPS."
        ),
        (
            "Serve the payment page over HTTPS with a valid certificate, redirect http:// to https://, and set the "
                + "https:// URL in GOLIVE_CHECKOUT_URL.",
            "Sirve la página de pago por HTTPS con un certificado válido, redirige http:// a https:// y define la "
                + "URL https:// en GOLIVE_CHECKOUT_URL.",
            "Sirva a página de pagamento por HTTPS com um certificado válido, redirecione http:// para https:// e "
                + "defina a URL https:// em GOLIVE_CHECKOUT_URL."
        ),
        (
            "No notification has been recorded for this seller yet.",
            "Todavía no se registró ninguna notificación para este vendedor.",
            "Ainda não foi registrada nenhuma notificação para este vendedor."
        ),
        (
            "Configure Webhooks in \(webhooksPanel), pointing at the receiver; this version of golive has no "
                + "receiver yet, so it cannot see them arrive.",
            "Configura los Webhooks en \(webhooksES) apuntando al receptor; esta versión de golive todavía no tiene "
                + "receptor, así que no puede verlos llegar.",
            "Configure os Webhooks em \(webhooksPT) apontando para o receptor; esta versão do golive ainda não tem "
                + "receptor, então não consegue vê-los chegar."
        ),
        (
            "No webhook secret is configured, so signatures cannot be verified.",
            "No hay clave secreta de Webhooks configurada, así que no se pueden verificar las firmas.",
            "Não há assinatura secreta de Webhooks configurada, então as assinaturas não podem ser verificadas."
        ),
        (
            "Copy the secret from \(webhooksPanel) into a file (chmod 600) and set MP_WEBHOOK_SECRET_FILE, or "
                + "webhook_secret_file in the config.",
            "Copia la clave secreta de \(webhooksES) en un archivo (chmod 600) y define MP_WEBHOOK_SECRET_FILE, o "
                + "webhook_secret_file en la configuración.",
            "Copie a assinatura secreta de \(webhooksPT) para um arquivo (chmod 600) e defina "
                + "MP_WEBHOOK_SECRET_FILE, ou webhook_secret_file na configuração."
        ),
        (
            "A webhook secret is configured; no signed notification has been verified yet.",
            "Hay una clave secreta de Webhooks configurada; todavía no se verificó ninguna notificación firmada.",
            "Há uma assinatura secreta de Webhooks configurada; ainda não foi verificada nenhuma notificação assinada."
        ),
        (
            "Send a test notification from \(webhooksPanel) > Simulate.",
            "Envía una notificación de prueba desde \(webhooksES) > Simular.",
            "Envie uma notificação de teste em \(webhooksPT) > Simular."
        ),
        (
            "No quality measurement is stored for this seller.",
            "No hay medición de calidad guardada para este vendedor.",
            "Não há medição de qualidade guardada para este vendedor."
        ),
        (
            "Measure the quality from a production payment ID in Your integrations > (your app) > Quality of "
                + "integration; the minimum score to go live is 73.",
            "Mide la calidad con el ID de un pago de producción en Tus integraciones > (tu aplicación) > Calidad de "
                + "la integración; el puntaje mínimo para salir a producción es 73.",
            "Meça a qualidade com o ID de um pagamento de produção em Suas integrações > (sua aplicação) > "
                + "Qualidade da integração; a pontuação mínima para ir para produção é 73."
        ),
        (
            "Recent payments have not been analysed for approval data yet.",
            "Todavía no se analizaron los pagos recientes en busca de datos para la aprobación.",
            "Os pagamentos recentes ainda não foram analisados quanto aos dados para aprovação."
        ),
        (
            "Send items, payer and shipment data with every payment (additional_info).",
            "Envía datos de ítems, comprador y envío con cada pago (additional_info).",
            "Envie dados de itens, comprador e envio com cada pagamento (additional_info)."
        ),
        (
            "No report configuration or fetched report is recorded for this seller.",
            "No hay configuración de reportes ni reportes descargados para este vendedor.",
            "Não há configuração de relatórios nem relatórios baixados para este vendedor."
        ),
        (
            "Configure the release and settlement reports in Your business > Reports, and fetch one to reconcile.",
            "Configura los reportes de liberaciones y de conciliación en Tu negocio > Reportes, y descarga uno para "
                + "conciliar.",
            "Configure os relatórios de liberações e de conciliação em Seu negócio > Relatórios, e baixe um para "
                + "conciliar."
        ),
        (
            "No evidence for this check.", "No hay evidencia para esta verificación.",
            "Não há evidência para esta verificação."
        ),

        // Credentials
        (
            "No access token is configured.", "No hay Access Token configurado.", "Não há Access Token configurado."
        ),
        (
            "Put the production Access Token from \(credentialsPanel) in a file readable only by you (chmod 600) and "
                + "set MP_ACCESS_TOKEN_FILE to it, or access_token_file in the config.",
            "Guarda el Access Token de producción de \(credentialsES) en un archivo que solo tú puedas leer "
                + "(chmod 600) y define MP_ACCESS_TOKEN_FILE con esa ruta, o access_token_file en la configuración.",
            "Guarde o Access Token de produção de \(credentialsPT) em um arquivo que só você possa ler (chmod 600) e "
                + "defina MP_ACCESS_TOKEN_FILE com esse caminho, ou access_token_file na configuração."
        ),
        (
            "Mercado Pago was not asked about the access token.", "No se consultó a Mercado Pago por el Access Token.",
            "O Mercado Pago não foi consultado sobre o Access Token."
        ),
        (
            "Run the check again with network access to the API.",
            "Vuelve a ejecutar la verificación con acceso de red a la API.",
            "Execute a verificação de novo com acesso de rede à API."
        ),
        (
            "Mercado Pago accepts the access token: account {1}.", "Mercado Pago acepta el Access Token: cuenta {1}.",
            "O Mercado Pago aceita o Access Token: conta {1}."
        ),
        (
            "Mercado Pago rejects the access token ({1}).", "Mercado Pago rechaza el Access Token ({1}).",
            "O Mercado Pago recusa o Access Token ({1})."
        ),
        (
            "Could not ask Mercado Pago about the access token: {1}.",
            "No se pudo consultar a Mercado Pago por el Access Token: {1}.",
            "Não foi possível consultar o Mercado Pago sobre o Access Token: {1}."
        ),
        (
            "The configured value does not look like an access token (PREFIX-<digits>-<6 digits>-<32 hex>-<digits>): "
                + "was another credential pasted?",
            "El valor configurado no parece un Access Token (PREFIJO-<dígitos>-<6 dígitos>-<32 hex>-<dígitos>): "
                + "¿se pegó otra credencial?",
            "O valor configurado não parece um Access Token (PREFIXO-<dígitos>-<6 dígitos>-<32 hex>-<dígitos>): "
                + "foi colada outra credencial?"
        ),
        (
            "No access token is configured, so there are no production credentials in use.",
            "No hay Access Token configurado, así que no hay credenciales de producción en uso.",
            "Não há Access Token configurado, então não há credenciais de produção em uso."
        ),
        (
            "Configure the production Access Token from \(credentialsPanel) (MP_ACCESS_TOKEN_FILE).",
            "Configura el Access Token de producción de \(credentialsES) (MP_ACCESS_TOKEN_FILE).",
            "Configure o Access Token de produção de \(credentialsPT) (MP_ACCESS_TOKEN_FILE)."
        ),
        (
            "The access token is a TEST- credential: test credentials cannot take real payments.",
            "El Access Token es una credencial TEST-: las credenciales de prueba no pueden cobrar pagos reales.",
            "O Access Token é uma credencial TEST-: credenciais de teste não recebem pagamentos reais."
        ),
        (
            "Replace it with the production Access Token (APP_USR-…) from \(credentialsPanel); activate production "
                + "credentials there first if they are not.",
            "Reemplázalo por el Access Token de producción (APP_USR-…) de \(credentialsES); si las credenciales de "
                + "producción no están activadas, actívalas allí primero.",
            "Substitua-o pelo Access Token de produção (APP_USR-…) de \(credentialsPT); se as credenciais de produção "
                + "não estiverem ativadas, ative-as lá primeiro."
        ),
        (
            "Replace the TEST- public key with the production one from the same place.",
            "Reemplaza la Public Key TEST- por la de producción, en el mismo lugar.",
            "Substitua a Public Key TEST- pela de produção, no mesmo lugar."
        ),
        (
            "The public key is a TEST- credential while the access token is not.",
            "La Public Key es una credencial TEST- y el Access Token no.",
            "A Public Key é uma credencial TEST- e o Access Token não."
        ),
        (
            "Replace the public key with the production one (APP_USR-…) from \(credentialsPanel).",
            "Reemplaza la Public Key por la de producción (APP_USR-…) de \(credentialsES).",
            "Substitua a Public Key pela de produção (APP_USR-…) de \(credentialsPT)."
        ),
        (
            "Mercado Pago was not asked, so golive cannot tell test from production.",
            "No se consultó a Mercado Pago, así que golive no puede distinguir prueba de producción.",
            "O Mercado Pago não foi consultado, então o golive não consegue distinguir teste de produção."
        ),
        (
            "Mercado Pago rejects the access token, so no production credentials are in use.",
            "Mercado Pago rechaza el Access Token, así que no hay credenciales de producción en uso.",
            "O Mercado Pago recusa o Access Token, então não há credenciais de produção em uso."
        ),
        (
            "Could not ask Mercado Pago which account the token belongs to: {1}.",
            "No se pudo consultar a Mercado Pago de qué cuenta es el token: {1}.",
            "Não foi possível consultar o Mercado Pago sobre a conta do token: {1}."
        ),
        (
            "These are the production credentials of a TEST account ({1}).",
            "Son las credenciales de producción de una cuenta de PRUEBA ({1}).",
            "São as credenciais de produção de uma conta de TESTE ({1})."
        ),
        (
            "Use the credentials of the real seller account: log in to Mercado Pago with the real account (not a "
                + "test user), open \(credentialsPanel) and copy its Access Token and Public Key.",
            "Usa las credenciales de la cuenta real del vendedor: ingresa a Mercado Pago con la cuenta real (no un "
                + "usuario de prueba), abre \(credentialsES) y copia su Access Token y su Public Key.",
            "Use as credenciais da conta real do vendedor: entre no Mercado Pago com a conta real (não um usuário de "
                + "teste), abra \(credentialsPT) e copie o Access Token e a Public Key."
        ),
        (
            "Account {1} is real, but activation could not be confirmed.",
            "La cuenta {1} es real, pero no se pudo confirmar la activación.",
            "A conta {1} é real, mas não foi possível confirmar a ativação."
        ),
        (
            "Production credentials of {1} are not activated (payments answer 401, cause 7).",
            "Las credenciales de producción de {1} no están activadas (pagos responde 401, causa 7).",
            "As credenciais de produção de {1} não estão ativadas (pagamentos responde 401, causa 7)."
        ),
        (
            "Account {1} is real, but Mercado Pago refuses its payments calls ({2}).",
            "La cuenta {1} es real, pero Mercado Pago rechaza sus llamadas a pagos ({2}).",
            "A conta {1} é real, mas o Mercado Pago recusa suas chamadas de pagamentos ({2})."
        ),
        (
            "Account {1} is real; activation could not be confirmed: {2}.",
            "La cuenta {1} es real; no se pudo confirmar la activación: {2}.",
            "A conta {1} é real; não foi possível confirmar a ativação: {2}."
        ),
        (
            "Production credentials of the real account {1}, activated.",
            "Credenciales de producción de la cuenta real {1}, activadas.",
            "Credenciais de produção da conta real {1}, ativadas."
        ),
        (
            "Account {1} is real and activated, but the token has no APP_USR- prefix, which Mercado Pago's production "
                + "tokens carry.",
            "La cuenta {1} es real y está activada, pero el token no tiene el prefijo APP_USR- que llevan los tokens "
                + "de producción de Mercado Pago.",
            "A conta {1} é real e está ativada, mas o token não tem o prefixo APP_USR- dos tokens de produção do "
                + "Mercado Pago."
        ),
        (
            "Check that the configured token is the Access Token from \(credentialsPanel).",
            "Verifica que el token configurado sea el Access Token de \(credentialsES).",
            "Verifique se o token configurado é o Access Token de \(credentialsPT)."
        ),
        ("No public key is configured.", "No hay Public Key configurada.", "Não há Public Key configurada."),
        (
            "Set MP_PUBLIC_KEY (or public_key in the config) to the Public Key shown beside the Access Token in "
                + "\(credentialsPanel).",
            "Define MP_PUBLIC_KEY (o public_key en la configuración) con la Public Key que aparece junto al Access "
                + "Token en \(credentialsES).",
            "Defina MP_PUBLIC_KEY (ou public_key na configuração) com a Public Key que aparece ao lado do Access "
                + "Token em \(credentialsPT)."
        ),
        (
            "No access token is configured to pair the public key with.",
            "No hay Access Token configurado para emparejar con la Public Key.",
            "Não há Access Token configurado para formar par com a Public Key."
        ),
        (
            "Configure the Access Token (MP_ACCESS_TOKEN_FILE).", "Configura el Access Token (MP_ACCESS_TOKEN_FILE).",
            "Configure o Access Token (MP_ACCESS_TOKEN_FILE)."
        ),
        (
            "The public key setting holds an access token.",
            "La configuración de la Public Key contiene un Access Token.",
            "A configuração da Public Key contém um Access Token."
        ),
        (
            "Put the Public Key (APP_USR-<uuid>) in MP_PUBLIC_KEY, and keep the Access Token secret: if it was exposed "
                + "in front-end code, renew it in \(credentialsPanel).",
            "Pon la Public Key (APP_USR-<uuid>) en MP_PUBLIC_KEY y mantén el Access Token en secreto: si quedó "
                + "expuesto en el código del front-end, renuévalo en \(credentialsES).",
            "Coloque a Public Key (APP_USR-<uuid>) em MP_PUBLIC_KEY e mantenha o Access Token em segredo: se ele ficou "
                + "exposto no código do front-end, renove-o em \(credentialsPT)."
        ),
        (
            "The public key does not have the shape of a Mercado Pago public key (PREFIX-<uuid>).",
            "La Public Key no tiene la forma de una Public Key de Mercado Pago (PREFIJO-<uuid>).",
            "A Public Key não tem o formato de uma Public Key do Mercado Pago (PREFIXO-<uuid>)."
        ),
        (
            "Copy the Public Key again from \(credentialsPanel).", "Vuelve a copiar la Public Key de \(credentialsES).",
            "Copie de novo a Public Key de \(credentialsPT)."
        ),
        (
            "The public key is {1} but the access token is {2}: they come from different credential pairs.",
            "La Public Key es {1} pero el Access Token es {2}: son de pares de credenciales distintos.",
            "A Public Key é {1} mas o Access Token é {2}: são de pares de credenciais diferentes."
        ),
        (
            "Use the Public Key and Access Token shown together in \(credentialsPanel).",
            "Usa la Public Key y el Access Token que aparecen juntos en \(credentialsES).",
            "Use a Public Key e o Access Token que aparecem juntos em \(credentialsPT)."
        ),
        (
            "The access token is rejected, so the pair cannot be judged.",
            "El Access Token es rechazado, así que no se puede evaluar el par.",
            "O Access Token é recusado, então o par não pode ser avaliado."
        ),
        (
            "Both are {1} credentials, but Mercado Pago has no API that ties a public key to its account, so golive "
                + "cannot prove they belong together.",
            "Ambas son credenciales {1}, pero Mercado Pago no tiene una API que vincule una Public Key con su cuenta, "
                + "así que golive no puede probar que sean del mismo par.",
            "Ambas são credenciais {1}, mas o Mercado Pago não tem uma API que vincule uma Public Key à sua conta, "
                + "então o golive não consegue provar que formam um par."
        ),
        (
            "Open \(credentialsPanel) and confirm that the Public Key ending in {1} sits beside the Access Token "
                + "ending in {2}; a payment made through your checkout also proves it.",
            "Abre \(credentialsES) y confirma que la Public Key terminada en {1} está junto al Access Token terminado "
                + "en {2}; un pago hecho a través de tu checkout también lo prueba.",
            "Abra \(credentialsPT) e confirme que a Public Key terminada em {1} está ao lado do Access Token terminado "
                + "em {2}; um pagamento feito pelo seu checkout também comprova."
        ),

        // SSL
        ("{1} is served over valid HTTPS.", "{1} se sirve por HTTPS válido.", "{1} é servido por HTTPS válido."),
        (
            "{1} is served over valid HTTPS, with 1 warning: {2}.", "{1} se sirve por HTTPS válido, con 1 aviso: {2}.",
            "{1} é servido por HTTPS válido, com 1 aviso: {2}."
        ),
        (
            "{1} is served over valid HTTPS, with {2} warnings: {3}.",
            "{1} se sirve por HTTPS válido, con {2} avisos: {3}.",
            "{1} é servido por HTTPS válido, com {2} avisos: {3}."
        ),
        (
            "1 problem on {1} block go-live: {2}.", "1 problema en {1} impide salir a producción: {2}.",
            "1 problema em {1} impede ir para produção: {2}."
        ),
        (
            "{1} problems on {2} block go-live: {3}.", "{1} problemas en {2} impiden salir a producción: {3}.",
            "{1} problemas em {2} impedem ir para produção: {3}."
        ),

        // Quality and approval
        (
            "The stored quality measurements could not be read: {1}.",
            "No se pudieron leer las mediciones de calidad guardadas: {1}.",
            "Não foi possível ler as medições de qualidade guardadas: {1}."
        ),
        (
            "Check the store (--store) and run again.", "Revisa la base (--store) y vuelve a ejecutar.",
            "Verifique a base (--store) e execute de novo."
        ),
        (
            "Run golive quality PAYMENT_ID with the ID of a production payment (or golive quality for the latest "
                + "approved one); the minimum score to go live is 73.",
            "Ejecuta golive quality PAYMENT_ID con el ID de un pago de producción (o golive quality para el último "
                + "aprobado); el puntaje mínimo para salir a producción es 73.",
            "Execute golive quality PAYMENT_ID com o ID de um pagamento de produção (ou golive quality para o último "
                + "aprovado); a pontuação mínima para ir para produção é 73."
        ),
        (
            "golive's estimate {1}/100, official {2} from payment {3} on {4}.",
            "Estimación de golive {1}/100, oficial {2}, del pago {3} del {4}.",
            "Estimativa do golive {1}/100, oficial {2}, do pagamento {3} de {4}."
        ),
        (
            "golive's estimate {1}/100 from payment {2} on {3}.", "Estimación de golive {1}/100, del pago {2} del {3}.",
            "Estimativa do golive {1}/100, do pagamento {2} de {3}."
        ),
        (
            "golive's estimate {1}/100 (minimum {2}); missing mandatory: {3} — payment {4}.",
            "Estimación de golive {1}/100 (mínimo {2}); faltan obligatorios: {3}. Pago {4}.",
            "Estimativa do golive {1}/100 (mínimo {2}); faltam obrigatórios: {3}. Pagamento {4}."
        ),
        (
            "golive's estimate {1}/100 (minimum {2}) — payment {3}.",
            "Estimación de golive {1}/100 (mínimo {2}). Pago {3}.",
            "Estimativa do golive {1}/100 (mínimo {2}). Pagamento {3}."
        ),
        (
            "Mandatory but invisible to golive: {1}.", "Obligatorios que golive no puede ver: {1}.",
            "Obrigatórios que o golive não consegue ver: {1}."
        ),
        (
            "The measurement is over {1} days old.", "La medición tiene más de {1} días.",
            "A medição tem mais de {1} dias."
        ),
        (
            "The latest measurement used test payment {1}: it says nothing about production.",
            "La última medición usó el pago de prueba {1}: no dice nada sobre producción.",
            "A última medição usou o pagamento de teste {1}: não diz nada sobre produção."
        ),
        (
            "Measure a payment made with production credentials: golive quality PAYMENT_ID.",
            "Mide un pago hecho con credenciales de producción: golive quality PAYMENT_ID.",
            "Meça um pagamento feito com credenciais de produção: golive quality PAYMENT_ID."
        ),
        (
            "Check {1}, then: golive quality signoff {2} --by NAME.",
            "Revisa {1} y luego: golive quality signoff {2} --by NOMBRE.",
            "Verifique {1} e depois: golive quality signoff {2} --by NOME."
        ),
        (
            "Measure again: golive quality PAYMENT_ID.", "Vuelve a medir: golive quality PAYMENT_ID.",
            "Meça de novo: golive quality PAYMENT_ID."
        ),
        (
            "No access token is configured, so recent payments cannot be read.",
            "No hay Access Token configurado, así que no se pueden leer los pagos recientes.",
            "Não há Access Token configurado, então os pagamentos recentes não podem ser lidos."
        ),
        (
            "Set MP_ACCESS_TOKEN or MP_ACCESS_TOKEN_FILE.", "Define MP_ACCESS_TOKEN o MP_ACCESS_TOKEN_FILE.",
            "Defina MP_ACCESS_TOKEN ou MP_ACCESS_TOKEN_FILE."
        ),
        (
            "Recent payments could not be read: {1}.", "No se pudieron leer los pagos recientes: {1}.",
            "Não foi possível ler os pagamentos recentes: {1}."
        ),
        (
            "No recent payment to look at.", "No hay pagos recientes para revisar.",
            "Não há pagamentos recentes para analisar."
        ),
        (
            "Make a payment with production credentials, then check again.",
            "Haz un pago con credenciales de producción y vuelve a verificar.",
            "Faça um pagamento com credenciais de produção e verifique de novo."
        ),
        (
            "Send {1}: missing in {2} of {3} recent payments.", "Envía {1}: falta en {2} de {3} pagos recientes.",
            "Envie {1}: falta em {2} de {3} pagamentos recentes."
        ),
        (
            "Most frequent rejection: {1} ({2}) — {3}", "Rechazo más frecuente: {1} ({2}): {3}",
            "Recusa mais frequente: {1} ({2}): {3}"
        ),
        (
            "Over the last {1} payments, approval data present: {2}.",
            "En los últimos {1} pagos, datos para la aprobación presentes: {2}.",
            "Nos últimos {1} pagamentos, dados para aprovação presentes: {2}."
        ),

        // Notifications
        (
            "The notifications store could not be read: {1}.", "No se pudo leer la base de notificaciones: {1}.",
            "Não foi possível ler a base de notificações: {1}."
        ),
        (
            "Check the store (--store / GOLIVE_STORE) and run again.",
            "Revisa la base (--store / GOLIVE_STORE) y vuelve a ejecutar.",
            "Verifique a base (--store / GOLIVE_STORE) e execute de novo."
        ),
        (
            "Run `golive serve` (as a service) where Mercado Pago can reach it, and point the Webhooks URL in "
                + "\(webhooksPanel) at …/webhooks/mercadopago.",
            "Ejecuta `golive serve` (como servicio) donde Mercado Pago pueda alcanzarlo y apunta la URL de Webhooks "
                + "de \(webhooksES) a …/webhooks/mercadopago.",
            "Execute `golive serve` (como serviço) onde o Mercado Pago consiga alcançá-lo e aponte a URL de Webhooks "
                + "de \(webhooksPT) para …/webhooks/mercadopago."
        ),
        (
            "The receiver is running but no notification has arrived for {1} yet.",
            "El receptor está en marcha, pero todavía no llegó ninguna notificación para {1}.",
            "O receptor está rodando, mas ainda não chegou nenhuma notificação para {1}."
        ),
        (
            "No notification has been recorded for {1} yet, and no receiver is running.",
            "Todavía no se registró ninguna notificación para {1} y no hay receptor en marcha.",
            "Ainda não foi registrada nenhuma notificação para {1} e não há receptor rodando."
        ),
        (
            "Send a test from \(webhooksPanel) > Simulate, or make a payment.",
            "Envía una prueba desde \(webhooksES) > Simular, o haz un pago.",
            "Envie um teste em \(webhooksPT) > Simular, ou faça um pagamento."
        ),
        (
            "No receiver is running (the last notification arrived {1} ago).",
            "No hay receptor en marcha (la última notificación llegó hace {1}).",
            "Não há receptor rodando (a última notificação chegou há {1})."
        ),
        (
            "The receiver is running, but the last notification arrived {1} ago (more than {2} h).",
            "El receptor está en marcha, pero la última notificación llegó hace {1} (más de {2} h).",
            "O receptor está rodando, mas a última notificação chegou há {1} (mais de {2} h)."
        ),
        (
            "Check the Webhooks URL and events in \(webhooksPanel), and the delivery status in its notifications "
                + "dashboard.",
            "Revisa la URL y los eventos de Webhooks en \(webhooksES), y el estado de las entregas en su panel de "
                + "notificaciones.",
            "Verifique a URL e os eventos de Webhooks em \(webhooksPT), e o status das entregas no painel de "
                + "notificações."
        ),
        (
            "{1} notification(s) in the last {2} h; the last {3} ago.",
            "{1} notificación(es) en las últimas {2} h; la última hace {3}.",
            "{1} notificação(ões) nas últimas {2} h; a última há {3}."
        ),
        (
            "{1} delivery(ies) refused for their signature recently (last: {2}); {3} verified.",
            "{1} entrega(s) rechazada(s) por la firma recientemente (última: {2}); {3} verificada(s).",
            "{1} entrega(s) recusada(s) pela assinatura recentemente (última: {2}); {3} verificada(s)."
        ),
        (
            "Nothing verified and the signatures do not match: the configured secret is probably not this app's. "
                + "Copy it again from \(webhooksPanel).",
            "Nada verificado y las firmas no coinciden: la clave secreta configurada probablemente no es de esta "
                + "aplicación. Vuelve a copiarla de \(webhooksES).",
            "Nada verificado e as assinaturas não conferem: a assinatura secreta configurada provavelmente não é "
                + "desta aplicação. Copie-a de novo de \(webhooksPT)."
        ),
        (
            "Some deliveries verify and some do not: look at `golive notifications --rejected` (remote addresses, "
                + "request ids) — this looks like probing, or a second app.",
            "Algunas entregas se verifican y otras no: mira `golive notifications --rejected` (direcciones remotas, "
                + "request ids); parece un sondeo o una segunda aplicación.",
            "Algumas entregas são verificadas e outras não: veja `golive notifications --rejected` (endereços remotos, "
                + "request ids); parece uma sondagem ou uma segunda aplicação."
        ),
        (
            "{1} signed notification(s) verified recently, none refused.",
            "{1} notificación(es) firmada(s) verificada(s) recientemente, ninguna rechazada.",
            "{1} notificação(ões) assinada(s) verificada(s) recentemente, nenhuma recusada."
        ),

        // Reports
        (
            "No access token: the report configurations cannot be read.",
            "No hay Access Token: no se pueden leer las configuraciones de reportes.",
            "Não há Access Token: as configurações de relatórios não podem ser lidas."
        ),
        ("Set MP_ACCESS_TOKEN.", "Define MP_ACCESS_TOKEN.", "Defina MP_ACCESS_TOKEN."),
        (
            "Reading the {1} configuration failed: {2}.", "Falló la lectura de la configuración de {1}: {2}.",
            "Falhou a leitura da configuração de {1}: {2}."
        ),
        (
            "Check the access token and the network, then check again.",
            "Revisa el Access Token y la red, y vuelve a verificar.",
            "Verifique o Access Token e a rede, e verifique de novo."
        ),
        ("No configuration for {1}.", "No hay configuración para {1}.", "Não há configuração para {1}."),
        (
            "Run `golive report fetch --type {1}`: it creates the configuration with Mercado Pago's defaults.",
            "Ejecuta `golive report fetch --type {1}`: crea la configuración con los valores por defecto de Mercado "
                + "Pago.",
            "Execute `golive report fetch --type {1}`: ele cria a configuração com os padrões do Mercado Pago."
        ),
        (
            "Both reports are configured, but none was fetched in the last 7 days.",
            "Los dos reportes están configurados, pero no se descargó ninguno en los últimos 7 días.",
            "Os dois relatórios estão configurados, mas nenhum foi baixado nos últimos 7 dias."
        ),
        (
            "Run `golive report fetch --type release` (serve does it daily).",
            "Ejecuta `golive report fetch --type release` (serve lo hace a diario).",
            "Execute `golive report fetch --type release` (o serve faz isso diariamente)."
        ),
        (
            "Both reports are configured; the last was fetched {1}.",
            "Los dos reportes están configurados; el último descargado es {1}.",
            "Os dois relatórios estão configurados; o último baixado é {1}."
        ),
    ]

    /// The SSL inspection's finding messages (`SSLRules`), sentence by sentence.
    static let sslTemplates: [(String, String, String)] = [
        (
            "{1} could not be reached over TLS: {2}.", "No se pudo llegar a {1} por TLS: {2}.",
            "Não foi possível alcançar {1} por TLS: {2}."
        ),
        (
            "Check the URL, DNS and that the server listens for HTTPS on this port.",
            "Revisa la URL, el DNS y que el servidor escuche HTTPS en ese puerto.",
            "Verifique a URL, o DNS e se o servidor escuta HTTPS nessa porta."
        ),
        (
            "The certificate is not valid for {1} (it names {2}).",
            "El certificado no es válido para {1} (nombra {2}).",
            "O certificado não é válido para {1} (ele nomeia {2})."
        ),
        (
            "Issue a certificate whose subjectAltName includes {1}.",
            "Emite un certificado cuyo subjectAltName incluya {1}.",
            "Emita um certificado cujo subjectAltName inclua {1}."
        ),
        (
            "The certificate is self-signed: browsers and Mercado Pago's SDK will not trust it. Use a certificate from "
                + "a public CA (e.g. Let's Encrypt).",
            "El certificado es autofirmado: ni los navegadores ni el SDK de Mercado Pago van a confiar en él. Usa un "
                + "certificado de una CA pública (por ejemplo, Let's Encrypt).",
            "O certificado é autoassinado: nem os navegadores nem o SDK do Mercado Pago vão confiar nele. Use um "
                + "certificado de uma CA pública (por exemplo, Let's Encrypt)."
        ),
        (
            "The chain ends in \"{1}\", which is not a trusted root.",
            "La cadena termina en \"{1}\", que no es una raíz de confianza.",
            "A cadeia termina em \"{1}\", que não é uma raiz confiável."
        ),
        (
            "Use a certificate from a public CA (or pass --ca-file with your private root for internal tests).",
            "Usa un certificado de una CA pública (o pasa --ca-file con tu raíz privada para pruebas internas).",
            "Use um certificado de uma CA pública (ou passe --ca-file com sua raiz privada para testes internos)."
        ),
        (
            "The server does not send the intermediate certificate \"{1}\"; many clients cannot build the chain.",
            "El servidor no envía el certificado intermedio \"{1}\"; muchos clientes no pueden armar la cadena.",
            "O servidor não envia o certificado intermediário \"{1}\"; muitos clientes não conseguem montar a cadeia."
        ),
        (
            "Configure the full chain (leaf + intermediates) on the server — the intermediate is at {1}.",
            "Configura la cadena completa (hoja + intermedios) en el servidor; el intermedio está en {1}.",
            "Configure a cadeia completa (folha + intermediários) no servidor; o intermediário está em {1}."
        ),
        (
            "Configure the full chain (leaf + intermediates) on the server.",
            "Configura la cadena completa (hoja + intermedios) en el servidor.",
            "Configure a cadeia completa (folha + intermediários) no servidor."
        ),
        (
            "The certificate chain could not be verified against the trusted roots: {1}.",
            "No se pudo verificar la cadena de certificados contra las raíces de confianza: {1}.",
            "Não foi possível verificar a cadeia de certificados com as raízes confiáveis: {1}."
        ),
        (
            "Serve a complete chain from a public CA.", "Sirve una cadena completa de una CA pública.",
            "Sirva uma cadeia completa de uma CA pública."
        ),
        (
            "The certificate is not valid before {1}.", "El certificado no es válido antes del {1}.",
            "O certificado não é válido antes de {1}."
        ),
        (
            "Check the server's clock and the certificate you deployed.",
            "Revisa el reloj del servidor y el certificado que instalaste.",
            "Verifique o relógio do servidor e o certificado instalado."
        ),
        (
            "The certificate expired on {1} ({2} days ago).", "El certificado venció el {1} (hace {2} días).",
            "O certificado venceu em {1} (há {2} dias)."
        ),
        ("Renew it and deploy the new one.", "Renuévalo e instala el nuevo.", "Renove-o e instale o novo."),
        (
            "The certificate expires in {1} days ({2}).", "El certificado vence en {1} días ({2}).",
            "O certificado vence em {1} dias ({2})."
        ),
        (
            "Renew it now and check that automatic renewal works.",
            "Renuévalo ahora y verifica que la renovación automática funcione.",
            "Renove-o agora e verifique se a renovação automática funciona."
        ),
        (
            "The intermediate certificate \"{1}\" sent by the server expired on {2}.",
            "El certificado intermedio \"{1}\" que envía el servidor venció el {2}.",
            "O certificado intermediário \"{1}\" enviado pelo servidor venceu em {2}."
        ),
        (
            "The intermediate certificate \"{1}\" is not valid before {2}.",
            "El certificado intermedio \"{1}\" no es válido antes del {2}.",
            "O certificado intermediário \"{1}\" não é válido antes de {2}."
        ),
        (
            "Install your CA's current intermediate.", "Instala el intermedio vigente de tu CA.",
            "Instale o intermediário atual da sua CA."
        ),
        (
            "The certificate's key is {1}, too weak.", "La clave del certificado es {1}, demasiado débil.",
            "A chave do certificado é {1}, fraca demais."
        ),
        (
            "Reissue it with RSA 2048+ or EC P-256.", "Vuelve a emitirlo con RSA 2048+ o EC P-256.",
            "Emita-o de novo com RSA 2048+ ou EC P-256."
        ),
        (
            "Signed with a broken hash: {1}.", "Firmado con un hash inseguro: {1}.",
            "Assinado com um hash inseguro: {1}."
        ),
        (
            "Reissue the certificate signed with SHA-256 or better.",
            "Vuelve a emitir el certificado firmado con SHA-256 o superior.",
            "Emita de novo o certificado assinado com SHA-256 ou superior."
        ),
        (
            "The server accepts {1}, deprecated since 2020 and not allowed for card data.",
            "El servidor acepta {1}, obsoletos desde 2020 y no permitidos para datos de tarjetas.",
            "O servidor aceita {1}, obsoletos desde 2020 e não permitidos para dados de cartão."
        ),
        (
            "Disable them; keep TLS 1.2 and 1.3.", "Desactívalos; deja TLS 1.2 y 1.3.",
            "Desative-os; mantenha TLS 1.2 e 1.3."
        ),
        (
            "The server accepts neither TLS 1.2 nor TLS 1.3.", "El servidor no acepta ni TLS 1.2 ni TLS 1.3.",
            "O servidor não aceita nem TLS 1.2 nem TLS 1.3."
        ),
        ("Enable both.", "Activa los dos.", "Ative os dois."),
        (
            "The server does not offer TLS 1.3.", "El servidor no ofrece TLS 1.3.", "O servidor não oferece TLS 1.3."
        ),
        ("Enable it next to TLS 1.2.", "Actívalo junto a TLS 1.2.", "Ative-o junto com TLS 1.2."),
        (
            "http://{1} redirects ({2}) to {3}, which is not https://.",
            "http://{1} redirige ({2}) a {3}, que no es https://.",
            "http://{1} redireciona ({2}) para {3}, que não é https://."
        ),
        (
            "Make http:// answer 301 to the https:// URL.", "Haz que http:// responda 301 a la URL https://.",
            "Faça http:// responder 301 para a URL https://."
        ),
        (
            "http://{1} answers {2} without redirecting to https://.",
            "http://{1} responde {2} sin redirigir a https://.",
            "http://{1} responde {2} sem redirecionar para https://."
        ),
        (
            "Make it answer 301 with Location: https://…", "Haz que responda 301 con Location: https://…",
            "Faça-o responder 301 com Location: https://…"
        ),
        (
            "Nothing answered plain HTTP on port {1} ({2}), so the http→https redirect was not checked.",
            "Nada respondió HTTP simple en el puerto {1} ({2}), así que no se verificó la redirección http→https.",
            "Nada respondeu HTTP simples na porta {1} ({2}), então o redirecionamento http→https não foi verificado."
        ),
        (
            "If the site listens on http://, make it redirect to https://.",
            "Si el sitio escucha en http://, haz que redirija a https://.",
            "Se o site escuta em http://, faça-o redirecionar para https://."
        ),
        (
            "Strict-Transport-Security max-age is {1} s, shorter than one year.",
            "El max-age de Strict-Transport-Security es {1} s, menos de un año.",
            "O max-age de Strict-Transport-Security é {1} s, menos de um ano."
        ),
        (
            "Send \"Strict-Transport-Security: max-age=31536000; includeSubDomains\".",
            "Envía \"Strict-Transport-Security: max-age=31536000; includeSubDomains\".",
            "Envie \"Strict-Transport-Security: max-age=31536000; includeSubDomains\"."
        ),
        (
            "The Strict-Transport-Security header \"{1}\" has no valid max-age.",
            "El encabezado Strict-Transport-Security \"{1}\" no tiene un max-age válido.",
            "O cabeçalho Strict-Transport-Security \"{1}\" não tem um max-age válido."
        ),
        (
            "The page sends no Strict-Transport-Security header.",
            "La página no envía el encabezado Strict-Transport-Security.",
            "A página não envia o cabeçalho Strict-Transport-Security."
        ),
        (
            "The page loads active content over http://: {1}.", "La página carga contenido activo por http://: {1}.",
            "A página carrega conteúdo ativo por http://: {1}."
        ),
        (
            "Browsers block it; load it over https://.", "Los navegadores lo bloquean; cárgalo por https://.",
            "Os navegadores o bloqueiam; carregue-o por https://."
        ),
        (
            "The page loads media over http://: {1}.", "La página carga multimedia por http://: {1}.",
            "A página carrega mídia por http://: {1}."
        ),
        ("Load it over https://.", "Cárgalo por https://.", "Carregue-o por https://."),
        (
            "Mercado Pago's SDK is loaded over http:// ({1}).", "El SDK de Mercado Pago se carga por http:// ({1}).",
            "O SDK do Mercado Pago é carregado por http:// ({1})."
        ),
        (
            "Use <script src=\"https://sdk.mercadopago.com/js/v2\">.",
            "Usa <script src=\"https://sdk.mercadopago.com/js/v2\">.",
            "Use <script src=\"https://sdk.mercadopago.com/js/v2\">."
        ),
    ]

    /// The quality measurement's per-criterion messages (`QualityScorer`) and the rubric's fix texts
    /// (`quality-rubric.json`), sentence by sentence; `id (+points): ` prefixes kept.
    static let qualityTemplates: [(String, String, String)] = [
        (
            "{1} (+{2}): Not sent: {3} is empty.", "{1} (+{2}): no se envía: {3} está vacío.",
            "{1} (+{2}): não enviado: {3} está vazio."
        ),
        ("Not sent: {1} is empty.", "No se envía: {1} está vacío.", "Não enviado: {1} está vazio."),
        (
            "{1} (+{2}): No items were sent (additional_info.items).",
            "{1} (+{2}): no se enviaron ítems (additional_info.items).",
            "{1} (+{2}): nenhum item foi enviado (additional_info.items)."
        ),
        (
            "No items were sent (additional_info.items).", "No se enviaron ítems (additional_info.items).",
            "Nenhum item foi enviado (additional_info.items)."
        ),
        (
            "{1} (+{2}): {3} of {4} items lack {5} ({6}).", "{1} (+{2}): a {3} de {4} ítems les falta {5} ({6}).",
            "{1} (+{2}): {3} de {4} itens sem {5} ({6})."
        ),
        (
            "{1} of {2} items lack {3} ({4}).", "A {1} de {2} ítems les falta {3} ({4}).",
            "{1} de {2} itens sem {3} ({4})."
        ),
        (
            "{1} (+{2}): No {3} result is stored yet.", "{1} (+{2}): todavía no hay resultado de {3}.",
            "{1} (+{2}): ainda não há resultado de {3}."
        ),
        ("No {1} result is stored yet.", "Todavía no hay resultado de {1}.", "Ainda não há resultado de {1}."),
        (
            "Send external_reference (your order id) when creating the payment or preference, so every payment can be "
                + "matched to an order.",
            "Envía external_reference (el id de tu pedido) al crear el pago o la preferencia, así cada pago se puede "
                + "asociar a un pedido.",
            "Envie external_reference (o id do seu pedido) ao criar o pagamento ou a preferência, para que cada "
                + "pagamento possa ser associado a um pedido."
        ),
        (
            "Enable Webhooks in Your integrations > (your app) > Webhooks, or send notification_url with each payment, "
                + "pointing at your receiver (golive serve).",
            "Activa los Webhooks en Tus integraciones > (tu aplicación) > Webhooks, o envía notification_url con cada "
                + "pago, apuntando a tu receptor (golive serve).",
            "Ative os Webhooks em Suas integrações > (sua aplicação) > Webhooks, ou envie notification_url com cada "
                + "pagamento, apontando para o seu receptor (golive serve)."
        ),
        (
            "Send payer.email with every payment.", "Envía payer.email con cada pago.",
            "Envie payer.email com cada pagamento."
        ),
        (
            "Load https://www.mercadopago.com/v2/security.js on the checkout (or use MercadoPago.js V2) and send "
                + "MP_DEVICE_SESSION_ID as the X-meli-session-id header when creating the payment; then sign off: golive "
                + "quality signoff device_id --by NAME.",
            "Carga https://www.mercadopago.com/v2/security.js en el checkout (o usa MercadoPago.js V2) y envía "
                + "MP_DEVICE_SESSION_ID en el encabezado X-meli-session-id al crear el pago; luego confírmalo: golive "
                + "quality signoff device_id --by NOMBRE.",
            "Carregue https://www.mercadopago.com/v2/security.js no checkout (ou use MercadoPago.js V2) e envie "
                + "MP_DEVICE_SESSION_ID no cabeçalho X-meli-session-id ao criar o pagamento; depois confirme: golive "
                + "quality signoff device_id --by NOME."
        ),
        (
            "Send payer.first_name (or additional_info.payer.first_name).",
            "Envía payer.first_name (o additional_info.payer.first_name).",
            "Envie payer.first_name (ou additional_info.payer.first_name)."
        ),
        (
            "Send payer.last_name (or additional_info.payer.last_name).",
            "Envía payer.last_name (o additional_info.payer.last_name).",
            "Envie payer.last_name (ou additional_info.payer.last_name)."
        ),
        (
            "Send payer.identification (type and number, e.g. DNI/CPF).",
            "Envía payer.identification (tipo y número, por ejemplo DNI/CPF).",
            "Envie payer.identification (tipo e número, por exemplo DNI/CPF)."
        ),
        (
            "Send additional_info.payer.phone {area_code, number}.",
            "Envía additional_info.payer.phone {area_code, number}.",
            "Envie additional_info.payer.phone {area_code, number}."
        ),
        (
            "Send additional_info.payer.address {zip_code, street_name, street_number}.",
            "Envía additional_info.payer.address {zip_code, street_name, street_number}.",
            "Envie additional_info.payer.address {zip_code, street_name, street_number}."
        ),
        (
            "Send additional_info.items[].id (your product code) for every item.",
            "Envía additional_info.items[].id (el código de tu producto) en cada ítem.",
            "Envie additional_info.items[].id (o código do seu produto) em cada item."
        ),
        (
            "Send additional_info.items[].title for every item.", "Envía additional_info.items[].title en cada ítem.",
            "Envie additional_info.items[].title em cada item."
        ),
        (
            "Send additional_info.items[].description for every item.",
            "Envía additional_info.items[].description en cada ítem.",
            "Envie additional_info.items[].description em cada item."
        ),
        (
            "Send additional_info.items[].category_id (e.g. home, electronics, travels) for every item.",
            "Envía additional_info.items[].category_id (por ejemplo home, electronics, travels) en cada ítem.",
            "Envie additional_info.items[].category_id (por exemplo home, electronics, travels) em cada item."
        ),
        (
            "Send additional_info.items[].quantity for every item.",
            "Envía additional_info.items[].quantity en cada ítem.",
            "Envie additional_info.items[].quantity em cada item."
        ),
        (
            "Send additional_info.items[].unit_price for every item.",
            "Envía additional_info.items[].unit_price en cada ítem.",
            "Envie additional_info.items[].unit_price em cada item."
        ),
        (
            "Send additional_info.shipments.receiver_address {zip_code, street_name, street_number, city_name, "
                + "state_name}.",
            "Envía additional_info.shipments.receiver_address {zip_code, street_name, street_number, city_name, "
                + "state_name}.",
            "Envie additional_info.shipments.receiver_address {zip_code, street_name, street_number, city_name, "
                + "state_name}."
        ),
        (
            "Send statement_descriptor (the name buyers see on their card statement) so they recognise the charge.",
            "Envía statement_descriptor (el nombre que el comprador ve en el resumen de su tarjeta) para que reconozca "
                + "el cargo.",
            "Envie statement_descriptor (o nome que o comprador vê na fatura do cartão) para que ele reconheça a "
                + "cobrança."
        ),
        (
            "Serve the payment page over HTTPS with a valid certificate, and run golive ssl URL (or golive check) so "
                + "golive records it.",
            "Sirve la página de pago por HTTPS con un certificado válido y ejecuta golive ssl URL (o golive check) "
                + "para que golive lo registre.",
            "Sirva a página de pagamento por HTTPS com um certificado válido e execute golive ssl URL (ou golive "
                + "check) para que o golive registre."
        ),
        (
            "Configure the webhook secret (MP_WEBHOOK_SECRET_FILE) and receive notifications with golive serve, which "
                + "verifies x-signature.",
            "Configura la clave secreta de Webhooks (MP_WEBHOOK_SECRET_FILE) y recibe las notificaciones con golive "
                + "serve, que verifica x-signature.",
            "Configure a assinatura secreta de Webhooks (MP_WEBHOOK_SECRET_FILE) e receba as notificações com golive "
                + "serve, que verifica x-signature."
        ),
        (
            "Update the order from each notification by fetching the payment (golive serve records whether that "
                + "happened).",
            "Actualiza el pedido con cada notificación consultando el pago (golive serve registra si eso ocurrió).",
            "Atualize o pedido a cada notificação consultando o pagamento (golive serve registra se isso aconteceu)."
        ),
        (
            "Load MercadoPago.js V2 (or Bricks) from https://sdk.mercadopago.com/js/v2 so card data never touches "
                + "your server; then golive quality signoff frontend_sdk --by NAME.",
            "Carga MercadoPago.js V2 (o Bricks) desde https://sdk.mercadopago.com/js/v2 para que los datos de la "
                + "tarjeta nunca pasen por tu servidor; luego golive quality signoff frontend_sdk --by NOMBRE.",
            "Carregue MercadoPago.js V2 (ou Bricks) de https://sdk.mercadopago.com/js/v2 para que os dados do cartão "
                + "nunca passem pelo seu servidor; depois golive quality signoff frontend_sdk --by NOME."
        ),
        (
            "Use an official server SDK, kept up to date; then golive quality signoff backend_sdk --by NAME.",
            "Usa un SDK oficial de servidor, actualizado; luego golive quality signoff backend_sdk --by NOMBRE.",
            "Use um SDK oficial de servidor, atualizado; depois golive quality signoff backend_sdk --by NOME."
        ),
        (
            "Show a specific message per status_detail (or use the Status Screen Brick); then golive quality signoff "
                + "status_messages --by NAME.",
            "Muestra un mensaje específico por status_detail (o usa el Status Screen Brick); luego golive quality "
                + "signoff status_messages --by NOMBRE.",
            "Mostre uma mensagem específica por status_detail (ou use o Status Screen Brick); depois golive quality "
                + "signoff status_messages --by NOME."
        ),
        (
            "Configure and fetch the release and settlement reports (golive report fetch) to reconcile.",
            "Configura y descarga los reportes de liberaciones y de conciliación (golive report fetch) para conciliar.",
            "Configure e baixe os relatórios de liberações e de conciliação (golive report fetch) para conciliar."
        ),
        (
            "{1} (+{2}): The device id travels in the X-meli-session-id header (or is collected by MercadoPago.js V2); "
                + "it is not part of the payment document, so golive cannot see it.",
            "{1} (+{2}): el device id viaja en el encabezado X-meli-session-id (o lo recolecta MercadoPago.js V2); no "
                + "forma parte del documento del pago, así que golive no lo puede ver.",
            "{1} (+{2}): o device id viaja no cabeçalho X-meli-session-id (ou é coletado pelo MercadoPago.js V2); não "
                + "faz parte do documento do pagamento, então o golive não consegue vê-lo."
        ),
        (
            "The device id travels in the X-meli-session-id header (or is collected by MercadoPago.js V2); it is not "
                + "part of the payment document, so golive cannot see it.",
            "El device id viaja en el encabezado X-meli-session-id (o lo recolecta MercadoPago.js V2); no forma parte "
                + "del documento del pago, así que golive no lo puede ver.",
            "O device id viaja no cabeçalho X-meli-session-id (ou é coletado pelo MercadoPago.js V2); não faz parte do "
                + "documento do pagamento, então o golive não consegue vê-lo."
        ),
        (
            "Which front-end SDK the checkout loads cannot be seen in a payment.",
            "Qué SDK de front-end carga el checkout no se ve en un pago.",
            "Qual SDK de front-end o checkout carrega não aparece em um pagamento."
        ),
        (
            "Which server library created the payment is not in the payment document.",
            "Qué biblioteca de servidor creó el pago no figura en el documento del pago.",
            "Qual biblioteca de servidor criou o pagamento não consta no documento do pagamento."
        ),
        (
            "What the checkout shows the buyer after a rejection cannot be seen from outside.",
            "Lo que el checkout le muestra al comprador tras un rechazo no se ve desde afuera.",
            "O que o checkout mostra ao comprador depois de uma recusa não pode ser visto de fora."
        ),
    ]
}
