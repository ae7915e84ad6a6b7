# THE BOT — set-up and everyday commands. Needs only Python 3.11+ and make
# (and Node.js 20.19+ with npm for the web app; without npm the API is served alone).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
NPM    ?= npm
WEB    := frontend
# npm ci stamps this file: missing or older than the lock means the packages must be installed.
WEB_PACKAGES := $(WEB)/node_modules/.package-lock.json
# Everything a build is made from: a build older than any of these is stale.
WEB_SOURCES  := $(shell find $(WEB)/src $(WEB)/public -type f -not -name '*.test.*' \
	-not -path '*/src/test/*' 2>/dev/null) $(WEB)/index.html \
	$(WEB)/package.json $(WEB)/vite.config.ts $(WEB)/tsconfig.json

.PHONY: run test install install-dev lint typecheck check openapi migrate clean web web-test e2e web-if-npm

## make run: install (runtime lock), build the web app when npm is there, serve both
run: $(VENV)/.installed-runtime
	@$(MAKE) --no-print-directory web-if-npm
	$(BIN)/thebot run --host $(HOST) --port $(PORT)

# The API never waits on the web app: without npm, or when the build fails, it is served alone.
web-if-npm:
ifneq ($(shell command -v $(NPM) 2>/dev/null),)
	@$(MAKE) -s --no-print-directory $(WEB)/dist/index.html || \
	  echo "The web app could not be built (see above): serving the API only. Fix it, then make web."
else
	@echo "npm is not installed: serving the API only. Install Node.js 20.19+ with npm, then run"
	@echo "make web (or make run again) to get the web app at http://$(HOST):$(PORT)/"
endif

## make web: install the web app's packages (when missing or the lock changed) and build it
web: $(WEB_PACKAGES)
	cd $(WEB) && $(NPM) run build

$(WEB_PACKAGES): $(WEB)/package-lock.json
	cd $(WEB) && $(NPM) ci --no-audit --no-fund
	touch $@

$(WEB)/dist/index.html: $(WEB_PACKAGES) $(WEB_SOURCES)
	cd $(WEB) && $(NPM) run build

## make web-test: the generated API client matches openapi.json, types check, component tests
web-test: $(WEB_PACKAGES)
	cd $(WEB) && $(NPM) run check:api && $(NPM) run typecheck && $(NPM) test

## make e2e: build, then drive chromium through every role against `thebot run` with the demo
## (installs Debian's chromium when /usr/bin/chromium is missing; screenshots in frontend/e2e/artifacts)
e2e: $(VENV)/.installed-runtime web
	cd $(WEB) && $(NPM) run e2e

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
