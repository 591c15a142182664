#!/usr/bin/env python3
"""The wall display left alone: `golive demo wall --lock` in a detached tmux session for --minutes with no input,
sampled once a --every seconds. What issue 9's "Done when" asks of the wall, measured on the real binary:

  ticking     the header clock (hh:mm:ss) differs between every two samples (a frozen screen is noticed)
  live        the top line of the notifications pane changes while the demo's shop pays (changes as they happen)
  bytes       every byte the program writes to the terminal (tmux pipe-pane), per sample window: B/s, and bytes
              per new feed line over the run, against the dashboard's budget (idle ≤ 50 B/s at 80x24 with nothing
              happening; ≤ 1 KB per new notification)
              (gross: all bytes of the run over the notifications the demo's store received, clock included)
  memory      RSS of the golive process at each sample (VmRSS), first and last
  stderr      must stay empty
  locked      at the end (after the no-input period) the keys q, r, o, c, y, m, Ctrl-C... are sent; the process must
              still be running and the screen still ticking — `--lock` accepts nothing

usage: Benchmarks/wall/soak.py [GOLIVE_BINARY] [--minutes 60] [--every 60] [--size 80x24] [--log FILE]
Prints one JSON line per sample and a summary; exit status 1 when a property does not hold."""
import argparse, glob, json, os, re, sqlite3, shutil, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("binary", nargs="?", default=".build/debug/golive")
ap.add_argument("--minutes", type=float, default=60)
ap.add_argument("--every", type=float, default=60)
ap.add_argument("--size", default="80x24")
ap.add_argument("--log")
ap.add_argument("--follower", action="store_true",
                help="also run a plain `golive wall --store sqlite:<the demo's store>` in a second tmux session and "
                     "sample its RSS: the wall's own memory, apart from the demo's in-process Sandbox and shop")
a = ap.parse_args()
binary = os.path.abspath(a.binary)
cols, rows = a.size.split("x")
home = tempfile.mkdtemp(prefix="golive-wall-soak-")
socket = "golive-wall-soak-%d" % os.getpid()
stream, stderr_path = os.path.join(home, "stream"), os.path.join(home, "stderr")
env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"), XDG_CONFIG_HOME=os.path.join(home, "config"),
           LANG="C.UTF-8", TERM="xterm-256color", TZ="UTC", TMPDIR=home)
log = open(a.log, "a") if a.log else None
CLOCK = re.compile(r"(\d\d:\d\d:\d\d)\s*$")


def tmux(*args):
    return subprocess.run(["tmux", "-L", socket, *args], env=env, capture_output=True, text=True).stdout


def emit(record):
    line = json.dumps(record)
    print(line, flush=True)
    if log:
        log.write(line + "\n"); log.flush()


