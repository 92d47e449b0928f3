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
# In CI (CI set and not 0 or false, as CI services and .ci/run set it) a missing
# PostgreSQL or Redis fails the run; on a developer's machine those passes are skipped.
REQUIRE_SERVICES ?= $(if $(filter-out 0 false,$(CI)),1,)

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
	@missing=""; \
	$(PY) -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null \
		|| missing="$$missing PostgreSQL at $(PG_URL);"; \
	$(PY) -c "import redis; redis.Redis.from_url('$(REDIS_TEST_URL)', socket_connect_timeout=3).ping()" 2>/dev/null \
		|| missing="$$missing Redis at $(REDIS_TEST_URL);"; \
	if [ -n "$$missing" ] && [ -n "$(REQUIRE_SERVICES)" ]; then \
		echo "FAILED: not reachable:$$missing CI must test on PostgreSQL with Redis (CI=$(CI))" >&2; exit 1; \
	elif [ -n "$$missing" ]; then \
		echo "Not reachable:$$missing PostgreSQL pass skipped (.ci/run starts them)"; \
	else \
		echo "== tests on PostgreSQL with Redis =="; \
		DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(VENV)/bin/pytest -q $(PARALLEL) -m "not browser and not faults"; \
	fi

test: lint test-sqlite test-postgres test-faults

# The fault suite: real nodes on its own private PostgreSQL and Redis, which it stops
# and restarts (never the shared ones); skipped where redis-server or PostgreSQL's
# server binaries are missing (a failure in CI).
test-faults: install
	@echo "== fault suite (private PostgreSQL and Redis) =="
	TREMPLIN_REQUIRE_SERVICES=$(REQUIRE_SERVICES) $(VENV)/bin/pytest -q -rs -m faults tests/faults

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
