"""The SSRF-safe client, against real HTTP servers on loopback; no database.

Addresses that can't be served here (metadata, NAT64, 6to4, Teredo...) are judged
through the same functions the client calls before connecting.
"""

import gzip
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from core import safe_http
from core.safe_http import FetchError, UnsafeURL, check_url, is_public_address, open_url
from tests.core.bombs import MiB, gibibyte_bomb, gzip_of_zeros


def get(url: str, *, max_bytes: int = MiB, timeout: float = 2, **kw) -> tuple[int, bytes]:
    """GET as feed fetching does; the status and the decoded body."""
    kw.setdefault("allow_private", True)
    with open_url("GET", url, timeout=timeout, max_redirects=5, **kw) as response:
        return response.status, response.read(max_bytes)


def served(httpserver, path: str = "/") -> str:
    return httpserver.url_for(path).replace("localhost", "127.0.0.1")


# --- which addresses --------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.8.8",
        "10.0.0.5",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104  an address to judge, not to bind
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fd00::1",
        "fec0::1",  # site-local, long deprecated
        "ff02::1",
        "2001:db8::1",
        "::7f00:1",  # IPv4-compatible, deprecated
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::a00:1",  # local-use NAT64
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "2001::1",  # Teredo through relay 0.0.0.0
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo to client 192.0.2.45
        "2001:0:a00:1:8000:63bf:f7f7:f7f7",  # Teredo through relay 10.0.0.1
    ],
)
def test_an_address_off_the_public_internet_is_refused(address):
    assert not is_public_address(address)
    with pytest.raises(UnsafeURL, match="non-public"):
        safe_http.resolve_checked(address, 80, allow_private=False)


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "2606:4700:4700::1111",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::",
        "2001:0:4136:e378:8000:63bf:f7f7:f7f7",  # Teredo to client 8.8.8.8
    ],
)
def test_a_public_address_is_allowed_whatever_form_it_takes(address):
    assert is_public_address(address)
    assert safe_http.resolve_checked(address, 443, allow_private=False) == address


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://[64:ff9b::7f00:1]/feed",
        "http://[2002:7f00:1::]/feed",
        "http://2130706433/feed",  # 127.0.0.1 written as one number
        "http://0x7f.1/feed",
    ],
)
def test_a_url_leading_to_a_non_public_address_is_refused(url):
    with pytest.raises(UnsafeURL, match="non-public"):
        check_url(url, allow_private=False)
    with pytest.raises(UnsafeURL, match="non-public"):
        get(url, allow_private=False)


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 80)) for a in ("8.8.8.8", "10.1.2.3")
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kw: answers)
    with pytest.raises(UnsafeURL, match=r"non-public address \(10\.1\.2\.3\)"):
        check_url("https://mixed.example/", allow_private=False)


def test_the_setting_lets_tests_reach_loopback():
    check_url("http://127.0.0.1:8000/feed", allow_private=True)
    check_url("https://8.8.8.8/", allow_private=False)


# --- which URLs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "Only http and https"),
        ("gopher://x.org/", "Only http and https"),
        ("http:///feed", "names no host"),
        ("http://x.org:99999/rss", r"impossible port \(99999\)"),
        ("http://x.org:0/rss", r"impossible port \(0\)"),
        ("https://x.org:70000/rss", "impossible port"),
        ("https://x.org:http/rss", "impossible port"),
        ("https://x.org:-1/rss", "impossible port"),
        ("http://[::1/rss", "not a valid URL"),
        (f"https://{'a' * 64}.org/rss", "host name"),
        ("https://a..b.org/rss", "host name"),
    ],
)
def test_a_url_that_cannot_be_fetched_is_refused_with_a_sentence_saying_why(url, reason):
    for allow_private in (False, True):
        with pytest.raises(UnsafeURL, match=reason) as refused:
            check_url(url, allow_private=allow_private)
        assert len(refused.value.message.split()) >= 4  # a sentence, not a bare ValueError
        with pytest.raises(UnsafeURL, match=reason):
            get(url, allow_private=allow_private)


# --- redirects ------------------------------------------------------------------


