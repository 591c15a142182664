#!/usr/bin/env python3
"""Bytes the dashboard writes to a terminal (what an SSH link carries), measured on a real pty: every byte figure
of issue 8's budgets in one run.

usage: Benchmarks/dashboard/bytes.py [GOLIVE_BINARY] [--sizes 80x24,200x50] [--idle SECONDS] [--rates 2000,10000]
       [--no-demo] [--no-slow] [--raw DIR]

Scenario (deterministic, no network, no checks): `golive dashboard --readonly` over a store in a temporary HOME
that holds 20 notifications for the seller; a second writer (this script, through sqlite3, as `golive serve`
would) inserts one more notification while the dashboard runs. For each size, in one session:
  first paint     bytes of the first 2 s (the screen and the first store read)
  idle            bytes per second over --idle seconds with nothing happening (warm-up 2 s)
  notification    bytes for one new notification at the top of the feed (the 3 s after the insert, minus idle)
  Tab             bytes for one focus move (1 s after the key, minus idle)
  anchor          Ctrl-L: the same screen painted by a full redraw (ncurses clear + repaint), same session
each with its ratio to the anchor. Also `golive demo --still` idle (the demo re-checks every 15 s: 30 s window),
comparable with earlier figures.

Slow link (--rates, bytes/s): the same scenario at 80x24 with the pty drained at a fixed rate, in 50 ms slices of
rate/20 bytes, as a TCP window drains an SSH connection; the kernel's pty buffer plays the socket buffer, so a
dashboard that writes faster than the link blocks in write(2) exactly as it would on a full socket. Reported:
first paint delivered (time until the screen is complete on the far side), idle bytes/s, one notification and
Tab: time from the event until their bytes have crossed, and the anchor's (full redraw) time on the same link.
Latency (RTT) adds the same constant to each and is not simulated. Based on ptycount (TERMINAL.md §3.4)."""
import argparse, fcntl, os, pty, select, shutil, signal, sqlite3, struct, subprocess, sys, tempfile, termios, time

ap = argparse.ArgumentParser()
ap.add_argument("binary", nargs="?", default=".build/debug/golive")
ap.add_argument("--sizes", default="80x24,200x50")
ap.add_argument("--idle", type=float, default=10.0)
ap.add_argument("--rates", default="2000,10000", help="slow-link drain rates in bytes/s ('' for none)")
ap.add_argument("--no-demo", action="store_true")
ap.add_argument("--no-slow", action="store_true")
ap.add_argument("--raw", help="write each session's raw byte stream (with timestamps) into this folder")
a = ap.parse_args()
binary = os.path.abspath(a.binary)
SELLER = "default"


def prepare_home():
    home = tempfile.mkdtemp(prefix="golive-bytes-")
    env = environment(home)
    subprocess.run([binary, "notifications", "--json"], env=env, check=True, stdout=subprocess.DEVNULL)
    base = time.time() - 3600
    with sqlite3.connect(store(home)) as db:
        for index in range(20):
            insert(db, index, base + index * 60)
    return home


def store(home):
    return os.path.join(home, "data", "golive", "golive.sqlite")


def environment(home):
    return {"PATH": "/usr/bin:/bin", "HOME": home, "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_CONFIG_HOME": os.path.join(home, "config"), "LANG": "C.UTF-8", "TERM": "xterm-256color",
            "TZ": "UTC"}


def insert(db, index, received):
    db.execute(
        "INSERT INTO notification (notification_id, kind, topic, action, data_id, live_mode, seller, signature, "
        "received_at, body, duplicate, processing, resource_status, processed_at) "
        "VALUES (?, 'webhook', 'payment', 'payment.created', ?, 1, ?, 'valid', ?, '{}', 0, 'done', 'approved', ?)",
        (f"bench-{index}-{time.time_ns()}", str(90_000_000_000 + index), SELLER, received, received))


