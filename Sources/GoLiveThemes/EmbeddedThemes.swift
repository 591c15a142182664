extension ThemeCatalog {
    /// The shipped theme files, compiled in (Package.swift `.embedInCode`): the binary needs no themes folder.
    static var embeddedFiles: [(String, [UInt8])] {
        [
            ("dark.yaml", PackageResources.dark_yaml),
            ("light.yaml", PackageResources.light_yaml),
            ("high-contrast.yaml", PackageResources.high_contrast_yaml),
            ("colorblind.yaml", PackageResources.colorblind_yaml),
            ("monochrome.yaml", PackageResources.monochrome_yaml),
        ]
    }
}
