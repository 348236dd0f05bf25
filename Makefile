# Two commands do all the set-up on a fresh machine:
#   make demo   set up, then analyse the example corpus and write its report
#   make test   set up, then run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: setup demo test bench lint clean browser

$(BIN)/corroborate: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/corroborate

demo: setup
	mkdir -p $(OUT)
	$(BIN)/corroborate analyze examples/corpus --db $(OUT)/example.db
	$(BIN)/corroborate claims --db $(OUT)/example.db
	$(BIN)/corroborate report --db $(OUT)/example.db --out $(OUT)/example-report.html

# The browser tests drive Debian's chromium through Playwright (never `playwright install`: it
# downloads a browser, which this network refuses). Without root or apt they are skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || \
	  echo "chromium is not installed: the browser tests will be skipped"

test: setup browser
	$(BIN)/python -m pytest -q -m "not slow"

bench: setup
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/end_to_end.py
	$(BIN)/python benchmarks/numbers_vs_peers.py

lint: setup
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(OUT) .pytest_cache
