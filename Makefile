# Two commands on a fresh machine (see README):
#   make site   create .venv, install pinned dependencies, build the demo into site/ and serve it on 127.0.0.1:8000
#               (gongkai's own static server: missing pages get the site's 404.html with status 404)
#   make test   install the test dependencies too and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 8000

.PHONY: site build serve test lint bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("需要 Python 3.11 或更高版本 / Python >= 3.11 required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

build: $(VENV)/.installed
	$(BIN)/gongkai build

site: build
	@echo "演示站点 / demo site: http://127.0.0.1:$(PORT)/  (Ctrl+C 停止)"
	$(BIN)/python -m gongkai.core.publish.kiosk_server site $(PORT)

serve: $(VENV)/.installed
	$(BIN)/gongkai serve -a 127.0.0.1:$(PORT)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

test: lint $(VENV)/.installed-test node_modules/.installed
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site .pytest_cache bench-out
