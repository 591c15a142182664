#!/usr/bin/env python3
"""Benchmark of `golive ssl` (issue 4) against sslyze on the same loopback fixture, in the same run.

The fixture: nginx on 127.0.0.1 serving a checkout page over TLS 1.2/1.3 with a certificate chain
(leaf EC P-256 <- intermediate RSA-2048 <- root RSA-2048) generated here with openssl, HSTS, and an
http:// port that answers 301 to the https:// page. Nothing is installed in the system trust store: both
tools get the root as a CA file.

Measured: wall time of the whole command, process start included, N runs each, interleaved so both see
the same machine noise. golive does a full check (chain, trust, name, 4 protocol probes, redirect, page
fetch with HSTS and mixed content). sslyze runs the comparable subset: --certinfo (with the CA file),
--tlsv1 --tlsv1_1 --tlsv1_2 --tlsv1_3 (it tries every cipher suite of each version, more work than
golive's one handshake per version) and --http_headers (HSTS). A third line, one `openssl s_client`
handshake, is the floor of a single TLS connection from a fresh process.

Usage: Benchmarks/ssl/run.py [--runs N] [--golive PATH] [--sslyze "python -m sslyze"]
Needs: openssl, nginx (Debian nginx-light), sslyze (pip install sslyze, e.g. in a venv), a release
build of golive (swift build -c release --product golive).
"""
import argparse
import json
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

PAGE = """<!doctype html><html><head><title>Checkout</title>
<script src="https://sdk.mercadopago.com/js/v2"></script></head>
<body><form action="/process_payment" method="post"><div id="cardPaymentBrick_container"></div></form></body></html>
"""

EXT = """[v3_int]
basicConstraints=critical,CA:true,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
[v3_leaf]
basicConstraints=critical,CA:false
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_pki(d):
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write(EXT)
    o = lambda *a: run(["openssl", *a], cwd=d)
    o("req", "-x509", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem",
      "-days", "3650", "-subj", "/CN=golive Bench Root CA", "-addext", "basicConstraints=critical,CA:true",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    o("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "int.key", "-out", "int.csr",
      "-subj", "/CN=golive Bench Intermediate CA")
    o("x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial",
      "-days", "1825", "-sha256", "-extfile", "ext.cnf", "-extensions", "v3_int", "-out", "int.pem")
    o("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "leaf.key",
      "-out", "leaf.csr", "-subj", "/CN=localhost")
    o("x509", "-req", "-in", "leaf.csr", "-CA", "int.pem", "-CAkey", "int.key", "-CAcreateserial",
      "-days", "90", "-sha256", "-extfile", "ext.cnf", "-extensions", "v3_leaf", "-out", "leaf.pem")
    with open(os.path.join(d, "chain.pem"), "w") as f:
        f.write(open(os.path.join(d, "leaf.pem")).read() + open(os.path.join(d, "int.pem")).read())


def start_nginx(d, https_port, http_port):
    os.makedirs(os.path.join(d, "html"), exist_ok=True)
    os.makedirs(os.path.join(d, "logs"), exist_ok=True)
    with open(os.path.join(d, "html", "checkout"), "w") as f:
        f.write(PAGE)
    conf = f"""
