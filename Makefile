# The two commands of the README: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
CHROMIUM ?= /usr/bin/chromium

.PHONY: install demo test test-at bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install  ## set up, load the demo region into SQLite, plan, start the app
	$(VENV)/bin/planner demo

test: install $(CHROMIUM)  ## install and run the whole suite
	$(PY) -m pytest

# The suite without browser tests at another date (UTC): make test-at WHEN="2027-12-30 09:00"
test-at: install
	@echo "== the suite at $(WHEN) UTC (system time moved by time-machine; browser tests left out)"
	PLANNER_TEST_NOW="$(WHEN)" $(PY) -m pytest -q -m "not browser" -p no:cacheprovider

# The browser tests drive Debian's Chromium (Playwright's own browser download
# is not reachable from CI); installed once, as root, when it is missing.
$(CHROMIUM):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

bench: install  ## install the peer solvers used only for comparison
	$(PY) -m pip install -q -e '.[bench]'

clean:
	rm -rf $(VENV) instance
