#!/usr/bin/env python3
"""First frame and memory of the dashboard with 1,000,000 notifications in the store (issue 8: first frame
≤ 300 ms after start, resident memory ≤ 60 MB).

usage: Benchmarks/dashboard/startup.py [GOLIVE_BINARY] [--rows 1000000] [--runs 7] [--size 200x50] [--keep DIR]

Populates a store in a temporary HOME through sqlite3 (the schema from `golive notifications --json`, so the
store's own migrations and indexes), one seller, `--rows` notifications, the newest carrying a marker resource
id. Then starts `golive dashboard --readonly` on a pseudo-terminal `--runs` times (after one untimed start that
warms the page cache) and measures from fork+exec:
  first byte     the terminal is taken (alternate screen, first frame begins)
  first frame    the whole first screen has been written (the first write burst ends)
  feed shown     the newest notification's resource id has been written (the store's newest-first query done)
and, in the last run after 5 s, VmRSS and VmHWM from /proc/PID/status. Anchors in the same run: the same with
a store of 20 notifications (ratio), and `golive --version` (process start to exit: the floor of any command).
Then (--soak S) one more start runs S seconds while this script inserts one notification a second, as `golive
serve` would, and VmRSS/VmHWM are read again: memory must stay flat while the feed moves.
`--keep DIR` keeps (or reuses) the populated store there."""
import argparse, fcntl, os, pty, select, shutil, signal, sqlite3, statistics, struct, subprocess, sys, tempfile
import termios, time

ap = argparse.ArgumentParser()
ap.add_argument("binary", nargs="?", default=".build/release/golive")
ap.add_argument("--rows", type=int, default=1_000_000)
ap.add_argument("--runs", type=int, default=7)
ap.add_argument("--size", default="200x50")
ap.add_argument("--keep")
ap.add_argument("--soak", type=float, default=60.0, help="then run this long with one new notification a second")
a = ap.parse_args()
binary = os.path.abspath(a.binary)
cols, rows = map(int, a.size.split("x"))
MARKER = "987654321012"


def environment(home):
    return {"PATH": "/usr/bin:/bin", "HOME": home, "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_CONFIG_HOME": os.path.join(home, "config"), "LANG": "C.UTF-8", "TERM": "xterm-256color",
            "TZ": "UTC"}


def populate(home, count):
    path = os.path.join(home, "data", "golive", "golive.sqlite")
    if os.path.exists(path):
        with sqlite3.connect(path) as db:
            if db.execute("SELECT count(*) FROM notification").fetchone()[0] == count:
                return path
        shutil.rmtree(home)
        os.makedirs(home)
    subprocess.run([binary, "notifications", "--json"], env=environment(home), check=True, stdout=subprocess.DEVNULL)
    started = time.monotonic()
    base = time.time() - count  # one a second up to now
    statuses = ["approved", "rejected", "in_process", "refunded"]
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")

    def rows_():
        for index in range(count):
            newest = index == count - 1
            yield (f"n-{index}", "payment.updated" if index % 3 == 0 else "payment.created",
                   MARKER if newest else str(10_000_000_000 + index), base + index,
                   '{"action":"payment.created","data":{"id":"%d"}}' % index, statuses[index % 4], base + index)

    db.executemany(
        "INSERT INTO notification (notification_id, kind, topic, action, data_id, live_mode, seller, signature, "
        "received_at, body, duplicate, processing, resource_status, processed_at) "
        "VALUES (?, 'webhook', 'payment', ?, ?, 1, 'default', 'valid', ?, ?, 0, 'done', ?, ?)", rows_())
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    size = os.path.getsize(path)
    print(f"populated {count:,} notifications in {time.monotonic() - started:.1f} s ({size / 1e6:.0f} MB file)")
    return path


def soak(home, seconds):
    """Starts the dashboard, inserts one notification a second for `seconds`; returns (VmRSS, VmHWM) in kB at the
    start and at the end."""
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.execve(binary, [binary, "dashboard", "--readonly"], environment(home))

    def drain(duration):
        end = time.monotonic() + duration
        while time.monotonic() < end:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    os.read(fd, 65536)
                except OSError:
                    return

    def memory():
        values = {}
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    values[line.split(":")[0]] = int(line.split()[1])
        return values["VmRSS"], values["VmHWM"]

    drain(5)
    first = memory()
    db = sqlite3.connect(os.path.join(home, "data", "golive", "golive.sqlite"))
    for index in range(int(seconds)):
        db.execute(
            "INSERT INTO notification (notification_id, kind, topic, action, data_id, live_mode, seller, signature, "
            "received_at, body, duplicate, processing, resource_status, processed_at) VALUES (?, 'webhook', "
            "'payment', 'payment.created', ?, 1, 'default', 'valid', ?, '{}', 0, 'done', 'approved', ?)",
            (f"soak-{index}-{time.time_ns()}", str(20_000_000_000 + index), time.time(), time.time()))
        db.commit()
        drain(1)
    db.close()
    last = memory()
    os.write(fd, b"q")
    drain(1)
    if not os.waitpid(pid, os.WNOHANG)[0]:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    return first, last