user root;
worker_processes 2;
daemon off;
pid {d}/nginx.pid;
error_log {d}/logs/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {d}/tmp-body; proxy_temp_path {d}/tmp-proxy; fastcgi_temp_path {d}/tmp-fcgi;
  uwsgi_temp_path {d}/tmp-uwsgi; scgi_temp_path {d}/tmp-scgi;
  server {{ listen 127.0.0.1:{http_port}; return 301 https://localhost:{https_port}$request_uri; }}
  server {{
    listen 127.0.0.1:{https_port} ssl;
    ssl_certificate {d}/chain.pem; ssl_certificate_key {d}/leaf.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    root {d}/html; default_type text/html;
  }}
}}
"""
    path = os.path.join(d, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen([nginx, "-p", d, "-c", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=0.1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("nginx did not start: " + proc.stderr.read().decode())


def timed(cmd, check):
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    elapsed = (time.perf_counter() - start) * 1000
    check(p)
    return elapsed


def summary(name, samples):
    s = sorted(samples)
    p90 = s[min(len(s) - 1, int(round(0.9 * (len(s) - 1))))]
    return {"tool": name, "runs": len(s), "median_ms": round(statistics.median(s), 1), "p90_ms": round(p90, 1),
            "min_ms": round(s[0], 1), "max_ms": round(s[-1], 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--golive", default=".build/release/golive")
    ap.add_argument("--sslyze", default="python3 -m sslyze")
    args = ap.parse_args()
    sslyze = shlex.split(args.sslyze)
    d = tempfile.mkdtemp(prefix="golive-ssl-bench-")
    https_port, http_port = free_port(), free_port()
    make_pki(d)
    nginx = start_nginx(d, https_port, http_port)
    try:
        url = f"https://localhost:{https_port}/checkout"
        root = os.path.join(d, "root.pem")
        golive_cmd = [args.golive, "ssl", url, "--ca-file", root, "--http-port", str(http_port), "--json"]
        sslyze_cmd = [*sslyze, f"localhost:{https_port}", "--certinfo", "--certinfo_ca_file", root,
                      "--tlsv1", "--tlsv1_1", "--tlsv1_2", "--tlsv1_3", "--http_headers", "--quiet",
                      "--json_out", os.path.join(d, "sslyze.json")]
        sclient_cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{https_port}", "-servername", "localhost",
                       "-CAfile", root, "-verify_return_error", "-brief"]

        def golive_ok(p):
            doc = json.loads(p.stdout)
            ids = [f["id"] for f in doc["findings"]]
            if p.returncode != 0 or doc["status"] != "pass" or ids:
                raise SystemExit(f"golive did not pass the fixture: {p.returncode} {ids} {p.stderr.decode()}")

        def sslyze_ok(p):
            if p.returncode != 0:
                raise SystemExit("sslyze failed: " + p.stderr.decode()[-500:] + p.stdout.decode()[-500:])

        def sclient_ok(p):
            if p.returncode != 0:
                raise SystemExit("s_client failed: " + p.stderr.decode()[-300:])

        for _ in range(2):  # warm-up: page cache, nginx workers
            timed(golive_cmd, golive_ok)
            timed(sslyze_cmd, sslyze_ok)
        samples = {"golive ssl": [], "sslyze (comparable scans)": [], "openssl s_client (1 handshake)": []}
        for _ in range(args.runs):
            samples["golive ssl"].append(timed(golive_cmd, golive_ok))
            samples["sslyze (comparable scans)"].append(timed(sslyze_cmd, sslyze_ok))
            samples["openssl s_client (1 handshake)"].append(timed(sclient_cmd, sclient_ok))
        sslyze_import = timed([*sslyze[:-2], "-c", "import sslyze"] if sslyze[-2:] == ["-m", "sslyze"] else ["true"],
                              lambda p: None)
        rows = [summary(k, v) for k, v in samples.items()]
        g = rows[0]["median_ms"]
        for r in rows:
            r["ratio_to_golive"] = round(r["median_ms"] / g, 2)
        print(json.dumps({"fixture": url, "rows": rows, "sslyze_python_import_ms": round(sslyze_import, 1),
                          "cpus": os.cpu_count()}, indent=2))
        print()
        print(f"{'tool':34} {'median':>8} {'p90':>8} {'min':>8} {'max':>8}  ratio")
        for r in rows:
            print(f"{r['tool']:34} {r['median_ms']:8.1f} {r['p90_ms']:8.1f} {r['min_ms']:8.1f} {r['max_ms']:8.1f}"
                  f"  {r['ratio_to_golive']:.2f}x")
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
