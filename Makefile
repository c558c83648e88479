# warstatus: `make run` serves the site on a bare machine; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
# The one lock: every version and hash, runtime and dev (pyproject.toml keeps the ranges).
LOCK := requirements.lock
# Where `make lock` writes (the lock itself unless told otherwise, e.g. to compare).
LOCK_OUT ?= $(LOCK)

# The test suite runs twice (see README): on SQLite, the embedded default, and on
# PostgreSQL, both with Redis. A DATABASE_URL in the environment replaces the default
# of the lane whose database it names; REDIS_URL replaces TEST_REDIS_URL in both.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_SQLITE_URL ?= sqlite:///$(CURDIR)/test.sqlite3
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
PYTEST_WORKERS ?= 2
# Where `make run` serves.
RUN_ADDRESS ?= 127.0.0.1:8000

.PHONY: run install lock migrate worker beat test test-sqlite test-postgres lint format bench backup restore clean

# The venv's own pip, whatever its age (Python 3.11 ships 23.2): with every version
# pinned and hashed there is nothing to resolve, so nothing to backtrack over.
$(STAMP): $(LOCK)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r $(LOCK)
	touch $(STAMP)

install: $(STAMP)

# Re-pin after changing a range in pyproject.toml; `make lock UPGRADE=django` moves one
# package to the newest version its range allows, `make lock UPGRADE=--all` moves all.
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal --system-certs \
		--python-version 3.11 --quiet -o $(LOCK_OUT) \
		$(if $(UPGRADE),$(if $(filter --all,$(UPGRADE)),--upgrade,--upgrade-package $(UPGRADE)))

run: $(STAMP)
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_launch_content
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(RUN_ADDRESS)

worker: $(STAMP)
	$(VENV)/bin/celery -A warstatus worker --loglevel=info --concurrency=2

beat: $(STAMP)
	$(VENV)/bin/celery -A warstatus beat --loglevel=info --schedule=/tmp/warstatus-beat-schedule

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
test-sqlite: $(STAMP)
	@case "$${DATABASE_URL:-}" in sqlite:*) url="$$DATABASE_URL" ;; *) url="$(TEST_SQLITE_URL)" ;; esac; \
	echo "== tests on $$url"; \
	$(COVERAGE_RESET) DATABASE_URL="$$url" $(TEST_ENV) $(PYTEST) $(COVERAGE_TOTAL)

test-postgres: $(STAMP)
	@case "$${DATABASE_URL:-}" in postgres*|pgsql*) url="$$DATABASE_URL" ;; *) url="$(TEST_DATABASE_URL)" ;; esac; \
	echo "== tests on $$url"; \
	$(COVERAGE_RESET) DATABASE_URL="$$url" $(TEST_ENV) $(PYTEST) $(COVERAGE_TOTAL)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)  ## needs wrk (apt-get install wrk), PostgreSQL and Redis
	$(PY) bench/run.py

backup: $(STAMP)  ## DATABASE_URL=postgres://... make backup
	bin/backup $(FILE)

restore: $(STAMP)  ## DATABASE_URL=postgres://... make restore FILE=backups/x.dump
	bin/restore $(FILE)

clean:
	rm -rf $(VENV) static_root db.sqlite3
