import Foundation
import GoLiveCLI

// Not `main.swift`: ArgumentParser's async root needs a @main type (STACK.md §2.6).
@main
enum GoLive {
    static func main() async {
        exit(await GoLiveMain.run())
    }
}
