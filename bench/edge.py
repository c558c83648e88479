"""The site behind Varnish on the day Article 5 is invoked (`python bench/run.py edge`).

Starts gunicorn (the bench's 2 sync workers) on PostgreSQL and Redis, a real Celery
worker, and varnishd running deploy/varnish/default.vcl rewritten to that gunicorn
(`bench.varnish`, as the edge tests do), with CACHE_PURGE_URLS at Varnish's purge
listener and SITE_URL at its public one, as docker compose wires them. Then:

1. Rates: wrk on the home page, /api/status.json and /badge.svg, straight at gunicorn
   (its own page cache) and through Varnish, case by case in one run, so the ratio is
   of figures taken minutes apart on the same machine.
2. A 60 s spike through Varnish on the three pages with a verdict change half-way,
   made through `status.services.change_verdict` in another process (the moment its
   transaction commits is recorded). wrk's Lua reads the body of every response and
   records when it first saw the new verdict and when it last saw the old one. Reported:
   commit to the first new-verdict response, old-verdict responses after Varnish
   acknowledged the purge (the Celery worker's `Purge.done_at`), and the renders the
   origin made per page (`bench.middleware.CountRenders`).
3. The origin stopped: the same pages through Varnish (fresh copies, then copies
   soft-purged to stale, served by grace), compared with the bodies before the stop,
   and /healthz through Varnish.

Not a test: nothing asserts; it reports (figures in bench/README.md).
"""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import redis

from bench.middleware import RENDERS_KEY
from bench.redis_server import RedisServer
from bench.run import (
    ENV,
    PY,
    ROOT,
    manage,
    measure,
    prepare_site,
    start_gunicorn,
)
from bench.varnish import Varnish, free_port

PAGES = ("/", "/api/status.json", "/badge.svg")
# As the TLS proxy in front says it; the worker fetches pages again with the same.
THROUGH_PROXY = "X-Forwarded-Proto: http"
SPIKE_SECONDS = int(os.environ.get("BENCH_SPIKE_SECONDS", "60"))
SPIKE_CONNECTIONS_PER_PAGE = 16
# BENCH_SPIKE_ONLY=1: skip the rates, for trying the spike again in a minute or two.
SPIKE_ONLY = os.environ.get("BENCH_SPIKE_ONLY", "") == "1"
DEBUG_RENDERS = os.environ.get("BENCH_DEBUG_RENDERS", "") == "1"
CHANGE_AFTER = SPIKE_SECONDS / 2
# The spike's wrk yields the cores to the site's processes (Varnish, gunicorn, the worker,
# PostgreSQL, Redis), which in production share none with the readers' load; at equal
# priority three busy wrk processes starve the origin's /healthz past Varnish's probe.
SPIKE_NICENESS = int(os.environ.get("BENCH_SPIKE_NICENESS", "10"))
# wrk as readers on other machines would be: one thread on the last CPU, so that it
# does not take turns with Varnish on both (on two cores, where the scheduler put wrk
# showed in the p99 more than the cache did). BENCH_WRK_THREADS / BENCH_WRK_CPUS override.
WRK_THREADS = int(os.environ.get("BENCH_WRK_THREADS", "1"))
WRK_CPUS = os.environ.get("BENCH_WRK_CPUS", str(os.cpu_count() - 1) if os.cpu_count() > 1 else "")
DOWN_REQUESTS = 500
# edge.tasks.SETTLE_SECONDS: the worker purges a change's keys again this long after.
SETTLE_SECONDS = 5
# How many of the latest old-verdict responses each wrk remembers the time of.
OLD_RING = 20000

# The verdict before the spike: set at start-up, so every run begins from the same one.
RESET = """
from django.contrib.auth import get_user_model
from status import services
from status.models import State
user = get_user_model().objects.get(username="bench-admin")
services.change_verdict(
    user=user, state=State.NO_WAR, answer="No", headline="No war: bench {token}.",
    summary="NATO and Russia are not at war.", reason="The bench starts from No.",
)
"""

