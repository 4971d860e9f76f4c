# One place for the set-up steps: `make run` (the main job) and `make test` (checks + tests).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
SAMPLE := samples/zhejiang-keji-zhenggai.txt
WORKERS ?= 1
HOST    ?= 127.0.0.1
PORT    ?= 8000
YEAR    ?=
LAUNCHER_DIR := tests/neo4j_launcher
LAUNCHER_SRC := $(LAUNCHER_DIR)/pom.xml $(wildcard $(LAUNCHER_DIR)/src/main/java/dutygraph/*.java)

JOBS    ?= 2
FAST_JOBS ?= 4
# the edit loop's tier: the parser, the graph on SQLite, the API over HTTP; no Neo4j, browser or LibreOffice
FAST    := not neo4j and not browser and not office and not slow

.PHONY: run test test-fast check lint typecheck pytest neo4j-launcher clean

# Two markers: `make run` needs the runtime dependencies only (.runtime); `make test` adds the dev
# tools (.installed), which include the runtime ones, so it leaves both markers fresh.
$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.runtime

$(LAUNCHER_DIR)/target/.built: $(LAUNCHER_SRC)
	cd $(LAUNCHER_DIR) && mvn -q -B package dependency:copy-dependencies -DskipTests
	touch $@

neo4j-launcher: $(LAUNCHER_DIR)/target/.built

# A second `make run` on a taken port is one line from dutygraph (then make's own "Error 2").
run: $(VENV)/.runtime
	@$(BIN)/dutygraph serve --host $(HOST) --port $(PORT) --workers $(WORKERS) $(if $(YEAR),--year $(YEAR)) \
		--load $(SAMPLE)

lint: $(VENV)/.installed
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

check: lint typecheck

# JOBS test processes (pytest-xdist), each with its own Neo4j; the tests that kill a Neo4j share one server on one
# process. The fast tier starts no Neo4j and its tests mostly wait on subprocesses and servers: FAST_JOBS = 4 pays on 2 cores
pytest: $(VENV)/.installed neo4j-launcher
	$(PY) -m pytest -q -ra -n $(JOBS) --dist loadgroup

test-fast: $(VENV)/.installed
	$(PY) -m pytest -q -ra -n $(FAST_JOBS) --dist loadgroup -m "$(FAST)"

test: check pytest

clean:
	rm -rf $(VENV) $(LAUNCHER_DIR)/target .pytest_cache .mypy_cache .ruff_cache
