# MoveDesk: `make demo` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench soak lint format install clean translations

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m desktop --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

soak: $(STAMP)
	$(PY) benchmarks/fuzz_decoder.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# After changing user-visible text: update the .ts, translate the new entries
# (pyside6-linguist), then compile the .qm that ships.
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate ui/*.py -ts resources/translations/movedesk_en.ts \
		-source-language ja_JP -target-language en_US -no-obsolete
	$(VENV)/bin/pyside6-lrelease resources/translations/movedesk_en.ts \
		-qm resources/translations/movedesk_en.qm

clean:
	rm -rf $(VENV) build dist *.egg-info
