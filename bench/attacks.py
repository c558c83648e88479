"""The site under the attacks of the security review, measured (`python bench/run.py attacks`).

1. A sign-in flood: clients posting failed sign-ins with a new username each time,
   while wrk reads the cached home page. Reports the home page's median before and
   during the flood, the flood's answers (refused cheaply with 429 once the address
   is locked) and how many audit entries the flood wrote.
2. A mail server that accepts connections and never answers, while readers
   subscribe: the subscribe page's median and the home page's median meanwhile.
3. Peak memory (max RSS) of one fetch-and-parse of a double-gzip bomb and of a
   100,000-item feed, each in a fresh process.

Not a test: nothing asserts; rerun and compare (figures in bench/README.md).
"""

from __future__ import annotations

import re
import socket
import subprocess
import tempfile
import threading
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from bench.run import ENV, PY, ROOT, ensure_database, manage, start_gunicorn, wrk
from bench.varnish import free_port

FLOOD_CONNECTIONS = 4

# Each request a new username: the lockout that was per username and address never held.
FLOOD_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local body = "username=flood" .. math.random(1, 1e9) .. "-" .. counter ..
    "&password=wrong&csrfmiddlewaretoken=%(token)s"
  return wrk.format("POST", "/admin/login/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=%(cookie)s",
  }, body)
end
"""

SUBSCRIBE_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local body = "what=verdict&email=reader" .. math.random(1, 1e9) .. "-" .. counter ..
    "@example.org"
  return wrk.format("POST", "/subscribe/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = "%(origin)s",
  }, body)
end
"""


def _csrf(base: str) -> tuple[str, str]:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/admin/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    return token, cookie


def _wrk_script(script: str, url: str, duration: str, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}", "--latency", "-s", lua.name, url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    Path(lua.name).unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"\s+50%\s+([\d.]+\w+)", out).group(1)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": rps,
        "p50": p50,
        "requests": total,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def _during(flood, measure) -> tuple[dict, dict]:
    """Run `flood` in a thread while `measure` runs; both results."""
    out: dict = {}
    thread = threading.Thread(target=lambda: out.setdefault("flood", flood()))
    thread.start()
    measured = measure()
    thread.join()
    return out["flood"], measured


def _audit_count() -> int:
    code = "from audit.models import AuditEntry; print(AuditEntry.objects.count())"
    return int(manage("shell", "-c", code).strip().splitlines()[-1])


def signin_flood(base: str) -> None:
    token, cookie = _csrf(base)
    script = FLOOD_LUA % {"token": token, "cookie": cookie}
    before = wrk(f"{base}/", duration="10s")
    entries_before = _audit_count()
    flood, during = _during(
        lambda: _wrk_script(script, base, "12s", FLOOD_CONNECTIONS),
        lambda: wrk(f"{base}/", duration="10s"),
    )
    written = _audit_count() - entries_before
    print("Sign-in flood (a new username each request, one client address):")
    print(f"  home page p50 before: {before['p50']:.1f} ms, during: {during['p50']:.1f} ms")
    print(
        f"  flood: {flood['requests']} sign-ins at {flood['rps']:.0f}/s, p50 {flood['p50']}, "
        f"{flood['non_2xx']} refused (429); audit entries written: {written}"
    )


def _silent_mail_server() -> tuple[socket.socket, int]:
    """Accepts every connection and never says a word (the review's hanging server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return server, server.getsockname()[1]


def hanging_mail_server() -> None:
    server, port = _silent_mail_server()
    ENV["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    ENV["SUBSCRIBE_LIMIT_PER_CLIENT"] = "1000000"
    ENV["SUBSCRIBE_LIMIT_PER_ADDRESS"] = "1000000"
    port = free_port()
    ENV["SITE_URL"] = f"http://127.0.0.1:{port}"
    gunicorn = start_gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    try:
        script = SUBSCRIBE_LUA % {"origin": base}
        subscribe, during = _during(
            lambda: _wrk_script(script, base, "12s", 2),
            lambda: wrk(f"{base}/", duration="10s"),
        )
        print("A mail server that never answers, readers subscribing (2 at a time):")
        print(
            f"  subscribe: {subscribe['requests']} requests at {subscribe['rps']:.0f}/s, "
            f"p50 {subscribe['p50']}; home page p50 meanwhile: {during['p50']:.1f} ms"
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait()
        server.close()


MEMORY = """
import gzip, resource, sys, threading, zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import django
django.setup()
from news.fetching import FetchError, fetch_feed, parse_feed

kind = sys.argv[1]
if kind == "bomb":
    def gzipped(chunks):
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
        out = [packer.compress(chunk) for chunk in chunks]
        return b"".join(out) + packer.flush()
    zero = bytes(1024 * 1024)
    once = gzipped(zero for _ in range(1024))  # 1 GiB of zeros, never held whole
    body = gzipped([once])
    headers = {"Content-Encoding": "gzip, gzip"}
else:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://e.example/{i}</link>"
        f"<guid>g{i}</guid></item>" for i in range(100_000)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
    body = (body + "</channel></rss>").encode()
    headers = {}

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    result = fetch_feed(f"http://127.0.0.1:{server.server_address[1]}/", allow_private=True,
                        max_bytes=64 * 1024 * 1024)
    outcome = f"{len(parse_feed(result.content).entries)} entries"
except FetchError as error:
    outcome = f"refused: {error}"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{len(body)} bytes sent; {outcome}; peak RSS {peak / 1024:.0f} MiB "
      f"(before the fetch {before / 1024:.0f} MiB)")
"""


def memory() -> None:
    print("Peak memory of one fetch and parse, each in a fresh process:")
    for kind, label in (("bomb", "double-gzip bomb (1 GiB inside)"), ("feed", "100,000 items")):
        out = subprocess.run(
            [PY, "-c", MEMORY, kind], cwd=ROOT, env=ENV, capture_output=True, text=True
        )
        print(f"  {label}: {(out.stdout or out.stderr).strip().splitlines()[-1]}")


def main() -> None:
    ensure_database()
    manage("migrate", "--noinput")
    manage("load_launch_content")
    manage("collectstatic", "--noinput")
    port = free_port()
    gunicorn = start_gunicorn(port)
    try:
        signin_flood(f"http://127.0.0.1:{port}")
    finally:
        gunicorn.terminate()
        gunicorn.wait()
    hanging_mail_server()
    memory()


if __name__ == "__main__":
    main()
