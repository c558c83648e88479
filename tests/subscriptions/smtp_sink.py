"""A tiny, slow SMTP server on loopback that records each message's recipients.

It also keeps each recipient's mailbox by Message-ID, as mail programs show it: a
message sent twice under one Message-ID is one email to the reader; and each message
as received (`messages`), to read its subject, headers and body.
"""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
import time
from collections import defaultdict

import pytest


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server = self.server
        self.wfile.write(b"220 sink ESMTP\r\n")
        recipients: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode(errors="replace").strip()
            upper = command.upper()
            if upper.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250 sink\r\n")
            elif upper.startswith("MAIL FROM"):
                recipients = []
                self.wfile.write(b"250 OK\r\n")
            elif upper.startswith("RCPT TO"):
                address = command.split(":", 1)[1].strip(" <>")
                with server.lock:
                    refusals = server.refuse.get(address) or []
                    refusal = refusals.pop(0) if refusals else None
                if refusal:
                    self.wfile.write(refusal.encode() + b"\r\n")
                    continue
                recipients.append(address)
                self.wfile.write(b"250 OK\r\n")
            elif upper == "DATA":
                self.wfile.write(b"354 go ahead\r\n")
                lines = []
                while (line := self.rfile.readline()).rstrip(b"\r\n") != b".":
                    lines.append(line)
                message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                message_id = message.get("Message-ID", "")
                with server.lock:
                    server.messages.append(message)
                    server.received.extend(recipients)
                    for recipient in recipients:
                        server.mailboxes[recipient].add(message_id)
                    vanish = any(r in server.vanish_after_data for r in recipients)
                    server.vanish_after_data.difference_update(recipients)
                if vanish:
                    return  # took the message, hung up before saying so
                time.sleep(server.delay)  # slow, so a worker can be killed mid-batch
                self.wfile.write(b"250 queued\r\n")
            elif upper == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, delay: float = 0.0, refuse: dict[str, list[str]] | None = None, port: int = 0
    ):
        """`refuse` maps an address to the replies its next RCPT TOs get, e.g. "451 later".
        `port`: a port a sink used before (the mail server coming back)."""
        super().__init__(("127.0.0.1", port), _Handler)
        self.delay = delay
        self.refuse = refuse or {}
        # Addresses whose message is taken, then the connection dropped without a reply.
        self.vanish_after_data: set[str] = set()
        self.received: list[str] = []
        # Each recipient's Message-IDs: one email per change, however often it came.
        self.mailboxes: defaultdict[str, set[str]] = defaultdict(set)
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def messages_to(self, address: str) -> list[email.message.EmailMessage]:
        """Every message taken for `address`, one per Message-ID (as its reader sees them)."""
        with self.lock:
            by_id = {
                m["Message-ID"]: m
                for m in self.messages
                if address in {a.addr_spec for a in m["To"].addresses}
            }
        return list(by_id.values())

    def stop(self) -> None:
        """Gone: connections to its port are refused until a sink starts there again."""
        self.shutdown()
        self.server_close()


def send_mail_through(settings, sink: SmtpSink) -> None:
    """Point Django's SMTP backend at the sink (pytest-django's `settings` fixture)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


@pytest.fixture
def sink(settings):
    """A mail server on loopback that the site's email goes to, for one test. A test
    module that needs more settings overrides it by name, asking for this one."""
    server = SmtpSink()
    send_mail_through(settings, server)
    settings.EMAIL_TIMEOUT = 2
    yield server
    server.stop()