def start(home, args, marker=None, rss_after=None):
    """Returns (first byte, first frame, marker seen, exit ok, rss, hwm) in ms / kB."""
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.execve(binary, [binary] + args, environment(home))
    first = frame = seen = None
    output = b""
    last = t0
    end = t0 + 20
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.01)
        now = time.monotonic()
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            if first is None:
                first = now
            last = now
            output += data
            if marker and seen is None and marker.encode() in output:
                seen = now
        elif first is not None and frame is None and now - last > 0.05:
            frame = last  # the first burst of writes is over
        if (marker is None or seen is not None) and frame is not None:
            break
    rss = hwm = None
    if rss_after:
        deadline = time.monotonic() + rss_after
        while time.monotonic() < deadline:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    os.read(fd, 65536)
                except OSError:
                    break
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    os.write(fd, b"q")
    code = None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and code is None:
        p, st = os.waitpid(pid, os.WNOHANG)
        if p:
            code = os.waitstatus_to_exitcode(st)
        else:
            try:
                if select.select([fd], [], [], 0.05)[0]:
                    os.read(fd, 65536)
            except OSError:
                pass
    if code is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    ms = lambda t: None if t is None else (t - t0) * 1000
    return ms(first), ms(frame), ms(seen), code == 0, rss, hwm


def summary(name, results):
    def stat(values):
        values = [v for v in values if v is not None]
        if not values:
            return "n/a"
        return f"median {statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"
    firsts, frames, seens = zip(*[(r[0], r[1], r[2]) for r in results])
    print(f"{name}: first byte {stat(firsts)} · first frame {stat(frames)} · feed shown {stat(seens)} · "
          f"exit ok {sum(r[3] for r in results)}/{len(results)}")
    return statistics.median([s for s in seens if s is not None] or [0])


big = a.keep or tempfile.mkdtemp(prefix="golive-startup-")
os.makedirs(big, exist_ok=True)
small = tempfile.mkdtemp(prefix="golive-startup-small-")
try:
    populate(big, a.rows)
    populate(small, 20)
    print(f"golive dashboard --readonly start-up at {a.size} ({binary})")
    version = []
    for _ in range(a.runs):
        t0 = time.monotonic()
        subprocess.run([binary, "--version"], env=environment(small), stdout=subprocess.DEVNULL, check=True)
        version.append((time.monotonic() - t0) * 1000)
    print(f"anchor `golive --version` (start to exit): median {statistics.median(version):.0f} ms")
    start(small, ["dashboard", "--readonly"], MARKER)
    small_results = [start(small, ["dashboard", "--readonly"], MARKER) for _ in range(a.runs - 1)]
    small_results.append(start(small, ["dashboard", "--readonly"], MARKER, rss_after=5))
    small_seen = summary("anchor: 20 notifications", small_results)
    start(big, ["dashboard", "--readonly"], MARKER)  # warms the page cache
    results = [start(big, ["dashboard", "--readonly"], MARKER) for _ in range(a.runs - 1)]
    results.append(start(big, ["dashboard", "--readonly"], MARKER, rss_after=5))
    big_seen = summary(f"{a.rows:,} notifications", results)
    rss, hwm = results[-1][4], results[-1][5]
    print(f"ratio feed shown {a.rows:,} / 20 notifications: {big_seen / max(small_seen, 1):.2f}")
    print(f"memory after 5 s with {a.rows:,} notifications: VmRSS {rss / 1024:.1f} MiB ({rss * 1024 / 1e6:.1f} MB), "
          f"VmHWM {hwm / 1024:.1f} MiB ({hwm * 1024 / 1e6:.1f} MB); with 20 notifications: VmRSS "
          f"{small_results[-1][4] / 1024:.1f} MiB, VmHWM {small_results[-1][5] / 1024:.1f} MiB")
    if a.soak > 0:
        first, last = soak(big, a.soak)
        print(f"soak: {a.soak:.0f} s with one new notification a second ({a.rows:,} in the store): VmRSS "
              f"{first[0] / 1024:.1f} → {last[0] / 1024:.1f} MiB, VmHWM {first[1] / 1024:.1f} → {last[1] / 1024:.1f} MiB")
finally:
    shutil.rmtree(small, ignore_errors=True)
    if not a.keep:
        shutil.rmtree(big, ignore_errors=True)
