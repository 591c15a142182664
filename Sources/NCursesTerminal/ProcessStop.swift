import Foundation

/// Stopping the process on Ctrl-Z from the thread that owns the terminal.
package enum ProcessStop {
    /// Stops the whole process (SIGSTOP: it cannot be caught, blocked or ignored) and returns only once it is
    /// continued (`fg`, SIGCONT): the calling thread runs no further before that.
    ///
    /// The stop goes to the calling thread (`raise`, a thread-directed signal), not to the process
    /// (`kill(getpid(), …)`). A process-directed signal wakes one thread the kernel picks — the main thread, parked
    /// by libdispatch in `sigsuspend` — and the caller returns from `kill` and runs on until that thread gets a CPU
    /// and stops the group. On a busy machine that was long enough for the terminal thread to repaint and put the
    /// terminal back into raw mode first: the process then sat stopped on a full dashboard (Ctrl-Z "not acted
    /// on", about 1 run in 4). A stop signal pending on the calling thread itself is acted on before the call
    /// returns to user space.
    package static func untilContinued() {
        raise(SIGSTOP)
    }
}
