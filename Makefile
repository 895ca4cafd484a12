# `make serve` and `make test` are all a newcomer needs; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export NO_MKDOCS_2_WARNING := 1   # Material's end-of-life banner; we know (README: Upgrades)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export DEBIAN_FRONTEND := noninteractive

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installing system packages needs root: use sudo where we are not root (GitHub's runners).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help serve build offline check publish-check test lint bench audit readability schema clean system-deps

help:
	@echo "make serve   set everything up and serve the example site on http://127.0.0.1:8000/"
	@echo "make test    run every test (installs what the tests need)"
	@echo "make build   check affiliate.yml and write the site to site/"
	@echo "make offline write kyr-offline.zip: the site to open from a folder, for workshops"
	@echo "make check   check affiliate.yml only"
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

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

serve: $(BIN)/mkdocs system-deps
	$(BIN)/mkdocs serve

build: $(BIN)/mkdocs system-deps
	$(BIN)/mkdocs build

# For rooms without Wi-Fi: a zip whose index.html opens from the file system.
offline: $(BIN)/mkdocs node_modules/.package-lock.json system-deps
	rm -rf offline-site
	OFFLINE=true $(BIN)/mkdocs build -d offline-site
	$(BIN)/python -m macros offline-zip offline-site kyr-offline.zip

check: $(BIN)/mkdocs
	$(BIN)/python -m macros check

# For the deploy workflow: fails while affiliate.yml is still the bundled example.
publish-check: $(BIN)/mkdocs
	$(BIN)/python -m macros check --publish

schema: $(BIN)/mkdocs
	$(BIN)/python -m macros schema

# Debian's Chromium (red-card PDFs and browser tests), Java (HTML checker) and zbar (the
# test that reads the QR code), where missing.
system-deps:
	@if [ -z "$$KYR_CHROMIUM" ] && ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null; then \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; fi
	@command -v java >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q default-jre-headless; }
	@command -v zbarimg >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q zbar-tools; }

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.test-deps node_modules/.package-lock.json system-deps lint
	$(BIN)/pytest

bench: $(BIN)/mkdocs
	$(BIN)/python tests/bench_build.py

audit: $(VENV)/.test-deps node_modules/.package-lock.json system-deps
	$(BIN)/python tests/audit.py

readability: $(VENV)/.test-deps
	$(BIN)/python tests/readability.py

clean:
	rm -rf site offline-site kyr-offline.zip $(VENV) node_modules .pytest_cache .ruff_cache audit-report.md
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
