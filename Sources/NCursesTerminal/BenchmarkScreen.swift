package import TerminalUI

/// The real ncurses screen driven frame by frame, for `Benchmarks/DashboardBenchmark` (frame build + write
/// times): the same `present` the dashboard's loop calls, without the loop. Not for the app itself.
package final class BenchmarkScreen {
    private let screen: NCursesScreen

    /// Opens the terminal on stdin/stdout (both must be a terminal, e.g. a pty the caller set up).
    package init(environment: [String: String]) throws {
        screen = try NCursesScreen.open(environment: environment)
    }

    package var size: TerminalSize { screen.size }
    package func apply(_ theme: Theme) { screen.apply(theme) }
    /// Copies the changed cells and writes the frame (one `doupdate`), as the dashboard does.
    package func present(_ grid: CellGrid) { screen.present(grid) }
    /// The next `present` repaints everything (what Ctrl-L does): the full-redraw anchor.
    package func invalidate() { screen.invalidate() }
    package func close() { screen.close() }
}
