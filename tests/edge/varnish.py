"""A real varnishd running deploy/varnish/default.vcl in front of a test server.

The VCL is the production file with only its backend's host and port rewritten, in a
temporary copy. varnishd missing is a failure naming it, never a skip: these tests are
the proof that the shared cache does what the README says.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.processes import free_port

VCL = ROOT / "deploy" / "varnish" / "default.vcl"
# varnishd's limits and timeouts, as the Dockerfile's command passes them.
PARAMS = ROOT / "deploy" / "varnish" / "params"
# Debian's place for vmods (varnish-modules puts xkey there), whatever the architecture.
VMOD_PATH = next(
    (p.parent for p in Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")),
    Path("/usr/lib/x86_64-linux-gnu/varnish/vmods"),
)
INSTALL = "apt-get install varnish varnish-modules"


def varnishd_path() -> str:
    path = shutil.which("varnishd", path=os.environ.get("PATH", "") + ":/usr/sbin:/usr/local/sbin")
    if path is None:
        pytest.fail(f"These tests need varnishd (Varnish 7), which is not installed: `{INSTALL}`.")
    if not (VMOD_PATH / "libvmod_xkey.so").exists():
        pytest.fail(
            f"These tests need the xkey vmod of varnish-modules, not found in {VMOD_PATH}: "
            f"`{INSTALL}`."
        )
    return path


def shipped_params() -> list[str]:
    """deploy/varnish/params as varnishd's arguments: what the image's shell makes of it
    (`$(sed 's/#.*//' params)`: comments dropped, split on white space)."""
    text = PARAMS.read_text()
    assert not re.search(r"[\"'`$\\]", re.sub(r"#.*", "", text)), "params: no quoting"
    return shlex.split(text, comments=True)


def vcl_for_backend(host: str, port: int, folder: Path) -> Path:
    """The production VCL with its backend pointed at `host:port`."""
    text = VCL.read_text()
    text, hosts = re.subn(r'\.host = "[^"]*";', f'.host = "{host}";', text)
    text, ports = re.subn(r'\.port = "[^"]*";', f'.port = "{port}";', text)
    assert (hosts, ports) == (1, 1), "default.vcl should name one backend host and port"
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

    def start(self) -> None:
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
                "malloc,64m",
                "-p",
                f"vmod_path={VMOD_PATH}",
                *shipped_params(),
            ],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        last = None
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "varnishd exited:\n" + self.log.read_text()[-3000:]
            try:
                last = httpx.get(self.url + "/healthz", timeout=2)
                if last.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        said = f"{last.status_code} {last.text[:300]}" if last is not None else "nothing"
        raise AssertionError(f"varnishd did not answer /healthz within 30 s: {said}")

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


class Relay:
    """A TCP relay that can be cut: the worker's road to Varnish going down and back."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.open = True
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", self.port))
        self.server.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.open:
                client.close()  # down: the connection is refused at once
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.server.close()
