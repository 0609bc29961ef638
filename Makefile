# The two commands of the README: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: install demo test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install  ## set up, load the demo region into SQLite, plan, start the app
	$(VENV)/bin/planner demo

test: install  ## install and run the whole suite
	$(PY) -m pytest

bench: install  ## install the peer solvers used only for comparison
	$(PY) -m pip install -q -e '.[bench]'

clean:
	rm -rf $(VENV) instance
