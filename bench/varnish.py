"""A real varnishd running deploy/varnish/default.vcl in front of a local origin.

The VCL is the production file with only its backend's host and port rewritten, in a
temporary copy. Both the edge tests (`tests/edge/varnish.py`, which turns a missing
varnishd into a failure naming it) and `python bench/run.py edge` start Varnish this
way, so the bench measures the very cache the tests prove. Imports nothing of the site.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
# varnishd's limits and timeouts, as the Dockerfile's command passes them.
PARAMS = ROOT / "deploy" / "varnish" / "params"
# Debian's place for vmods (varnish-modules puts xkey there), whatever the architecture.
VMOD_PATH = next(
    (p.parent for p in Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")),
    Path("/usr/lib/x86_64-linux-gnu/varnish/vmods"),
)
INSTALL = "apt-get install varnish varnish-modules"


class VarnishMissing(Exception):
    """varnishd or its xkey vmod is not installed; the message says how to install them."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def varnishd_path() -> str:
    path = shutil.which("varnishd", path=os.environ.get("PATH", "") + ":/usr/sbin:/usr/local/sbin")
    if path is None:
        raise VarnishMissing(f"varnishd (Varnish 7) is not installed: `{INSTALL}`.")
    if not (VMOD_PATH / "libvmod_xkey.so").exists():
        raise VarnishMissing(
            f"The xkey vmod of varnish-modules is not in {VMOD_PATH}: `{INSTALL}`."
        )
    return path


def shipped_params() -> list[str]:
    """deploy/varnish/params as varnishd's arguments: what the image's shell makes of it
    (`$(sed 's/#.*//' params)`: comments dropped, split on white space)."""
    text = PARAMS.read_text()
    if re.search(r"[\"'`$\\]", re.sub(r"#.*", "", text)):
        raise ValueError("deploy/varnish/params: no quoting (the image's shell splits it plainly)")
    return shlex.split(text, comments=True)


def vcl_for_backend(host: str, port: int, folder: Path) -> Path:
    """The production VCL with its backends (the origin, probed and not) at `host:port`."""
    text = VCL.read_text()
    text, hosts = re.subn(r'\.host = "[^"]*";', f'.host = "{host}";', text)
    text, ports = re.subn(r'\.port = "[^"]*";', f'.port = "{port}";', text)
    if not hosts or hosts != ports:
        raise ValueError("default.vcl should name a host and a port for each backend")
    path = folder / "test.vcl"
    path.write_text(text)
    path.chmod(0o644)
    return path


class Varnish:
    """varnishd with a public listener (`url`) and a purge listener (`purge_url`)."""

    def __init__(self, backend_host: str, backend_port: int):
        self.binary = varnishd_path()
        # Its own folder, readable by the unprivileged user varnishd drops to (pytest's
        # temporary folders are the owner's alone).
        folder = Path(tempfile.mkdtemp(prefix="warstatus-varnish-"))
        folder.chmod(0o755)
        self.folder = folder
        self.vcl = vcl_for_backend(backend_host, backend_port, folder)
        self.port, self.purge_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.purge_url = f"http://127.0.0.1:{self.purge_port}"
        self.proc: subprocess.Popen | None = None
        self.log = folder / "varnishd.log"

    def start(self, *, storage: str = "malloc,64m") -> None:
        """Start, and wait until /healthz answers 200 through it (the origin is up)."""
        # varnishd writes to its own copy of the log's descriptor; ours is closed at once.
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    self.binary,
                    "-F",
                    "-a",
                    f"http=127.0.0.1:{self.port}",
                    "-a",
                    f"purge=127.0.0.1:{self.purge_port}",
                    "-f",
                    str(self.vcl),
                    "-n",
                    str(self.folder / "varnish"),
                    "-s",
                    storage,
                    "-p",
                    f"vmod_path={VMOD_PATH}",
                    *shipped_params(),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("varnishd exited:\n" + self.log.read_text()[-3000:])
            try:
                last = httpx.get(self.url + "/healthz", timeout=2)
                if last.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        said = f"{last.status_code} {last.text[:300]}" if last is not None else "nothing"
        raise RuntimeError(f"varnishd did not answer /healthz within 30 s: {said}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def get(self, path: str, **headers: str) -> httpx.Response:
        # As the TLS proxy in front would: the cache keys on the scheme it reports.
        headers = {"X-Forwarded-Proto": "http", **headers}
        return httpx.get(self.url + path, headers=headers, timeout=10)

    def purge(self, *keys: str) -> httpx.Response:
        return httpx.request(
            "PURGE", self.purge_url + "/", headers={"xkey-purge": " ".join(keys)}, timeout=10
        )
