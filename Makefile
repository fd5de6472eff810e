# Two commands on a fresh machine: `make demo` and `make test`. Each builds .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast test-sqlite test-postgres run lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/opendoor demo

test: test-sqlite test-postgres

test-sqlite: lint
	$(BIN)/pytest

# Views, planning, verdicts and wiring, without a server or a stand-in Slack: seconds.
test-fast: $(STAMP)
	$(BIN)/pytest -q tests/unit

# Runs the suite again on PostgreSQL where a server can be started (always in CI).
test-postgres: $(STAMP)
	@url=$$(bash scripts/postgres-for-tests.sh) && \
	if [ -n "$$url" ]; then OPENDOOR_TEST_DATABASE_URL="$$url" $(BIN)/pytest; \
	else echo "PostgreSQL not available here: ran the suite on SQLite only."; fi

run: $(STAMP)
	$(BIN)/opendoor serve

# Style, types (strict on the domain) and the layers' import contracts (pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
