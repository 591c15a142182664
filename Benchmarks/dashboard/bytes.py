#!/usr/bin/env python3
"""Bytes the dashboard writes to a terminal (what an SSH link carries), measured on a real pty.

usage: Benchmarks/dashboard/bytes.py [GOLIVE_BINARY] [--sizes 80x24,120x40] [--idle SECONDS]

For each size it runs `golive demo --still` (no simulated shop) on a pseudo-terminal and counts, in one session:
  first paint   bytes in the first 2 s (the screen, then the first check results arriving)
  idle          bytes per second over --idle seconds with nothing happening (clock and data-age ticks)
  Tab           bytes for one focus move (window after the key, minus the idle rate)
  anchor        Ctrl-L: the same screen painted by a full redraw (ncurses clear + repaint), same session
and prints each figure with its ratio to the anchor. Based on the ptycount method (TERMINAL.md §3.4)."""
import argparse, fcntl, os, pty, select, signal, struct, sys, termios, time

ap = argparse.ArgumentParser()
ap.add_argument("binary", nargs="?", default=".build/debug/golive")
ap.add_argument("--sizes", default="80x24,120x40")
ap.add_argument("--idle", type=float, default=10.0)
a = ap.parse_args()


def session(cols, rows):
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.environ.update(TERM="xterm-256color", LANG="C.UTF-8")
        os.environ.pop("NO_COLOR", None)
        err = os.open("/dev/null", os.O_WRONLY); os.dup2(err, 2)
        os.execv(a.binary, [a.binary, "demo", "--still"])
    start = time.monotonic()

    def pump(seconds):
        end = time.monotonic() + seconds; count = 0
        while time.monotonic() < end:
            r, _, _ = select.select([fd], [], [], 0.02)
            if r:
                try: data = os.read(fd, 65536)
                except OSError: return count
                count += len(data)
        return count

    paint = pump(2.0)
    pump(1.0)  # settle
    idle = pump(a.idle) / a.idle
    os.write(fd, b"\t"); tab = pump(1.0) - idle
    pump(1.0)
    os.write(fd, b"\x0c"); full = pump(1.0) - idle
    os.write(fd, b"q")
    status = None
    end = time.monotonic() + 3
    while time.monotonic() < end and status is None:
        p, st = os.waitpid(pid, os.WNOHANG)
        if p: status = os.waitstatus_to_exitcode(st)
        else: pump(0.05)
    if status is None:
        os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)
    return paint, idle, tab, full, status


print(f"golive dashboard bytes on the wire ({a.binary}, TERM=xterm-256color)")
for size in a.sizes.split(","):
    cols, rows = map(int, size.split("x"))
    paint, idle, tab, full, status = session(cols, rows)
    print(f"{size}: first paint {paint} B ({paint / full:.2f}x full redraw) · idle {idle:.1f} B/s "
          f"({idle / full:.3f}x) · Tab {tab:.0f} B ({tab / full:.3f}x) · anchor full redraw (Ctrl-L) {full:.0f} B "
          f"· exit {status}")