@pytest.fixture
def public_stand_in(monkeypatch):
    """A server on 127.0.0.2 that the address rules treat as a public host."""
    real = safe_http.is_public_address
    monkeypatch.setattr(
        safe_http, "is_public_address", lambda address: address == "127.0.0.2" or real(address)
    )
    server = HTTPServer(host="127.0.0.2")
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.mark.parametrize("inside", ["http://169.254.169.254/latest/meta-data/", "loopback"])
def test_a_redirect_into_a_private_address_is_refused(public_stand_in, httpserver, inside):
    target = served(httpserver, "/admin") if inside == "loopback" else inside
    httpserver.expect_request("/admin").respond_with_data("secrets")
    public_stand_in.expect_request("/feed").respond_with_data(
        "", status=302, headers={"Location": target}
    )
    with pytest.raises(UnsafeURL, match="non-public"):
        get(public_stand_in.url_for("/feed"), allow_private=False)
    assert len(public_stand_in.log) == 1  # the first hop was made
    assert httpserver.log == []  # the private server was never asked


def test_redirects_are_followed_to_a_public_address(public_stand_in):
    public_stand_in.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    public_stand_in.expect_request("/new").respond_with_data("here")
    with open_url(
        "GET", public_stand_in.url_for("/old"), allow_private=False, timeout=2, max_redirects=5
    ) as response:
        assert (response.status, response.read(100)) == (200, b"here")
        assert response.url == public_stand_in.url_for("/new")
        assert response.redirects == (301,)


def test_a_redirect_loop_is_refused(httpserver):
    httpserver.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=301, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="loop"):
        get(served(httpserver, "/a"))


def test_more_than_the_allowed_redirects_are_refused(httpserver):
    for n in range(7):
        httpserver.expect_request(f"/{n}").respond_with_data(
            "", status=302, headers={"Location": f"/{n + 1}"}
        )
    with pytest.raises(FetchError, match="Too many redirects"):
        get(served(httpserver, "/0"))


