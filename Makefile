# One place for the set-up steps: `make run` (the main job) and `make test` (checks + tests).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
SAMPLE := samples/zhejiang-keji-zhenggai.txt
WORKERS ?= 1
LAUNCHER_DIR := tests/neo4j_launcher
LAUNCHER_SRC := $(LAUNCHER_DIR)/pom.xml $(wildcard $(LAUNCHER_DIR)/src/main/java/dutygraph/*.java)

.PHONY: run test check lint typecheck pytest neo4j-launcher clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

$(LAUNCHER_DIR)/target/.built: $(LAUNCHER_SRC)
	cd $(LAUNCHER_DIR) && mvn -q -B package dependency:copy-dependencies -DskipTests
	touch $@

neo4j-launcher: $(LAUNCHER_DIR)/target/.built

run: $(VENV)/.installed
	$(BIN)/dutygraph serve --workers $(WORKERS) --load $(SAMPLE)

lint: $(VENV)/.installed
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

check: lint typecheck

pytest: $(VENV)/.installed neo4j-launcher
	$(PY) -m pytest -q -ra

test: check pytest

clean:
	rm -rf $(VENV) $(LAUNCHER_DIR)/target .pytest_cache .mypy_cache .ruff_cache
