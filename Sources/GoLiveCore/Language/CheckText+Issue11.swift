extension CheckText {
    /// Issue 11: `notifications.url` and the rotation states of `notifications.signature`.
    static let issue11Templates: [(String, String, String)] = [
        (
            "No notification URL is configured, so golive cannot test it.",
            "No hay una URL de notificaciones configurada, así que golive no puede probarla.",
            "Não há uma URL de notificações configurada, então o golive não pode testá-la."
        ),
        (
            "Set notification_url in the config (or GOLIVE_NOTIFICATION_URL) to the URL configured in "
                + "\(webhooksPanel) (…/webhooks/mercadopago).",
            "Define notification_url en la configuración (o GOLIVE_NOTIFICATION_URL) con la URL configurada en "
                + "\(webhooksES) (…/webhooks/mercadopago).",
            "Defina notification_url na configuração (ou GOLIVE_NOTIFICATION_URL) com a URL configurada em "
                + "\(webhooksPT) (…/webhooks/mercadopago)."
        ),
        (
            "The notification URL is not https:// — Mercado Pago's notifications must go to HTTPS.",
            "La URL de notificaciones no es https://: las notificaciones de Mercado Pago deben ir a HTTPS.",
            "A URL de notificações não é https://: as notificações do Mercado Pago devem ir para HTTPS."
        ),
        (
            "The notification URL is unreachable: {1}.",
            "La URL de notificaciones no es alcanzable: {1}.",
            "A URL de notificações não está acessível: {1}."
        ),
        (
            "The notification URL answered {1} to a signed test notification in {2} ms.",
            "La URL de notificaciones respondió {1} a una notificación de prueba firmada en {2} ms.",
            "A URL de notificações respondeu {1} a uma notificação de teste assinada em {2} ms."
        ),
        (
            "The newest signed notifications verify only with the previous webhook secret ({1} of {2} recently): "
                + "the secret rotation is not finished.",
            "Las notificaciones firmadas más recientes solo se verifican con la clave secreta anterior ({1} de {2}): "
                + "la rotación de la clave no terminó.",
            "As notificações assinadas mais recentes só são verificadas com a assinatura secreta anterior ({1} de "
                + "{2}): a rotação não terminou."
        ),
    ]
}