# The change, made when the bench writes a line to it, from a process as warm as an
# editor's gunicorn worker (Django loaded, a check recorded through the same audit and
# purge code first: cold, the first change spends most of a second importing, many
# seconds on a starved machine), and timed: the moment COMMIT returned (before the
# on-commit hooks that queue the purge run), and the audit entry whose purge the worker
# sends.
CHANGE = """
import sys
import time
from django.contrib.auth import get_user_model
from django.db import connection
from audit.models import AuditEntry
from status import services
from status.models import State
user = get_user_model().objects.get(username="bench-admin")
marks = {{}}
run_hooks = connection.run_and_clear_commit_hooks
def timed_hooks():
    marks.setdefault("commit", time.time())
    run_hooks()
services.record_check(user=user, note="Bench: warming up the editor's process.")
connection.run_and_clear_commit_hooks = timed_hooks
print("READY", flush=True)
sys.stdin.readline()
marks["go"] = time.time()
services.change_verdict(
    user=user, state=State.ARTICLE5_INVOKED, answer="Yes",
    headline="Article 5 invoked: bench {token}.",
    summary="The North Atlantic Council invoked Article 5.", reason="Article 5 was invoked.",
)
print("COMMIT", marks["commit"], AuditEntry.objects.latest("id").pk, marks["go"])
"""

ACKS = """
from edge.models import Purge
for row in Purge.objects.filter(entry_id={entry}).order_by("id"):
    print("ACK", row.state, row.done_at.timestamp() if row.done_at else "-", " ".join(row.keys))
"""

# wrk's Lua, once per page: every response's body is read; the new verdict's marker in
# it counts it new, anything else with a 200 old. Times are the wall clock (CLOCK_REALTIME,
# the clock Python's time.time() and the worker's done_at read) when the response arrived.
SPIKE_LUA = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec[1]")
local function now()
  ffi.C.clock_gettime(0, ts)
  return tonumber(ts[0].tv_sec) + tonumber(ts[0].tv_nsec) * 1e-9
end

marker = %(marker)s
new, old, failed, first_new, last_old, old_after_new = 0, 0, 0, 0, 0, 0
-- The arrival times of the last RING old-verdict responses, written out at the end: the
-- bench counts those that arrived after Varnish acknowledged the purge.
RING = %(ring)d
old_times, ring_at = {}, 0

function response(status, headers, body)
  local t = now()
  if status ~= 200 then
    failed = failed + 1
  elseif string.find(body, marker, 1, true) then
    new = new + 1
    if first_new == 0 then first_new = t end
  else
    old = old + 1
    last_old = t
    ring_at = ring_at %% RING + 1
    old_times[ring_at] = t
    if first_new > 0 then old_after_new = old_after_new + 1 end
  end
end

threads = {}
function setup(thread) table.insert(threads, thread) end

function done(summary, latency, requests)
  local t = threads[1]
  io.write(string.format("RESULT new=%%d old=%%d failed=%%d first_new=%%.6f last_old=%%.6f old_after_new=%%d\\n",
    t:get("new"), t:get("old"), t:get("failed"), t:get("first_new"), t:get("last_old"),
    t:get("old_after_new")))
  local out = io.open(%(times)s, "w")
  for _, moment in pairs(t:get("old_times")) do out:write(string.format("%%.6f\\n", moment)) end
  out:close()
