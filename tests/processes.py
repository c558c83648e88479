"""What tests need to start real processes: a free port, and a shell with nothing of
the test run's own settings (as a newcomer or an operator would have)."""

from __future__ import annotations

import os
import socket

# A bare shell's variables: everything else (DATABASE_URL, SECRET_KEY, ...) is the
# test run's and must be given explicitly.
SHELL = {"PATH", "HOME", "LANG"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bare_env(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k in SHELL}, **extra}
