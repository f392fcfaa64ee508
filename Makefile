# Two commands for everyone: `make serve` and `make test` (see README.md).
# Each creates .venv and installs what it needs on first use, and only then.
SHELL := /bin/bash
PY    := .venv/bin/python
VENV  := .venv/.installed
SUDO  := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates come from the last commit, not from the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve pdf build preview test test-archive check bench audit new-meeting import-meeting clean tools lock translation-status translation-diff translation-review

$(VENV): requirements.txt
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

## build: the whole site, PDFs included, into site/ (only if the build passes:
## a failing build leaves site/ as it was and publishes nothing)
build: $(VENV)
	@rm -rf .cache/site.new && mkdir -p .cache
	$(PY) -m mkdocs build --strict --clean -d .cache/site.new
	@rm -rf site && mv .cache/site.new site

## preview: the same, with the draft meetings (status: draft) and their banner
## (DRAFTS=1), into site/: what the pull-request artefact shows; never publish it
preview: $(VENV)
	DRAFTS=1 $(MAKE) --no-print-directory build

## serve: preview at http://127.0.0.1:8000 with live reload, the draft meetings
## shown with their banner; a save renders again only what it changed
## (hooks/preview.py). MEETING=DATE: that meeting (default: the newest and those
## with uncommitted changes), MEETING=all: every meeting. No PDF, no search index:
## `make pdf` / `make build` make them
PORT ?= 8000
serve: $(VENV)
	MEETING="$(MEETING)" $(PY) -m mkdocs serve --strict --dirty --dev-addr 127.0.0.1:$(PORT)

## pdf: the PDFs that `make serve` does not render: the preview's site, drafts
## included (`make preview`), into site/ (site/pdf/, site/en/pdf/)
pdf: preview
	@ls site/pdf/*.pdf site/en/pdf/*.pdf

## tools: what the browser tests need, installed once (Debian packages, npm)
tools: .cache/tools.installed
.cache/tools.installed: package.json
	@mkdir -p .cache
	@missing=""; \
	  command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	  command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	  command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi
	@# --ignore-scripts: no package runs code at install (vnu-jar's would download
	@# a Java runtime without a checksum); the checker runs with Debian's Java.
	npm ci --silent --no-audit --no-fund --ignore-scripts
	touch $@

## test: build the site, then test it as a reader meets it
test: build tools
	$(PY) -m pytest -q tests

## test-archive: `make test` again in a copy of the project with one more
## meeting, made by new-meeting and filled in as CONTRIBUTING.md says
## (tests/second_meeting.py): the tests must hold for any archive
test-archive: $(VENV) tools
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(PY) tests/second_meeting.py "$$tmp/project" && \
	  ln -s "$(CURDIR)/node_modules" "$$tmp/project/node_modules" && \
	  mkdir -p "$$tmp/project/.cache" && touch "$$tmp/project/.cache/venv.ready" "$$tmp/project/.cache/tools.installed" && \
	  $(MAKE) -C "$$tmp/project" --no-print-directory test PY="$(abspath $(PY))" VENV=.cache/venv.ready

## check: the French/English parity and terminology checks alone
check: $(VENV)
	$(PY) -m scripts check

## translation-status / translation-diff PAGE=… / translation-review PAGE=… [NO_CHANGE=1]:
## which English blocks are behind the French, what changed, and the review (TRANSLATING.md)
translation-status: $(VENV)
	$(PY) -m scripts translation status
translation-diff: $(VENV)
	$(PY) -m scripts translation diff $(PAGE)
translation-review: $(VENV)
	$(PY) -m scripts translation review $(PAGE) $(if $(NO_CHANGE),--no-change)

## new-meeting: skeletons of a new meeting, e.g. make new-meeting DATE=2013-11-22
new-meeting: $(VENV)
	$(PY) -m scripts new-meeting $(DATE)

## import-meeting: a meeting's pages from received minutes, e.g.
## make import-meeting FILE=compte-rendu.docx DATE=2013-11-22 (FORCE=1 replaces the meeting)
import-meeting: $(VENV)
	$(PY) -m scripts import-meeting "$(FILE)" $(DATE) $(if $(FORCE),--force)

## bench: build time, page weight and search transfer at 12 and 120 meetings
## (the browser measures need tools: Chromium)
bench: $(VENV) tools
	$(PY) scripts/bench.py

## audit: Lighthouse scores (slow; not part of make test)
audit: build tools
	$(PY) scripts/audit.py

## lock: regenerate requirements.txt (pinned, hashed) from requirements.in
lock:
	python3 -m venv .cache/pip-tools && .cache/pip-tools/bin/pip install --quiet pip-tools==7.6.2
	.cache/pip-tools/bin/pip-compile --quiet --generate-hashes --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in

clean:
	rm -rf site .venv .cache node_modules
