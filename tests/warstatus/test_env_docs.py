"""The documented environment is the one the code reads: .env.example, the README's
table and the settings name the same variables, no more and no fewer."""

from __future__ import annotations

import ast
import re

import yaml

from tests.conftest import ROOT

# Where the running site reads its environment: Django's settings and gunicorn's.
READERS = ("warstatus/settings.py", "gunicorn.conf.py")


def names_read(source: str) -> set[str]:
    """Variables `source` reads: env_*("NAME", ...), os.environ.get / os.getenv("NAME"),
    os.environ["NAME"]."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and node.args:
            first, func = node.args[0], node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            on_environ = isinstance(func, ast.Attribute) and "environ" in ast.unparse(func.value)
            if name.startswith("env_") or name == "getenv" or (name == "get" and on_environ):
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("environ"):
            if isinstance(node.slice, ast.Constant):
                found.add(node.slice.value)
    return found


def compose_names() -> set[str]:
    """The variables docker compose takes from .env for itself (${NAME...} in the file)."""
    text = yaml.safe_dump(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))
    return set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))


def code_names() -> set[str]:
    read = set().union(*(names_read((ROOT / path).read_text()) for path in READERS))
    read.discard("DJANGO_SETTINGS_MODULE")  # set by manage.py and wsgi.py, never by hand
    return read | compose_names()


def readme_table(heading: str) -> set[str]:
    """The variable names in the first column of the first table under `heading`."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index(heading) :]
    rows = re.search(r"\n(\|.*\n)+", section).group(0)
    names = set()
    for row in rows.strip().splitlines()[2:]:
        names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
    return names


def env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def test_env_example_names_every_variable_the_code_reads_and_no_other():
    code, example = code_names(), env_example()
    assert sorted(code - example) == [], "read by the code, missing from .env.example"
    assert sorted(example - code) == [], "in .env.example, read by nothing"


def test_the_readme_table_names_every_variable_the_code_reads_and_no_other():
    code, table = code_names(), readme_table("## Environment variables")
    assert sorted(code - table) == [], "read by the code, missing from the README's table"
    assert sorted(table - code) == [], "in the README's table, read by nothing"


def test_the_commands_own_variables_are_the_ones_make_and_the_bench_read():
    commands = readme_table("The commands' own variables")
    makefile = (ROOT / "Makefile").read_text()
    bench = set().union(*(names_read(p.read_text()) for p in (ROOT / "bench").glob("*.py")))
    for name in commands:
        assert re.search(rf"^{name} \?=", makefile, re.MULTILINE) or name in bench, name
    assert {"RUN_ADDRESS", "BENCH_DATABASE_URL", "BENCH_REDIS_URL"} <= commands


def test_the_reader_finds_each_way_the_code_reads_a_variable():
    source = """
import os
A = env_int("WEB_WORKERS", 3, minimum=1)
B = os.environ.get("WEB_BIND", "0.0.0.0:8000")
C = os.getenv("OTHER")
D = os.environ["FORCED"]
E = {"x": 1}.get("NOT_A_VARIABLE")
"""
    assert names_read(source) == {"WEB_WORKERS", "WEB_BIND", "OTHER", "FORCED"}
