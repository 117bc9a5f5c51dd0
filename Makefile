# The README's two commands: `make demo` and `make test`. Both build .venv from scratch if needed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
TEST_WORKERS ?= 2  # pytest-xdist workers for make test (CI has 2 cores)

.PHONY: demo test install install-dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

demo: install
	$(BIN)/rdi demo

test: install-dev
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

bench: install-dev
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/tagging.py
	$(BIN)/python bench/warehouse.py

clean:
	rm -rf rdi-demo rdi-data .pytest_cache
