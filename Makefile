# Stem — two commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint catalogs extract-messages update-catalogs vendor-assets clean

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

catalogs: $(STAMP)
	$(BIN)/pybabel compile --directory stem/translations --domain messages --statistics 2>&1 | tail -n 1

## Start Stem on demo data (SQLite in instance/), with one scheduler process, on http://127.0.0.1:5000
run: catalogs
	$(BIN)/stem demo
	$(BIN)/stem dev

## Run the test suite (SQLite by default; set STEM_TEST_DATABASE_URL for PostgreSQL)
test: catalogs
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F pyproject.toml -k _l -k lazy_gettext -k _n:1,2 --no-location --sort-output \
		--project Stem --copyright-holder "Gemeente Utrecht" -o stem/translations/messages.pot .

update-catalogs: extract-messages
	$(BIN)/pybabel update -i stem/translations/messages.pot -d stem/translations --no-fuzzy-matching --ignore-obsolete

vendor-assets:
	./scripts/vendor-assets.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
