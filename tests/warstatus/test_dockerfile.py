"""The Dockerfile's build steps, run as the image build would run them.

No Docker engine runs here, so the test plays the builder: the build context is the
checkout's tracked files less `.dockerignore`, a fresh venv stands in for the image's
Python (with no pip configuration, as in the image), and each `RUN` line runs under
`sh -c` in the image's working folder with the Dockerfile's `ENV` and nothing else of
this machine's environment. A setting that breaks the image breaks this test.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest
from packaging.requirements import Requirement

from tests.conftest import ROOT

DOCKERFILE = ROOT / "Dockerfile"
# The image's own operating system, not the project: a RUN line starting with one of
# these changes the base image's users or packages, which this machine must not have
# done to it. Everything else runs.
IMAGE_OS_COMMANDS = {"useradd", "groupadd", "apt-get"}
SYSTEM_CA = "/etc/ssl/certs/ca-certificates.crt"
# What a developer has and the image must not: any of these in the runtime install means
# the image carries the test tools.
TEST_TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "pytest-httpserver",
    "playwright",
    "axe-playwright-python",
    "ruff",
    "hypothesis",
    "coverage",
    "import-linter",
    "check-jsonschema",
    "uv",
}


@dataclass
class Instruction:
    keyword: str
    argument: str


@dataclass
class Build:
    """What the builder leaves behind: the image's files, its Python and what ran."""

    root: Path
    python: Path
    workdir: Path = field(default=Path("/"))
    env: dict[str, str] = field(default_factory=dict)
    user: str = "root"
    skipped: list[str] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    base_mb: float = 0.0  # the bare venv's own pip and setuptools

    def image_path(self, path: str) -> Path:
        absolute = PurePosixPath(path if path.startswith("/") else f"{self.workdir}/{path}")
        return self.root / str(absolute).lstrip("/")


def instructions(text: str) -> list[Instruction]:
    """The Dockerfile's instructions, continuation lines joined, comment lines dropped."""
    logical, current = [], ""
    for line in text.splitlines():
        if line.strip().startswith("#") or (not current and not line.strip()):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    found = []
    for line in logical:
        keyword, _, argument = line.strip().partition(" ")
        found.append(Instruction(keyword.upper(), argument.strip()))
    return found


def env_pairs(argument: str) -> dict[str, str]:
    words = shlex.split(argument)
    if words and "=" not in words[0]:  # the old form: ENV NAME value with spaces
        return {words[0]: " ".join(words[1:])}
    return dict(word.split("=", 1) for word in words)


def ignore_rules(text: str) -> list[tuple[bool, re.Pattern]]:
    """.dockerignore's patterns in order, as (is_exception, regex) pairs."""
    rules = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = ""
        for part in re.split(r"(\*\*/?|\*|\?)", pattern):
            if part.startswith("**"):
                regex += "(?:.*/)?" if part.endswith("/") else ".*"
            elif part == "*":
                regex += "[^/]*"
            elif part == "?":
                regex += "[^/]"
            else:
                regex += re.escape(part)
        rules.append((negated, re.compile(regex + "(?:/.*)?")))
    return rules


def build_context(dest: Path) -> Path:
    """The files `docker build .` would send: what git tracks, less .dockerignore."""
    rules = ignore_rules((ROOT / ".dockerignore").read_text())
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in (n.decode() for n in names if n):
        ignored = False
        for negated, regex in rules:
            if regex.fullmatch(name):
                ignored = not negated
        source = ROOT / name
        if ignored or not source.is_file():
            continue
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest / name)
    return dest


def copy_into_image(build: Build, context: Path, argument: str) -> None:
    words = [word for word in shlex.split(argument) if not word.startswith("--")]
    *sources, target = words
    destination = build.image_path(target)
    for source in sources:
        path = context / source
        if path.is_dir():
            shutil.copytree(path, destination, dirs_exist_ok=True)
        else:
            destination.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination / path.name)


def network_env() -> dict[str, str]:
    """How this machine reaches the package index (its proxy, the CA that proxy signs
    with): the network's, not the project's, so a build here needs it as docker would."""
    names = {"PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NO_PROXY", "no_proxy"}
    names |= {
        f"{scheme}_{case}"
        for scheme in ("http", "https", "HTTP", "HTTPS")
        for case in ("proxy", "PROXY")
    }
    found = {name: os.environ[name] for name in names if name in os.environ}
    if "PIP_CERT" not in found and Path(SYSTEM_CA).is_file():
        found["PIP_CERT"] = SYSTEM_CA
    return found


