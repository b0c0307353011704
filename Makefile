# Verksam — the two README commands:
#   make run    creates .venv if missing, installs, migrates, loads the demo and serves
#               on http://127.0.0.1:$(PORT) (PORT defaults to 8000)
#   make test   same set-up, then the whole test suite
# Installation runs again only when pyproject.toml has changed (stamp file in .venv).

VENV := .venv
STAMP := $(VENV)/.verksam-installed
PYTEST_ARGS ?=

# The first python3.x on PATH that is at least 3.11.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; \
	then echo $$p; break; fi; done)

.PHONY: run test

run: $(STAMP)
	$(VENV)/bin/verksam serve

test: $(STAMP)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# make bench: the follow-up benchmark (docs/benchmarks.md) in its own SQLite files under
# $(VERKSAM_DATA_DIR)/bench/ — never the demo database. BENCH_ARGS e.g. "--reuse".
BENCH_ARGS ?=
.PHONY: bench
bench: $(STAMP)
	$(VENV)/bin/verksam bench $(BENCH_ARGS)

$(VENV)/bin/python:
	@if [ -z "$(PYTHON)" ]; then echo "Verksam behöver Python 3.11 eller senare (python3.11+ saknas i PATH)." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)
