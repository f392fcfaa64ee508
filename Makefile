# Two commands for everyone: `make serve` and `make test` (see README.md).
# Each creates .venv and installs what it needs on first use, and only then.
SHELL := /bin/bash
PY    := .venv/bin/python
VENV  := .venv/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check bench audit new-meeting clean browser

$(VENV): requirements.txt
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## build: the whole site, PDFs included, into site/
build: $(VENV)
	$(PY) -m mkdocs build --strict --clean

## serve: build, then preview at http://127.0.0.1:8000 with live reload
serve: build
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

## browser: Debian's chromium for the browser tests, when missing
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq chromium >/dev/null; }

## test: build the site, then test it as a reader meets it
test: build browser
	$(PY) -m pytest -q tests

## check: the translation parity check alone
check: $(VENV)
	$(PY) -m scripts check

clean:
	rm -rf site .venv
