# THE BOT — set-up and everyday commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-dev lint typecheck check openapi migrate clean

## make run: install (runtime lock) and serve the platform on the embedded default
run: $(VENV)/.installed-runtime
	$(BIN)/thebot run --host $(HOST) --port $(PORT)

## make test: install (development lock) and run the whole test suite
test: $(VENV)/.installed-dev
	$(BIN)/pytest

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "THE BOT needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-runtime: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed-runtime

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

check: lint typecheck test

## make openapi: rewrite the committed OpenAPI document after a deliberate contract change
openapi: $(VENV)/.installed-dev
	$(BIN)/thebot openapi --output openapi.json

migrate: $(VENV)/.installed-runtime
	$(BIN)/thebot db upgrade

## make lock: recompile both lock files from pyproject.toml (needs uv on PATH)
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --universal -o requirements.lock
	uv pip compile pyproject.toml --extra dev -c requirements.lock --generate-hashes --python-version 3.11 --universal -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

## make bench: seed the "compare" data set on PostgreSQL, serve it with 2 workers and load-test
## the API, then the WebSocket send -> receive latency across two processes (PostgreSQL and
## Redis on 127.0.0.1; on demand, never in CI). See bench/README.md.
## Extra options: make bench BENCH_ARGS="--no-seed --duration 10" REALTIME_ARGS="--rate 100"
.PHONY: bench
bench: $(VENV)/.installed-runtime
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.realtime $(REALTIME_ARGS)
