# `make serve` and `make test` are all a newcomer needs; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export NO_MKDOCS_2_WARNING := 1   # Material's end-of-life banner; we know (README: Upgrades)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export DEBIAN_FRONTEND := noninteractive

PYTHON ?= python3
# What builds the site: mkdocs, or properdocs (MkDocs' continuation; README: Platform plan).
RUNNER ?= mkdocs
export KYR_RUNNER := $(RUNNER)
VENV := .venv
BIN := $(VENV)/bin
# Installing system packages needs root: use sudo where we are not root (GitHub's runners).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help serve build offline new check publish-check publish test test-fast test-time \
	lint bench audit readability schema clean build-deps test-deps

help:
	@echo "make serve   set everything up and serve the site on http://127.0.0.1:8000/"
	@echo "             (your local/affiliate.yml, or the bundled example while there is none)"
	@echo "make test    run every test (installs what the tests need)"
	@echo "make test-fast  the tests without a browser or builds of their own (under a minute)"
	@echo "make test-time  time make test-fast and make test; the 15 slowest tests"
	@echo "make new     start your own data file, local/affiliate.yml, from the example"
	@echo "make check   check the data file only"
	@echo "make build   check the data file and write the site to site/"
	@echo "make offline write kyr-offline.zip: the site to open from a folder, for workshops"
	@echo "make publish what the deploy runs: the offline copy, the site with it, the gate"
	@echo "make bench   time a clean build of the whole bilingual site"
	@echo "make audit   Lighthouse report on key pages (writes audit-report.md)"
	@echo "make readability  readability scores of every page, both languages"
	@echo "make schema  regenerate affiliate.schema.json after changing macros/affiliate.py"
	@echo "make clean   remove site/, .venv/ and caches"

$(BIN)/mkdocs: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt requirements.txt $(BIN)/mkdocs
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

# Node packages: the offline copy's search shim is the site's only one ("dependencies"); the
# test and audit tools are "devDependencies", which publishing never installs.
SHIM := node_modules/iframe-worker/shim/index.js
$(SHIM): package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --silent
	touch $@

node_modules/.dev-deps: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@ $(SHIM)

serve: $(BIN)/mkdocs build-deps
	$(BIN)/mkdocs serve

# All or nothing: site/ is replaced only by a build whose every page passed the guard.
build: $(BIN)/mkdocs build-deps
	$(BIN)/python -m macros build

# For rooms without Wi-Fi: a zip that unpacks into one folder, kyr-offline/, whose
# START-HERE.html opens from the file system (with the PDFs and letters; a CSP for file://).
offline: $(BIN)/mkdocs $(SHIM) build-deps
	OFFLINE=true $(BIN)/python -m macros build -d offline-site
	$(BIN)/python -m macros offline-zip offline-site kyr-offline.zip

new: $(BIN)/mkdocs
	$(BIN)/python -m macros new

check: $(BIN)/mkdocs
	$(BIN)/python -m macros check

# The deploy workflow's steps (.github/workflows/deploy.yml). The check refuses the bundled
# example and values left from it; publish builds the offline copy, the site that links to
# it, and checks what was built (hotline and CSP on every page, nothing from elsewhere).
publish-check: $(BIN)/mkdocs
	$(BIN)/python -m macros check --publish

publish: offline
	KYR_OFFLINE_ZIP=kyr-offline.zip $(BIN)/python -m macros build

schema: $(BIN)/mkdocs
	$(BIN)/python -m macros schema

# Debian's Chromium prints the red-card PDFs (GitHub's runners have Google Chrome), where
# missing. The tests also need Java (HTML checker) and zbar (the test that reads the QR code).
build-deps:
	@if [ -z "$$KYR_CHROMIUM" ] && ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null; then \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; fi

test-deps: build-deps
	@command -v java >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q default-jre-headless; }
	@command -v zbarimg >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q zbar-tools; }

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.test-deps node_modules/.dev-deps test-deps lint
	$(BIN)/pytest

# The edit-test loop: no browser and no builds beyond the shared one (the markers are set in
# tests/conftest.py). The shared build prints the red cards with Chromium. CI runs `make test`.
test-fast: $(VENV)/.test-deps build-deps
	$(BIN)/pytest -m "not browser and not slow"

test-time: $(VENV)/.test-deps node_modules/.dev-deps test-deps
	$(BIN)/python tests/time_suite.py

bench: $(BIN)/mkdocs
	$(BIN)/python tests/bench_build.py

audit: $(VENV)/.test-deps node_modules/.dev-deps test-deps
	$(BIN)/python tests/audit.py

readability: $(VENV)/.test-deps
	$(BIN)/python tests/readability.py

clean:
	rm -rf site offline-site kyr-offline.zip $(VENV) node_modules .pytest_cache .ruff_cache audit-report.md
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