class Session:
    """One golive process on a pty of cols x rows; `rate` (bytes/s) drains it like a slow link, None = at once."""

    def __init__(self, cols, rows, args, home, rate=None, raw=None):
        self.rate = rate
        self.log = [] if raw else None
        self.raw = raw
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            err = os.open(os.path.join(home, "child.err"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(err, 2)
            os.execve(binary, [binary] + args, environment(home))
        self.start = time.monotonic()
        self.last_byte = self.start

    def pump(self, seconds):
        """Reads for `seconds`; returns the bytes read."""
        end = time.monotonic() + seconds
        count = 0
        while True:
            now = time.monotonic()
            if now >= end:
                return count
            slice_end = min(end, now + 0.05)
            limit = 65536 if self.rate is None else max(1, int(self.rate * 0.05))
            r, _, _ = select.select([self.fd], [], [], max(0.0, slice_end - now))
            if r:
                try:
                    data = os.read(self.fd, limit)
                except OSError:
                    return count
                count += len(data)
                self.last_byte = time.monotonic()
                if self.log is not None:
                    self.log.append((self.last_byte - self.start, data))
                if self.rate is not None:
                    time.sleep(max(0.0, slice_end - time.monotonic()))

    def quiet_after(self, since, quiet=0.6, limit=30.0):
        """Reads until no byte came for `quiet` s; returns (seconds from `since` to the last byte, bytes)."""
        count = 0
        end = time.monotonic() + limit
        while time.monotonic() < end:
            count += self.pump(0.1)
            if time.monotonic() - self.last_byte >= quiet:
                break
        return max(0.0, self.last_byte - since), count

    def key(self, data):
        os.write(self.fd, data)

    def close(self):
        self.key(b"q")
        status = None
        end = time.monotonic() + 5
        while time.monotonic() < end and status is None:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(st)
            else:
                self.pump(0.05)
        if status is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        if self.log is not None:
            with open(self.raw, "w") as out:
                for at, data in self.log:
                    out.write(f"{at:8.3f} {len(data):6d} {data!r}\n")
        return status


def raw_path(name):
    if not a.raw:
        return None
    os.makedirs(a.raw, exist_ok=True)
    return os.path.join(a.raw, name + ".txt")


def dashboard(cols, rows):
    home = prepare_home()
    try:
        s = Session(cols, rows, ["dashboard", "--readonly"], home, raw=raw_path(f"dashboard-{cols}x{rows}"))
        paint = s.pump(2.0)
        s.pump(2.0)  # warm-up: the second store read, nothing should change
        idle = s.pump(a.idle) / a.idle
        with sqlite3.connect(store(home)) as db:
            insert(db, 1000, time.time())
        notification = s.pump(3.0) - 3.0 * idle
        s.pump(1.0)
        s.key(b"\t")
        tab = s.pump(1.0) - idle
        s.pump(1.0)
        s.key(b"\x0c")
        full = s.pump(1.0) - idle
        status = s.close()
        return dict(paint=paint, idle=idle, notification=notification, tab=tab, full=full, status=status)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def demo_idle(cols, rows, seconds=30.0):
    home = tempfile.mkdtemp(prefix="golive-bytes-demo-")
    try:
        s = Session(cols, rows, ["demo", "--still"], home, raw=raw_path(f"demo-{cols}x{rows}"))
        s.pump(4.0)  # first paint and the first checks
        idle = s.pump(seconds) / seconds
        status = s.close()
        return idle, status
    finally:
        shutil.rmtree(home, ignore_errors=True)


def slow(rate, cols=80, rows=24):
    home = prepare_home()
    try:
        s = Session(cols, rows, ["dashboard", "--readonly"], home, rate=rate, raw=raw_path(f"slow-{rate}"))
        paint_time, paint = s.quiet_after(s.start, quiet=1.5)
        s.pump(1.0)
        idle = s.pump(a.idle) / a.idle
        with sqlite3.connect(store(home)) as db:
            insert(db, 1000, time.time())
        inserted = time.monotonic()
        s.pump(2.5)  # the dashboard polls the store every second
        note_time, _ = s.quiet_after(inserted)
        s.pump(0.5)
        pressed = time.monotonic()
        s.key(b"\t")
        tab_time, _ = s.quiet_after(pressed)
        s.pump(0.5)
        pressed = time.monotonic()
        s.key(b"\x0c")
        full_time, full = s.quiet_after(pressed)
        status = s.close()
        return dict(paint_time=paint_time, paint=paint, idle=idle, note_time=note_time, tab_time=tab_time,
                    full_time=full_time, full=full, status=status)
    finally:
        shutil.rmtree(home, ignore_errors=True)


print(f"golive dashboard bytes on the wire ({binary}, TERM=xterm-256color, LANG=C.UTF-8)")
print("`golive dashboard --readonly` over a store with 20 notifications; anchor = full redraw (Ctrl-L), same session")
for size in a.sizes.split(","):
    cols, rows = map(int, size.split("x"))
    r = dashboard(cols, rows)
    f = r["full"]
    print(f"{size}: first paint {r['paint']:,} B ({r['paint'] / f:.2f}x) · idle {r['idle']:.1f} B/s "
          f"({r['idle'] / f:.4f}x/s) · one notification {r['notification']:,.0f} B ({r['notification'] / f:.3f}x) · "
          f"Tab {r['tab']:,.0f} B ({r['tab'] / f:.3f}x) · anchor full redraw {f:,.0f} B · exit {r['status']}")
if not a.no_demo:
    idle, status = demo_idle(80, 24)
    print(f"80x24 `golive demo --still` (re-checks every 15 s): idle {idle:.1f} B/s over 30 s · exit {status}")
if not a.no_slow and a.rates:
    print("slow link at 80x24 (pty drained at a fixed rate; times until the bytes have crossed):")
    for rate in map(int, a.rates.split(",")):
        r = slow(rate)
        print(f"  {rate / 1000:g} KB/s: first paint {r['paint']:,} B complete after {r['paint_time']:.2f} s · idle "
              f"{r['idle']:.1f} B/s · one notification visible {r['note_time']:.2f} s after the insert (the store is "
              f"polled every second) · Tab {r['tab_time'] * 1000:.0f} ms · anchor full redraw {r['full']:,} B in "
              f"{r['full_time']:.2f} s · exit {r['status']}")
