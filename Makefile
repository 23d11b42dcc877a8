# Quick start: `make demo` then `make test`. Everything installs into .venv from the registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench eval serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and exactly: the CPU build on disk; anything else drags in CUDA.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/giveback demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

serve: $(STAMP)
	$(BIN)/giveback serve

eval: $(STAMP)
	$(BIN)/giveback eval extract

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache tests/artifacts
