# warstatus: `make run` serves the site on a bare machine; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
# Two locks, every version hashed (pyproject.toml keeps the ranges): what the site runs
# on (the Docker image installs only this one), and the development tools on top of it.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
# Where `make lock` writes (the locks themselves unless told otherwise, e.g. to compare).
LOCK_OUT ?= $(LOCK)
DEV_LOCK_OUT ?= $(DEV_LOCK)

# The test suite runs twice (see README): on SQLite, the embedded default, and on
# PostgreSQL, both with Redis. A DATABASE_URL in the environment replaces the default
# of the lane whose database it names; REDIS_URL replaces TEST_REDIS_URL in both.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_SQLITE_URL ?= sqlite:///$(CURDIR)/test.sqlite3
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
PYTEST_WORKERS ?= 2
# Where `make run` serves.
RUN_ADDRESS ?= 127.0.0.1:8000

.PHONY: run install catalogues lock migrate worker beat test test-sqlite test-postgres lint format bench backup restore clean

# uv (pinned and hashed in the dev lock, installed by the venv's own pip) installs both
# locks in seconds where pip takes a minute; where uv can't be installed, the venv's pip
# does it, whatever its age (Python 3.11 ships 23.2): with every version pinned and
# hashed there is nothing to resolve. `install`, not `sync`: the venv keeps its pip.
$(STAMP): $(LOCK) $(DEV_LOCK)
	test -x $(PY) || python3 -m venv $(VENV)
	awk '/^uv==/ {p=1} p {print; if ($$0 !~ /\\$$/) exit}' $(DEV_LOCK) > $(VENV)/uv-requirement.txt
	if test -s $(VENV)/uv-requirement.txt && \
		$(PIP) install --quiet --require-hashes --no-deps -r $(VENV)/uv-requirement.txt; then \
		$(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes -r $(LOCK) -r $(DEV_LOCK); \
	else \
		$(PIP) install --quiet --require-hashes -r $(LOCK) -r $(DEV_LOCK); \
	fi
	touch $(STAMP)

install: $(STAMP) catalogues

# The interface's catalogues (locale/*/LC_MESSAGES/django.po) compiled to the .mo files
# Django reads, with polib (no GNU gettext needed); a second, always: it is that quick.
catalogues: $(STAMP)
	$(PY) -m core.catalogues

# Re-pin after changing a range in pyproject.toml; `make lock UPGRADE=django` moves one
# package to the newest version its range allows, `make lock UPGRADE=--all` moves all.
# The dev lock is resolved under the runtime lock's versions (-c) and leaves its
# packages out, so the two never disagree and the image gets no test tool.
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --system-certs \
	--python-version 3.11 --quiet --custom-compile-command 'make lock' \
	$(if $(UPGRADE),$(if $(filter --all,$(UPGRADE)),--upgrade,--upgrade-package $(UPGRADE)))
lock: $(STAMP)
	$(UV_COMPILE) -o $(LOCK_OUT)
	$(UV_COMPILE) --extra dev -c $(LOCK_OUT) -o $(DEV_LOCK_OUT) \
		$$(sed -n 's/^\([A-Za-z0-9_.-]*\)==.*/--no-emit-package \1/p' $(LOCK_OUT))

# Web, worker and beat on SQLite and the filesystem broker (bin/run says how); Ctrl+C
# stops all three.
run: $(STAMP)
	$(PY) bin/run $(RUN_ADDRESS)

worker: $(STAMP)
	$(VENV)/bin/celery -A warstatus worker --loglevel=info --concurrency=2

# Its schedule file is STATE_DIR/beat-schedule (settings): the checkout's own .state/.
beat: $(STAMP)
	mkdir -p $${STATE_DIR:-.state}
	$(VENV)/bin/celery -A warstatus beat --loglevel=info

# Both lanes, one after the other; fails if either fails (the second runs regardless).
test: $(STAMP)
	@status=0; \
	$(MAKE) --no-print-directory test-sqlite COVERAGE= || status=1; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	exit $$status

# Each lane is one run with the browser tests (Playwright drives Chromium from the
# test thread, hence DJANGO_ALLOW_ASYNC_UNSAFE) among the rest.
TEST_ENV = REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	SECRET_KEY=$${SECRET_KEY:-insecure-key-for-tests-only} \
	AUDIT_KEY=$${AUDIT_KEY:-insecure-audit-key-for-tests-only-0123456789} \
	DEBUG=false SECURE_SSL_REDIRECT=false FEEDS_ALLOW_PRIVATE=false DJANGO_ALLOW_ASYNC_UNSAFE=true
# COVERAGE=1 measures the run (.coveragerc) and prints the total; `make test COVERAGE=1`
# measures the PostgreSQL lane only, which runs every test.
COVERAGE ?=
COVERAGE_RESET = $(if $(COVERAGE),rm -f .coverage .coverage.*;)
PYTEST = $(if $(COVERAGE),$(VENV)/bin/coverage run -m pytest,$(VENV)/bin/pytest) \
	-n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)
COVERAGE_TOTAL = $(if $(COVERAGE),; status=$$?; $(VENV)/bin/coverage combine -q \
	&& echo "== coverage of the site's code: $$($(VENV)/bin/coverage report --format=total)%"; exit $$status)

# The embedded default; the tests marked `postgres` are left out, and counted.
test-sqlite: $(STAMP) catalogues
	@case "$${DATABASE_URL:-}" in sqlite:*) url="$$DATABASE_URL" ;; *) url="$(TEST_SQLITE_URL)" ;; esac; \
	echo "== tests on $$url"; \
	$(COVERAGE_RESET) DATABASE_URL="$$url" $(TEST_ENV) $(PYTEST) $(COVERAGE_TOTAL)

test-postgres: $(STAMP) catalogues
	@case "$${DATABASE_URL:-}" in postgres*|pgsql*) url="$$DATABASE_URL" ;; *) url="$(TEST_DATABASE_URL)" ;; esac; \
	echo "== tests on $$url"; \
	$(COVERAGE_RESET) DATABASE_URL="$$url" $(TEST_ENV) $(PYTEST) $(COVERAGE_TOTAL)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every part, each on a fresh database of its own (bench/README.md); to run some only:
# .venv/bin/python bench/run.py attacks redis-hung
bench: $(STAMP)  ## needs wrk (apt-get install wrk), PostgreSQL and Redis, varnishd for edge
	$(PY) bench/run.py

backup: $(STAMP)  ## DATABASE_URL=postgres://... make backup
	bin/backup $(FILE)

restore: $(STAMP)  ## DATABASE_URL=postgres://... make restore FILE=backups/x.dump
	bin/restore $(FILE)

clean:
	rm -rf $(VENV) static_root db.sqlite3
