# The map of what can be done here. Every target sets up .venv first (from requirements.txt).
# `make help` lists them; CI runs `make test-all` (.ci/run).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= seeds
PROCESSED ?= data/processed

.PHONY: help venv data report test test-all bench lexicon clean-venv

help:  ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(STAMP)  ## create .venv and install requirements.txt and the package (editable)

# Reinstall whenever requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

data: $(STAMP)  ## code CORPUS (default: seeds) once into data/processed: Parquet tables + manifest
	$(BIN)/python -m healthdiplomacy data $(CORPUS) --out $(PROCESSED)

report: $(STAMP)  ## build figures/report.html and report.fa.html (codes the corpus only when it changed)
	$(BIN)/python -m healthdiplomacy report --corpus $(CORPUS) --processed $(PROCESSED) --lang all

# The fast suite is spread over every core (pytest-xdist): its tests write only below their
# own tmp_path, and whole files go to one worker (a module's fixtures are built once).
# test-all stays in one process: its interrupted-run tests time their signals by how long
# a build takes on this machine, and side-by-side workers would skew that.
test: $(STAMP)  ## the fast suite on every core: all but notebooks, the browser and subprocesses (under a minute)
	$(BIN)/python -m pytest -m "not slow" -n auto --dist loadfile

test-all: $(STAMP)  ## the whole suite, notebooks and the real browser included (what CI runs)
	$(BIN)/python -m pytest

bench: $(STAMP)  ## throughput against cat, grep and pyahocorasick; report build times (bench/results.md)
	$(BIN)/python bench/run.py

lexicon: $(STAMP)  ## regenerate lib/healthdiplomacy/data/partner_terms.csv from CLDR, pycountry and tools/gazetteer/
	$(BIN)/python tools/make_gazetteer.py

clean-venv:  ## remove .venv
	rm -rf $(VENV)
