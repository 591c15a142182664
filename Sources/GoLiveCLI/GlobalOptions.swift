import ArgumentParser
import GoLiveConfig

/// The options every subcommand accepts after its name (DESIGN.md "Environment, options, sellers").
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("api-base"), help: "Mercado Pago API base URL (env MP_API_BASE).")
    var apiBase: String?

    @Option(help: "Store URL: sqlite:/path/file.sqlite (env GOLIVE_STORE).")
    var store: String?

    @Option(name: .customLong("config"), help: "YAML config file (env GOLIVE_CONFIG).")
    var configFile: String?

    @Option(name: .customLong("checkout-url"), help: "The page with the payment form (env GOLIVE_CHECKOUT_URL).")
    var checkoutURL: String?

    @Option(help: "Which configured seller to act on (env GOLIVE_SELLER).")
    var seller: String?

    @Option(name: .customLong("lang"), help: "Language: en, es or pt-BR (env GOLIVE_LANG).")
    var language: String?

    var commandLine: CommandLineSettings {
        CommandLineSettings(
            apiBase: apiBase, store: store, configFile: configFile, checkoutURL: checkoutURL, seller: seller,
            language: language)
    }
}
