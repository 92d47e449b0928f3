# Two commands: `make run` (a working node on http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
PG_URL ?= postgres://postgres@127.0.0.1:5432/tremplin_test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
# Test processes side by side (pytest-xdist); whole files stay in one process.
TEST_PROCESSES ?= 2
PARALLEL := -n $(TEST_PROCESSES) --dist loadfile

.PHONY: run test test-sqlite test-postgres test-faults lint format install chromium bench clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/tremplin run

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test-sqlite: install chromium
	@echo "== tests on SQLite =="
	env -u DATABASE_URL -u REDIS_URL $(VENV)/bin/pytest -q $(PARALLEL) -m "not faults"

test-postgres: install
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== tests on PostgreSQL with Redis =="; \
		DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(VENV)/bin/pytest -q $(PARALLEL) -m "not browser and not faults"; \
	else echo "PostgreSQL is not reachable at $(PG_URL): PostgreSQL pass skipped (.ci/run starts it)"; fi

test: lint test-sqlite test-postgres test-faults

# The fault suite: real nodes on its own private PostgreSQL and Redis, which it stops
# and restarts (never the shared ones); skipped where redis-server or PostgreSQL's
# server binaries are missing.
test-faults: install
	@echo "== fault suite (private PostgreSQL and Redis) =="
	$(VENV)/bin/pytest -q -rs -m faults tests/faults

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
