extension UIText {
    /// Issue 11: the feed shows production only; this line counts what it leaves out.
    func testModeHidden(_ count: Int) -> String {
        t(
            "+\(count) test-mode (live_mode=false) not shown · golive notifications --test-mode",
            "+\(count) de modo de prueba (live_mode=false) no mostradas · golive notifications --test-mode",
            "+\(count) de modo de teste (live_mode=false) não mostradas · golive notifications --test-mode")
    }
}