def test_a_post_is_not_redirected(httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data(
        "", status=307, headers={"Location": "/elsewhere"}
    )
    with open_url(
        "POST", served(httpserver, "/hook"), content=b"{}", allow_private=True, timeout=2
    ) as response:
        assert response.status == 307
    assert len(httpserver.log) == 1


# --- the connection goes where the check said -----------------------------------


@pytest.fixture
def rebinding_name(monkeypatch):
    """A name whose first lookup gives loopback and every later one fails, as a
    rebinding DNS server would answer with another address after the check."""
    real = socket.getaddrinfo
    asked = []

    def lookup(host, port, *args, **kw):
        if host != "feeds.rebind.test":
            return real(host, port, *args, **kw)  # the literal address, when connecting
        asked.append(host)
        if len(asked) > 1:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    return asked


def test_the_connection_goes_to_the_checked_address_without_a_second_lookup(
    httpserver, rebinding_name
):
    httpserver.expect_request("/feed").respond_with_data("pinned")
    url = f"http://feeds.rebind.test:{httpserver.port}/feed"
    assert get(url) == (200, b"pinned")
    assert rebinding_name == ["feeds.rebind.test"]
    (request, _response) = httpserver.log[0]
    assert request.headers["Host"] == f"feeds.rebind.test:{httpserver.port}"
    assert request.headers["Accept-Encoding"] == "gzip, deflate"


@pytest.fixture
def tls_server(tmp_path):
    """A TLS server on 127.0.0.1 with a self-signed certificate, noting the SNI it is sent."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=feeds.rebind.test"],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve():
        try:
            conn, _ = listener.accept()
            with context.wrap_socket(conn, server_side=True):
                pass
        except (OSError, ssl.SSLError):
            pass  # the client refusing the certificate ends the handshake

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], names
    thread.join(5)
    listener.close()


def test_an_https_connection_to_the_checked_address_still_names_and_verifies_the_host(
    tls_server, rebinding_name
):
    port, names = tls_server
    with pytest.raises(FetchError, match="(?i)certificate") as refused:
        get(f"https://feeds.rebind.test:{port}/feed")
    assert refused.value.message.startswith("Could not reach feeds.rebind.test")
    assert names == ["feeds.rebind.test"]  # SNI sent to 127.0.0.1 names the host
    assert rebinding_name == ["feeds.rebind.test"]


# --- time and size ----------------------------------------------------------------


def test_a_slow_server_times_out(httpserver):
    def slow(request):
        time.sleep(2.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(FetchError, match="Timed out"):
        get(served(httpserver, "/slow"), timeout=1)
    assert time.monotonic() - started < 2.4


def test_an_answer_that_trickles_in_is_cut_off_at_the_deadline(trickle):
    server = trickle(b"x" * 100, interval=0.2)  # each byte well inside the 1 s read
    started = time.monotonic()
    with pytest.raises(FetchError, match="Timed out") as cut:
        get(server.url(), timeout=1)
    assert time.monotonic() - started < 2.5
    assert "1 s" in cut.value.message


def test_an_oversized_answer_is_refused_while_it_arrives(httpserver):
    big = b"x" * 50_000

    def chunked(request):  # no Content-Length: the cap must apply while reading
        return Response(big[i : i + 4096] for i in range(0, len(big), 4096))

    httpserver.expect_request("/big").respond_with_handler(chunked)
    with pytest.raises(FetchError, match="too large: over 10000 bytes"):
        get(served(httpserver, "/big"), max_bytes=10_000)
    httpserver.expect_request("/declared").respond_with_data(big)
    with pytest.raises(FetchError, match="too large: 50000 bytes"):
        get(served(httpserver, "/declared"), max_bytes=10_000)
    assert get(served(httpserver, "/declared"), max_bytes=50_000) == (200, big)


# --- content codings --------------------------------------------------------------


def test_the_bomb_is_what_it_claims():
    assert gzip.decompress(gzip_of_zeros(3)) == bytes(3 * MiB)
    assert len(gibibyte_bomb()) < 1.1 * MiB
    assert len(gzip.compress(gibibyte_bomb())) < 4096  # twice: a few KB for a GiB


def _streamed(body: bytes, coding: str):
    """A handler sending `body` in chunks with no Content-Length, under `coding`."""

    def handler(request):
        chunks = (body[i : i + 16384] for i in range(0, len(body), 16384))
        return Response(chunks, headers={"Content-Encoding": coding})

    return handler


def _peak_while(call) -> tuple[BaseException | None, int]:
    tracemalloc.start()
    try:
        call()
    except FetchError as exc:
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return None, 0


@pytest.mark.parametrize("coding", ["gzip", "gzip, gzip"])
def test_a_double_gzip_bomb_is_refused_without_being_held_in_memory(bomb_server, coding):
    url = bomb_server(gzip.compress(gibibyte_bomb()), coding)
    refused, peak = _peak_while(lambda: get(url, max_bytes=MiB // 2))
    assert isinstance(refused, FetchError)
    assert refused.message.startswith("The answer from 127.0.0.1")
    assert ("encoded 2 times" if "," in coding else "too large") in refused.message
    assert peak < 2 * MiB


def test_a_gzip_bomb_is_refused_as_soon_as_it_passes_the_cap(bomb_server):
    url = bomb_server(gibibyte_bomb(), "gzip")
    refused, peak = _peak_while(lambda: get(url, max_bytes=MiB))
    assert isinstance(refused, FetchError) and "too large: over 1048576 bytes" in refused.message
    assert peak < 1.5 * MiB + 2 * safe_http.DECODE_STEP


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),  # unwrapped
        ("identity", lambda data: data),
    ],
)
def test_an_encoded_answer_within_the_cap_is_decoded(httpserver, coding, encode):
    text = b"<rss>" + b"NATO and Russia. " * 5000 + b"</rss>"
    body = encode(text)
    httpserver.expect_request("/one").respond_with_data(body, headers={"Content-Encoding": coding})
    httpserver.expect_request("/chunked").respond_with_handler(_streamed(body, coding))
    assert get(served(httpserver, "/one"), max_bytes=len(text)) == (200, text)
    assert get(served(httpserver, "/chunked"), max_bytes=len(text)) == (200, text)
    with pytest.raises(FetchError, match="too large"):
        get(served(httpserver, "/chunked"), max_bytes=len(text) - 1)


@pytest.mark.parametrize(
    ("coding", "reason"),
    [
        ("br", r"cannot be decoded \(br\)"),
        ("gzip, deflate", "encoded 2 times"),
    ],
)
def test_an_answer_in_codings_we_do_not_undo_is_refused_before_it_is_read(
    httpserver, coding, reason
):
    httpserver.expect_request("/x").respond_with_data(b"...", headers={"Content-Encoding": coding})
    with pytest.raises(FetchError, match=reason):
        get(served(httpserver, "/x"))


def test_broken_or_cut_short_compressed_data_is_refused_with_a_sentence(httpserver):
    whole = gzip.compress(b"NATO " * 1000)
    httpserver.expect_request("/cut").respond_with_handler(_streamed(whole[:-20], "gzip"))
    httpserver.expect_request("/junk").respond_with_handler(_streamed(b"not gzip at all", "gzip"))
    with pytest.raises(FetchError, match="cut short"):
        get(served(httpserver, "/cut"))
    with pytest.raises(FetchError, match="not valid gzip data"):
        get(served(httpserver, "/junk"))


def test_an_empty_answer_labelled_gzip_is_empty(httpserver):
    httpserver.expect_request("/empty").respond_with_data(b"", headers={"Content-Encoding": "gzip"})
    assert get(served(httpserver, "/empty")) == (200, b"")