end
"""


def bench_env(varnish: Varnish, own_redis: RedisServer) -> dict[str, str]:
    return {
        **ENV,
        # The page cache in db 0, the task queue in db 1, as docker compose has them.
        "REDIS_URL": own_redis.url(0),
        "CELERY_BROKER_URL": own_redis.url(1),
        "CACHE_PURGE_URLS": varnish.purge_url,
        # The worker fetches pages again with this Host: the one readers use.
        "SITE_URL": varnish.url,
        "BENCH_COUNT_RENDERS": "true",
    }


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    """A Celery worker as `make worker` runs one, on the bench's broker."""
    celery = str(Path(PY).with_name("celery"))
    proc = subprocess.Popen(
        [celery, "-A", "warstatus", "worker", "--loglevel=warning", "--concurrency=2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    ping = "from warstatus.celery import ping; print(ping.delay().get(timeout=60))"
    manage("shell", "-c", ping, env=env)
    return proc


def wait_for_worker(env: dict[str, str], limit: float = 60) -> None:
    """Until the worker holds no task: none queued, none taken and not yet done (the
    repeated purge waits in the worker, unacknowledged, for its countdown)."""
    broker = redis.Redis.from_url(env["CELERY_BROKER_URL"])
    deadline = time.monotonic() + limit
    idle = 0  # polls in a row: a task moves from the queue to `unacked` in two steps
    while time.monotonic() < deadline:
        queued = broker.llen("celery") + broker.llen("edge")
        idle = idle + 1 if not queued and not broker.hlen("unacked") else 0
        if idle == 10:
            return
        time.sleep(0.2)
    print(f"The worker still held tasks after {limit:.0f} s")


def render_moments(r: redis.Redis, start: float, end: float) -> dict[str, list[float]]:
    """When the origin rendered each page between `start` and `end` (unix times)."""
    moments: dict[str, list[float]] = {}
    for item in r.lrange(RENDERS_KEY, 0, -1):
        moment, path, statements, first = item.decode().split(" ", 3)
        if start <= float(moment) <= end:
            moments.setdefault(path, []).append(float(moment))
            if DEBUG_RENDERS:
                print(f"  render {path} at {float(moment):.3f}: {statements} statements, {first}")
    return moments


def renders_since(r: redis.Redis, start: float, end: float) -> dict[str, int]:
    return {path: len(times) for path, times in render_moments(r, start, end).items()}


def rates(origin: str, proxy: str, r: redis.Redis) -> None:
    """Each page straight at gunicorn, then through Varnish, median of the rounds."""
    print(f"\n{'page':18} {'where':8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} errors")
    for page in PAGES:
        start = time.time()
        direct = measure(origin + page, threads=WRK_THREADS, cpus=WRK_CPUS)
        origin_renders = renders_since(r, start, time.time()).get(page, 0)
        cached = measure(proxy + page, header=THROUGH_PROXY, threads=WRK_THREADS, cpus=WRK_CPUS)
        for where, row in (("gunicorn", direct), ("varnish", cached)):
            print(
                f"{page:18} {where:8} {row['rps']:9.0f} {row['p50']:8.2f} {row['p99']:8.2f} "
                f"{row['errors']} / sockets: {row['socket_errors']}"
            )
        ratio = cached["rps"] / direct["rps"]
        print(
            f"{'':18} ratio {ratio:.1f}; p99/p50 through Varnish "
            f"{cached['p99'] / cached['p50']:.1f}; renders at the origin meanwhile: "
            f"{origin_renders}"
        )


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _spike_wrk(url: str, marker: str) -> tuple[subprocess.Popen, Path, Path]:
    script = Path(tempfile.mkstemp(suffix=".lua", prefix="bench-edge-")[1])
    times = Path(tempfile.mkstemp(suffix=".txt", prefix="bench-edge-old-")[1])
    script.write_text(
        SPIKE_LUA
        % {"marker": _lua_string(marker), "ring": OLD_RING, "times": _lua_string(str(times))}
    )
    # On the rates' wrk's CPUs: readers' load, not the site's.
    pinned = ["taskset", "-c", WRK_CPUS] if WRK_CPUS else []
    cmd = [
        *pinned,
        "nice",
        "-n",
        str(SPIKE_NICENESS),
        "wrk",
        "-t1",
        f"-c{SPIKE_CONNECTIONS_PER_PAGE}",
        f"-d{SPIKE_SECONDS}s",
        "--latency",
        "-H",
        THROUGH_PROXY,
        "-s",
        str(script),
        url,
    ]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True), script, times


def _parse_spike(out: str) -> dict:
    result = re.search(r"RESULT (.*)", out).group(1)
    fields = {k: float(v) for k, v in (pair.split("=") for pair in result.split())}
    fields["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    for pct in ("50", "99"):
        found = re.search(rf"\s+{pct}%\s+([\d.]+)(\w+)", out)
        fields[f"p{pct}"] = (
            float(found.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[found.group(2)]
        )
    sockets = re.search(r"Socket errors: (.*)", out)
    fields["sockets"] = sockets.group(1) if sockets else "none"
    return fields


def spike(proxy: str, origin: str, env: dict[str, str], r: redis.Redis, token: str) -> None:
    markers = {
        "/": f"Article 5 invoked: bench {token}.",
        "/api/status.json": f"Article 5 invoked: bench {token}.",
        "/badge.svg": ": Yes</title>",
    }
    change = subprocess.Popen(
        [PY, "manage.py", "shell", "-c", CHANGE.format(token=token)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    change.stdout.readline()  # READY
    wait_for_worker(env)  # the warm-up check's purges, done before the spike
    runs = {page: _spike_wrk(proxy + page, markers[page]) for page in PAGES}
    started = time.time()
    probe = ProbeWatch(proxy, origin)
    time.sleep(CHANGE_AFTER)
    said, _ = change.communicate("go\n")
    _, commit, entry, go = re.search(r"COMMIT ([\d.]+) (\d+) ([\d.]+)", said).group(0).split()
    commit, go = float(commit), float(go)
    results = {}
    old_times = {}
    for page, (proc, script, times) in runs.items():
        out, _ = proc.communicate()
        script.unlink()
        results[page] = _parse_spike(out)
        old_times[page] = [float(line) for line in times.read_text().split()]
        times.unlink()
    probe.stop()
    # The worker purges once more 5 s after the first purge (edge.tasks.SETTLE_SECONDS)
    # and fetches the pages again: its renders, if any, count for this change too.
    time.sleep(max(0.0, commit + SETTLE_SECONDS - time.time()))
    wait_for_worker(env)
    acks = re.findall(r"ACK (\S+) (\S+) (.*)", manage("shell", "-c", ACKS.format(entry=entry)))
    ack_times = [float(done) for state, done, _ in acks if state == "done"]
    ack = min(ack_times) if ack_times else None
    print(
        f"\nSpike: {SPIKE_SECONDS} s, {SPIKE_CONNECTIONS_PER_PAGE} connections per page, "
        f"verdict changed {commit - started:.1f} s in (the service call took "
        f"{1000 * (commit - go):.0f} ms to its commit); purge keys "
        f"{acks[0][2] if acks else '-'}, "
        + (
            f"acknowledged by Varnish {1000 * (ack - commit):.0f} ms after the commit"
            if ack
            else "NOT acknowledged"
        )
    )
    print(
        f"{'page':18} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'failed':>6} {'old':>8} "
        f"{'new':>8}  first new after commit  old after ack  old after a new  last old vs ack"
    )
    for page, f in results.items():
        first_new = f"{1000 * (f['first_new'] - commit):.0f} ms" if f["first_new"] else "never"
        last_old = f"{1000 * (f['last_old'] - ack):+.0f} ms" if ack and f["last_old"] else "-"
        late = sum(moment > ack for moment in old_times[page]) if ack else 0
        late_text = f"{'>=' if late == OLD_RING else ''}{late}"
        # Old after a new: an old page after the new one was seen (the cache flipped back).
        print(
            f"{page:18} {f['rps']:8.0f} {f['p50']:7.2f} {f['p99']:7.2f} {f['failed']:6.0f} "
            f"{f['old']:8.0f} {f['new']:8.0f}  {first_new:>22}  {late_text:>13}  "
            f"{f['old_after_new']:15.0f}  {last_old:>15}   sockets: {f['sockets']}"
        )
    print(
        f"Varnish's probe of the origin, asked every 0.5 s through /healthz: "
        f"{probe.down} times down of {probe.asked}; the origin's own /healthz meanwhile: "
        f"{probe.origin_said}"
    )
    after = render_moments(r, commit, time.time())
    before = renders_since(r, started, commit)
    print(
        "Renders at the origin from the commit to the repeated purge's refill (s after the "
        "commit): "
        + (
            ", ".join(
                f"{path} {len(moments)} ({' '.join(f'{m - commit:+.2f}' for m in moments)})"
                for path, moments in sorted(after.items())
            )
            or "none"
        )
        + "; before the commit: "
        + (", ".join(f"{path} {n}" for path, n in sorted(before.items())) or "none")
    )


class ProbeWatch:
    """Asks /healthz through Varnish every 0.5 s: how often its probe called the origin
    down (a miss then gets a 503 instead of a fetch)."""

    def __init__(self, proxy: str, origin: str):
        self.proxy, self.origin = proxy, origin
        self.asked = self.down = 0
        self.origin_said: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        with httpx.Client(base_url=self.proxy, timeout=5) as client:
            while not self._stop.wait(0.5):
                try:
                    said = client.get("/healthz").reason_phrase
                except httpx.HTTPError:
                    continue
                self.asked += 1
                self.down += said == "Origin down"
                try:
                    direct = httpx.get(self.origin + "/healthz", timeout=5)
                except httpx.HTTPError as error:
                    answer = type(error).__name__
                else:
                    answer = f"{direct.status_code} {direct.text[:200]}"
                self.origin_said[answer] = self.origin_said.get(answer, 0) + 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def origin_down(gunicorn: subprocess.Popen, varnish: Varnish, env: dict[str, str]) -> None:
    """Stop gunicorn; the pages through Varnish, fresh and then stale, and /healthz."""
    headers = {"X-Forwarded-Proto": "http"}
    with httpx.Client(base_url=varnish.url, headers=headers, timeout=10) as client:
        # Its probe may have called the origin down while the spike loaded the machine.
        waited = time.monotonic()
        while client.get("/healthz").status_code != 200 and time.monotonic() - waited < 60:
            time.sleep(0.5)
        print(f"\nOrigin up again for Varnish's probe after {time.monotonic() - waited:.1f} s")
        before = {page: client.get(page).content for page in PAGES}
        wait_for_worker(env)  # no purge still to come, that would empty the cache
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait()
        stopped = time.monotonic()
        # Until the probe says so: at once a pass to the stopped origin fails with a 503
        # too, but "Backend fetch failed" (the VCL answers "Origin down" itself).
        while client.get("/healthz").reason_phrase != "Origin down":
            time.sleep(0.1)
        noticed = time.monotonic() - stopped
        print(
            f"Origin stopped: /healthz through Varnish said 503 after {noticed:.1f} s "
            "(its probe: every 2 s, 3 failures of the last 5)."
        )
        for label in ("fresh copies", "soft-purged to stale (grace)"):
            if label.startswith("soft"):
                response = httpx.request(
                    "PURGE", varnish.purge_url + "/", headers={"xkey-softpurge": "all"}
                )
                print(f"  soft purge of `all`: {response.status_code} {response.reason_phrase}")
            for page in PAGES:
                same, statuses, caches, times = 0, {}, {}, []
                for _ in range(DOWN_REQUESTS):
                    begun = time.perf_counter()
                    response = client.get(page)
                    times.append(1000 * (time.perf_counter() - begun))
                    same += response.content == before[page]
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    cache = response.headers.get("X-Cache", "-")
                    caches[cache] = caches.get(cache, 0) + 1
                print(
                    f"  {label}, {page}: {DOWN_REQUESTS} requests, statuses {statuses}, "
                    f"{same} with the body from before the stop, X-Cache {caches}, "
                    f"median {statistics.median(times):.2f} ms"
                )
        health = [client.get("/healthz") for _ in range(50)]
        said = sorted({f"{h.status_code} {h.reason_phrase}" for h in health})
        print(f"  /healthz through Varnish, 50 requests: {said}")


def main() -> None:
    prepare_site()
    origin_port = free_port()
    varnish = Varnish("127.0.0.1", origin_port)
    own_redis = RedisServer()
    env = bench_env(varnish, own_redis)
    r = redis.Redis.from_url(own_redis.url())
    gunicorn = start_gunicorn(origin_port, env=env)
    worker = start_worker(env)
    try:
        varnish.start()
        token = f"{int(time.time())}"
        manage("shell", "-c", RESET.format(token=token), env=env)
        time.sleep(7)  # the worker's purge, its warm-up and its purge 5 s later
        print(
            f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
            f"{os.getloadavg()[2]:.2f}"
        )
        if not SPIKE_ONLY:
            rates(f"http://127.0.0.1:{origin_port}", varnish.url, r)
            time.sleep(3)
        spike(varnish.url, f"http://127.0.0.1:{origin_port}", env, r, token)
        origin_down(gunicorn, varnish, env)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        if gunicorn.poll() is None:
            gunicorn.terminate()
            gunicorn.wait()
        worker.terminate()
        worker.wait()
        varnish.remove()
        own_redis.remove()


if __name__ == "__main__":
    main()
