#!/usr/bin/env python3
"""Time from start to the dashboard's first frame with data, on a real pty, for a big store and an anchor.

usage: Benchmarks/dashboard/first_frame.py STORE [--anchor SMALL_STORE] [--binary .build/debug/golive]
                                           [--seller default] [--runs 5] [--size 120x40]

Fill the stores first (hidden helper, not in the product CLI):
  swift build --product DashboardDataBenchmark
  .build/debug/DashboardDataBenchmark populate /tmp/big.sqlite --rows 1000000
  .build/debug/DashboardDataBenchmark populate /tmp/small.sqlite --rows 200

For each run it starts `golive wall --store sqlite:STORE` (read-only: no checks, no network) on a pty and
reports two times: the first byte on the terminal (the first frame, before any data), and the moment the
newest notification of SELLER (its data id, read from the file with sqlite3) is on the screen. Median of RUNS,
and the ratio to the anchor store (same binary, same run)."""
import argparse, fcntl, os, pty, select, signal, sqlite3, statistics, struct, tempfile, termios, time

ap = argparse.ArgumentParser()
ap.add_argument("store")
ap.add_argument("--anchor")
ap.add_argument("--binary", default=".build/debug/golive")
ap.add_argument("--seller", default="default")
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--size", default="120x40")
ap.add_argument("--timeout", type=float, default=10.0)
a = ap.parse_args()
cols, rows = (int(x) for x in a.size.split("x"))


def newest_data_id(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    row = db.execute(
        "SELECT data_id FROM notification WHERE seller = ? ORDER BY seq DESC LIMIT 1", (a.seller,)).fetchone()
    db.close()
    if row is None:
        raise SystemExit(f"{path} has no notification for seller {a.seller}")
    return row[0].encode()


def run_once(path, marker):
    config = tempfile.mkdtemp(prefix="golive-ff-")
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("GOLIVE_")}
        env.update(TERM="xterm-256color", LANG="C.UTF-8", XDG_CONFIG_HOME=config, HOME=config)
        err = os.open("/dev/null", os.O_WRONLY); os.dup2(err, 2)
        os.execve(a.binary, [a.binary, "wall", "--store", f"sqlite:{path}"], env)
    first = None; data = None; seen = b""
    deadline = start + a.timeout
    while time.monotonic() < deadline and data is None:
        r, _, _ = select.select([fd], [], [], 0.01)
        if r:
            try: chunk = os.read(fd, 65536)
            except OSError: break
            now = time.monotonic()
            if first is None and chunk: first = now - start
            seen += chunk
            if marker in seen: data = now - start
    os.kill(pid, signal.SIGTERM)
    try:
        while True:
            r, _, _ = select.select([fd], [], [], 0.5)
            if not r or not os.read(fd, 65536): break
    except OSError: pass
    os.waitpid(pid, 0)
    os.close(fd)
    return first, data


def measure(path):
    marker = newest_data_id(path)
    firsts, datas = [], []
    run_once(path, marker)  # warm-up: page cache, binary
    for _ in range(a.runs):
        first, data = run_once(path, marker)
        if first is None or data is None:
            raise SystemExit(f"no data frame within {a.timeout} s for {path}")
        firsts.append(first * 1000); datas.append(data * 1000)
    return statistics.median(firsts), statistics.median(datas), max(datas)


big = measure(a.store)
print(f"{a.store}: first frame {big[0]:.0f} ms, first frame with data {big[1]:.0f} ms (max {big[2]:.0f} ms)")
if a.anchor:
    small = measure(a.anchor)
    print(f"{a.anchor} (anchor): first frame {small[0]:.0f} ms, first frame with data {small[1]:.0f} ms")
    print(f"ratio big/anchor, first frame with data: {big[1] / small[1]:.2f}")
