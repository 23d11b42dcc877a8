# Quick start: `make demo` then `make test`. Everything installs into .venv from the registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint format bench eval train serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and exactly: the CPU build on disk; anything else drags in CUDA.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# Byte-compiled here, as pip does for a regular install: no command compiles our modules
	# again (none could keep them where PYTHONDONTWRITEBYTECODE is set).
	$(BIN)/python -m compileall -q core engine pipelines service models
	# The embedding model's ONNX export, made once here so that no command waits for it.
	$(BIN)/giveback prepare
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/giveback demo

# mypy sees the folders under their installed names through a `giveback` link to this checkout.
TYPING := $(VENV)/typing

$(TYPING)/giveback: $(STAMP)
	mkdir -p $(TYPING) && ln -sfn $(CURDIR) $(TYPING)/giveback

lint: $(STAMP) $(TYPING)/giveback
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	MYPYPATH=$(TYPING) $(BIN)/mypy -p giveback.core -p giveback.models -p giveback.pipelines \
		-p giveback.engine -p giveback.service -p tests
	PYTHONPATH=$(TYPING) $(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python -m pytest -q

serve: $(STAMP)
	$(BIN)/giveback serve

eval: $(STAMP)
	$(BIN)/giveback eval extract

# Seeded and reproducible: float32 embeddings, the same corpus and config give the same models.
train: $(STAMP)
	GIVEBACK_EMBEDDING_BF16=false $(BIN)/giveback train
	GIVEBACK_EMBEDDING_BF16=false $(BIN)/giveback train --hard-times
	GIVEBACK_EMBEDDING_BF16=false $(BIN)/giveback train --asks
	GIVEBACK_EMBEDDING_BF16=false $(BIN)/giveback train --promises

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache tests/artifacts
