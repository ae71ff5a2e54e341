# Two commands do all the set-up on a fresh machine:
#   make demo   - create .venv, install policyparse, parse the sample corpus that ships with it
#   make test   - create .venv if needed, install with test extras, run the test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/policyparse: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dask,postgres,pandas]'
	touch $@

.PHONY: demo test test-fast lint eval bench clean
demo: $(BIN)/policyparse
	$(BIN)/policyparse batch corpus -o out --format json --format csv --format xlsx --db out/notices.sqlite
	$(BIN)/policyparse parse corpus/zh/pilot-notice-zh.txt --summary
	$(BIN)/policyparse query --db out/notices.sqlite --has-target --format csv

test: $(BIN)/policyparse
	$(BIN)/python -m pytest -q -p no:cacheprovider

# the fast lane: no ../shared, no servers or browser, no big property tests (under a minute)
test-fast: $(BIN)/policyparse
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not shared and not slow"

# the house rules (pyproject.toml): ruff's checks and format, mypy
lint: $(BIN)/policyparse
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

eval: $(BIN)/policyparse
	$(BIN)/policyparse eval golden $(wildcard ../shared/golden) --floors tests/floors.json

bench: $(BIN)/policyparse
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) out build *.egg-info