def rss_kib(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None


def golive_pid(shell_pid):
    # tmux runs the command through sh -c; the golive process is the shell itself (exec) or its child.
    try:
        if "golive" in open("/proc/%d/cmdline" % shell_pid, "rb").read().decode(errors="replace"):
            return shell_pid
        children = open("/proc/%d/task/%d/children" % (shell_pid, shell_pid)).read().split()
        return int(children[0]) if children else None
    except OSError:
        return None


def screen():
    lines = tmux("capture-pane", "-p", "-t", "=main:").splitlines()
    clock = next((m.group(1) for m in [CLOCK.search(lines[0])] if m), None) if lines else None
    feed = [l for l in lines if re.match(r"^│ \d\d:\d\d:\d\d ", l)]
    return lines, clock, (feed[0] if feed else None)


tmux("new-session", "-d", "-s", "main", "-x", cols, "-y", rows,
     "exec %s demo wall --lock 2>%s" % (binary, stderr_path))
tmux("pipe-pane", "-t", "=main:", "-o", "cat >> %s" % stream)
time.sleep(3)
pid = golive_pid(int(tmux("display", "-p", "-t", "=main:", "#{pane_pid}").strip()))
follower_pid = None
if a.follower:
    stores = glob.glob(os.path.join(home, "golive-demo-*", "golive.sqlite"))
    if stores:
        tmux("new-session", "-d", "-s", "follower", "-x", cols, "-y", rows,
             "exec %s wall --lock --seller production --store sqlite:%s 2>%s.follower" % (binary, stores[0], stderr_path))
        time.sleep(3)
        follower_pid = golive_pid(int(tmux("display", "-p", "-t", "=follower:", "#{pane_pid}").strip()))
start, failures = time.time(), []
samples, feed_changes, last_feed, last_clock, last_bytes, last_time = [], 0, None, None, 0, start
frozen = 0
while time.time() - start < a.minutes * 60:
    time.sleep(a.every)
    now = time.time()
    alive = pid is not None and os.path.exists("/proc/%d" % pid)
    lines, clock, feed = screen()
    size = os.path.getsize(stream) if os.path.exists(stream) else 0
    if clock is None or clock == last_clock:
        frozen += 1
    if feed is not None and feed != last_feed and last_feed is not None:
        feed_changes += 1
    record = {"minute": round((now - start) / 60, 1), "alive": alive, "clock": clock, "feed_top": feed,
              "bytes": size, "bytes_per_s": round((size - last_bytes) / (now - last_time), 1),
              "rss_kib": rss_kib(pid) if alive else None, "stderr_bytes": os.path.getsize(stderr_path)}
    if follower_pid:
        record["follower_rss_kib"] = rss_kib(follower_pid)
    emit(record)
    samples.append(record)
    last_feed, last_clock, last_bytes, last_time = feed or last_feed, clock, size, now
    if not alive:
        failures.append("the wall exited at minute %.1f" % record["minute"])
        break

no_input_minutes = (time.time() - start) / 60
# The lock: changing keys and quit keys are ignored.
before = screen()[0]
for key in ["q", "Q", "r", "o", "c", "y", "m", "w", "t", "Escape", "C-c", "C-d", "Enter"]:
    tmux("send-keys", "-t", "=main:", key)
    time.sleep(0.3)
time.sleep(3)
alive_after_keys = pid is not None and os.path.exists("/proc/%d" % pid)
lines, clock, _ = screen()
if not alive_after_keys:
    failures.append("a key ended the --lock wall")
if frozen:
    failures.append("the clock did not move between %d pairs of samples" % frozen)
if feed_changes == 0:
    failures.append("the feed never changed")
stderr_text = open(stderr_path).read() if os.path.exists(stderr_path) else ""
if stderr_text:
    failures.append("stderr: " + stderr_text[:300])
notifications = None
for path in glob.glob(os.path.join(home, "golive-demo-*", "golive.sqlite")):
    with sqlite3.connect("file:%s?mode=ro" % path, uri=True) as db:
        notifications = db.execute("SELECT count(*) FROM notification").fetchone()[0]
rss = [s["rss_kib"] for s in samples if s["rss_kib"]]
follower_rss = [s["follower_rss_kib"] for s in samples if s.get("follower_rss_kib")]
total = samples[-1]["bytes"] if samples else 0
summary = {"summary": True, "binary": binary, "size": a.size, "no_input_minutes": round(no_input_minutes, 1),
           "samples": len(samples), "clock_frozen_pairs": frozen, "feed_changes_seen": feed_changes,
           "bytes_total": total, "bytes_per_s_mean": round(total / (no_input_minutes * 60), 1) if samples else None,
           "notifications_stored": notifications,
           "bytes_per_notification_gross": round(total / notifications) if notifications else None,
           "bytes_per_s_max_window": max((s["bytes_per_s"] for s in samples), default=None),
           "rss_kib_first": rss[0] if rss else None, "rss_kib_last": rss[-1] if rss else None,
           "rss_kib_max": max(rss) if rss else None,
           "follower_rss_kib_first": follower_rss[0] if follower_rss else None,
           "follower_rss_kib_last": follower_rss[-1] if follower_rss else None, "alive_after_keys": alive_after_keys,
           "stderr_empty": not stderr_text, "failures": failures}
emit(summary)
tmux("kill-server")
shutil.rmtree(home, ignore_errors=True)
sys.exit(1 if failures else 0)
