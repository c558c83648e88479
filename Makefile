# warstatus: `make run` serves the site on a bare machine; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
# The one lock: every version and hash, runtime and dev (pyproject.toml keeps the ranges).
LOCK := requirements.lock
# Where `make lock` writes (the lock itself unless told otherwise, e.g. to compare).
LOCK_OUT ?= $(LOCK)

# The test suite talks to the real services (see README); override to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
PYTEST_WORKERS ?= 2
# Where `make run` serves.
RUN_ADDRESS ?= 127.0.0.1:8000

.PHONY: run install lock migrate worker beat test lint format bench backup restore clean

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

# One run, two processes: the browser tests (Playwright drives Chromium from the
# test thread, hence DJANGO_ALLOW_ASYNC_UNSAFE) share the run with the rest.
test: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	SECRET_KEY=$${SECRET_KEY:-insecure-key-for-tests-only} \
	AUDIT_KEY=$${AUDIT_KEY:-insecure-audit-key-for-tests-only-0123456789} \
	DEBUG=false SECURE_SSL_REDIRECT=false FEEDS_ALLOW_PRIVATE=false DJANGO_ALLOW_ASYNC_UNSAFE=true \
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

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