def run_build(dockerfile: Path, tmp: Path) -> Build:
    context = build_context(tmp / "context")
    python = tmp / "python"  # the image's interpreter, as python:3.11-slim gives it
    venv.create(python, with_pip=True)
    build = Build(root=tmp / "image", python=python, base_mb=size_mb(site_packages(python)))
    build.root.mkdir()
    for step in instructions(dockerfile.read_text()):
        if step.keyword == "FROM":
            assert step.argument.startswith("python:3.11"), "the venv stands in for Python 3.11"
        elif step.keyword == "ENV":
            build.env.update(env_pairs(step.argument))
        elif step.keyword == "WORKDIR":
            build.workdir = Path(step.argument)
            build.image_path(".").mkdir(parents=True, exist_ok=True)
        elif step.keyword == "COPY":
            copy_into_image(build, context, step.argument)
        elif step.keyword == "USER":
            build.user = step.argument
        elif step.keyword == "RUN":
            if shlex.split(step.argument)[0] in IMAGE_OS_COMMANDS:
                build.skipped.append(step.argument)
                continue
            env = {
                # The base image's PATH, its Python first; a home of its own; no pip
                # configuration of this machine's (the image has none), only what this
                # network needs to be reached at all.
                "PATH": f"{python / 'bin'}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME": str(tmp / "home"),
                "PIP_CONFIG_FILE": os.devnull,
                **network_env(),
                **build.env,
            }
            proc = subprocess.run(
                ["/bin/sh", "-c", step.argument],
                cwd=build.image_path("."),
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert proc.returncode == 0, f"RUN {step.argument}\n{proc.stdout}{proc.stderr}"
            build.ran.append(step.argument)
    return build


def site_packages(python: Path) -> Path:
    return next((python / "lib").glob("python3*/site-packages"))


def installed(python: Path) -> dict[str, Path]:
    """Each distribution in the venv, by normalised name, with its metadata folder."""
    found = {}
    for info in site_packages(python).glob("*.dist-info"):
        found[normalise(info.name.removesuffix(".dist-info").rsplit("-", 1)[0])] = info
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(lock: Path) -> set[str]:
    """The packages a lock installs on this Python (its markers evaluated)."""
    lines = re.findall(r"^([A-Za-z0-9].*?)\s*\\?$", lock.read_text(), re.M)
    requirements = [Requirement(line) for line in lines if "==" in line]
    return {normalise(r.name) for r in requirements if not r.marker or r.marker.evaluate()}


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> Build:
    return run_build(DOCKERFILE, tmp_path_factory.mktemp("image-build"))


def test_every_build_step_of_the_dockerfile_runs_in_a_bare_environment(image):
    assert any("pip install" in step for step in image.ran)
    assert any("collectstatic" in step for step in image.ran)
    assert all(shlex.split(s)[0] in IMAGE_OS_COMMANDS for s in image.skipped)
    # collectstatic wrote the stylesheet whitenoise will serve, and the command exists.
    assert (image.image_path("static_root") / "css" / "site.css").is_file()
    assert (image.python / "bin" / "gunicorn").is_file()
    # The interface catalogues, compiled in the build (no gettext in the image).
    for code in ("pl", "et", "lv", "lt", "fi", "ro", "uk"):
        assert (image.image_path("locale") / code / "LC_MESSAGES" / "django.mo").is_file(), code


def test_the_image_installs_the_runtime_lock_and_no_test_tool(image, capsys):
    packages = installed(image.python)
    assert sorted(TEST_TOOLS & set(packages)) == []
    runtime = locked(ROOT / "requirements.lock")
    assert runtime and runtime <= set(packages)
    # Nothing else but the venv's own installer.
    assert set(packages) - runtime <= {"pip", "setuptools"}
    # To the terminal itself: a test worker's stdout is pytest's own channel.
    with capsys.disabled():
        runtime_mb = size_mb(site_packages(image.python)) - image.base_mb
        print(f"\nthe image's runtime install: {runtime_mb:.0f} MB", file=sys.stderr)


def test_the_site_runs_as_a_user_who_cannot_change_its_code(image):
    assert image.user not in {"root", "0"}
    assert not any("chown" in step for step in image.ran), "the code stays root's"
