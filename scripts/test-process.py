#!/usr/bin/env python3
"""The exporter as a real process, against a real hung mount and real signals.

- A FUSE filesystem whose read (then, in a second run, whose stat) never returns, served beside a
  good certificate file: every scrape answers by its deadline with the good certificate and
  meshcert_source_collection_success 0 for the hung source, and SIGTERM still stops the process.
- SIGHUP, SIGUSR1 and SIGUSR2 do not kill it; SIGTERM and SIGINT end it with status 0.
Usage: scripts/test-process.py path/to/meshcert-exporter   (needs fuse3 and python3-fusepy; root for /dev/fuse)
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

EXPORTER = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
# Debian's python3-fusepy is installed for Debian's own interpreter.
FUSE_PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port, timeout_header):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/metrics", headers={"X-Prometheus-Scrape-Timeout-Seconds": str(timeout_header)})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=timeout_header + 10) as response:
        body = response.read().decode()
    return time.monotonic() - started, body


def scrape_quietly(port, timeout_header):
    try:
        scrape(port, timeout_header)
    except OSError:
        pass  # the exporter may close the connection as it stops


def wait_ready(port, process):
    for _ in range(400):
        if process.poll() is not None:
            raise SystemExit(f"exporter exited with {process.returncode} before serving")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("exporter never answered /healthz")


def stops_on(process, sig, what):
    process.send_signal(sig)
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        code = None
    check(code == 0, f"{what}: exits with status 0 within 5 s (got {code})")


def port_closed(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def main_thread_exited(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def stops_with_read_hung(process, port, fs, mount, what):
    """SIGTERM ends the exporter at once: it stops listening and its main thread exits with status 0.
    Linux keeps the process (a zombie) while one of its threads waits on a FUSE request the hung
    daemon never answers, whatever the program does; once the mount goes, it is reaped."""
    process.send_signal(signal.SIGTERM)
    for _ in range(100):
        if port_closed(port) and main_thread_exited(process.pid):
            break
        time.sleep(0.05)
    check(port_closed(port), f"{what}: stops listening within 5 s")
    check(main_thread_exited(process.pid), f"{what}: its main thread exits within 5 s")
    fs.kill()
    fs.wait()
    subprocess.run(["fusermount3", "-u", "-z", mount], capture_output=True)
    try:
        code = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        code = None
    check(code == 0, f"{what}: exit status 0 once the hung mount is gone (got {code})")


def good_certificate(directory):
    os.makedirs(directory)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
         "-subj", "/CN=good.example", "-keyout", os.path.join(directory, "key.pem"), "-out", os.path.join(directory, "cert.pem")],
        check=True, capture_output=True)


def hung_mount(mode):
    with tempfile.TemporaryDirectory() as work:
        good = os.path.join(work, "good")
        good_certificate(good)
        mount = os.path.join(work, "mnt")
        os.makedirs(mount)
        fs = subprocess.Popen([FUSE_PYTHON, os.path.join(HERE, "hungfs.py"), mount, mode], stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                if os.path.ismount(mount):
                    break
                time.sleep(0.05)
            check(os.path.ismount(mount), f"{mode}: the hung FUSE filesystem is mounted")
            config = os.path.join(work, "meshcert.yml")
            with open(config, "w") as f:
                f.write(f"sources:\n  - {{name: good, kind: file, paths: [{good}]}}\n  - {{name: hung, kind: file, paths: [{mount}/cert.pem]}}\n")
            port = free_port()
            exporter = subprocess.Popen([EXPORTER, "--config.file", config, "--web.listen-address", f"127.0.0.1:{port}", "--log.level", "error"])
            try:
                wait_ready(port, exporter)
                for attempt in range(3):
                    elapsed, body = scrape(port, 3)
                    # The deadline is the header less Prometheus' half second: 2.5 s; answered by 3 s.
                    check(elapsed < 3.0, f"{mode}: scrape {attempt + 1} answered in {elapsed:.2f} s, within its deadline plus 0.5 s")
                    check('meshcert_source_collection_success{source="hung"} 0' in body, f"{mode}: scrape {attempt + 1}: the hung source's collection_success is 0")
                    check('meshcert_source_collection_success{source="good"} 1' in body, f"{mode}: scrape {attempt + 1}: the good source's collection_success is 1")
                    check('meshcert_source_certificates{source="good",source_kind="file"} 1' in body, f"{mode}: scrape {attempt + 1}: the good certificate is exported")
                    check(f'meshcert_source_errors_total{{source="hung",source_kind="file",reason="deadline_exceeded"}} {attempt + 1}' in body,
                          f"{mode}: scrape {attempt + 1}: deadline_exceeded counted {attempt + 1} time(s) for the hung source")
                # A scrape is in flight (waiting on the hung source) when SIGTERM comes.
                in_flight = threading.Thread(target=lambda: scrape_quietly(port, 10))
                in_flight.start()
                time.sleep(0.5)
                stops_with_read_hung(exporter, port, fs, mount, f"{mode}: SIGTERM with a read hung and a scrape in flight")
                in_flight.join()
            finally:
                if exporter.poll() is None:
                    exporter.kill()
        finally:
            fs.kill()
            fs.wait()
            subprocess.run(["fusermount3", "-u", "-z", mount], capture_output=True)


def signals():
    with tempfile.TemporaryDirectory() as work:
        good = os.path.join(work, "good")
        good_certificate(good)
        for final in (signal.SIGTERM, signal.SIGINT):
            port = free_port()
            exporter = subprocess.Popen([EXPORTER, "--file", good, "--web.listen-address", f"127.0.0.1:{port}", "--log.level", "error"])
            try:
                wait_ready(port, exporter)
                for sig in (signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
                    exporter.send_signal(sig)
                    _, body = scrape(port, 5)
                    check(exporter.poll() is None and "meshcert_cert_not_after_timestamp_seconds" in body, f"{sig.name} does not stop the exporter; it still serves")
                stops_on(exporter, final, final.name)
            finally:
                if exporter.poll() is None:
                    exporter.kill()


def half_sent_requests():
    """400 connections that send half a request and wait are closed by the server (within its 15 s
    bound plus slack), while a whole request on a new connection is answered meanwhile."""
    with tempfile.TemporaryDirectory() as work:
        good = os.path.join(work, "good")
        good_certificate(good)
        port = free_port()
        exporter = subprocess.Popen([EXPORTER, "--file", good, "--web.listen-address", f"127.0.0.1:{port}", "--log.level", "error"])
        try:
            wait_ready(port, exporter)
            held = []
            for _ in range(400):
                s = socket.create_connection(("127.0.0.1", port))
                s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                held.append(s)
            _, body = scrape(port, 5)
            check("meshcert_cert_not_after_timestamp_seconds" in body, "a whole request is answered while 400 half-sent ones are held")
            deadline = time.monotonic() + 30
            closed = 0
            for s in held:
                s.settimeout(max(0.1, deadline - time.monotonic()))
                try:
                    if s.recv(1) == b"":
                        closed += 1
                except (socket.timeout, ConnectionResetError):
                    closed += 0 if isinstance(sys.exc_info()[1], socket.timeout) else 1
                s.close()
            check(closed == 400, f"the server closed the 400 half-sent requests within 30 s ({closed} closed)")
            stops_on(exporter, signal.SIGTERM, "SIGTERM after the half-sent requests")
        finally:
            if exporter.poll() is None:
                exporter.kill()


hung_mount("read")
hung_mount("stat")
signals()
half_sent_requests()
if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print("process tests: all passed")
