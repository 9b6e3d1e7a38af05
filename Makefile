# MoveDesk: `make demo` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench soak class1-matrix fax-matrix lint format install clean translations installer-check

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

# Every Class 1 call against the spandsp software modem (real time, ~15 min).
class1-matrix: $(STAMP)
	$(PY) -m pytest tests/fax_class1 -m class1_matrix -q -p no:cacheprovider

fax-matrix: $(STAMP)
	MOVEDESK_FAX_MATRIX=1 $(PY) -m pytest tests/fax_modem/test_efax.py -q -p no:cacheprovider

soak: $(STAMP)
	$(PY) benchmarks/fuzz_decoder.py
	$(PY) benchmarks/soak_demo_cycles.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# After changing user-visible text: update the .ts, translate the new entries
# (pyside6-linguist), then compile the .qm that ships. The core's messages
# (QT_TRANSLATE_NOOP in desktop/ and fax/) are collected too: the command line reads
# their English from the same .ts.
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $$(git ls-files 'ui/*.py' 'desktop/*.py' 'fax/*.py') \
		-ts resources/translations/movedesk_en.ts \
		-source-language ja_JP -target-language en_US -no-obsolete
	$(VENV)/bin/pyside6-lrelease resources/translations/movedesk_en.ts \
		-qm resources/translations/movedesk_en.qm

clean:
	rm -rf $(VENV) build dist *.egg-info

# The Windows build, checked on Linux: freeze MoveDesk with the same spec (a
# Linux bundle stands in for the Windows one), run the frozen program's
# self-test, and compile the NSIS installer around the bundle (uncompressed:
# only the script is being checked). Needs makensis (apt-get install nsis).
CHECK_DIR := $(CURDIR)/build/installer-check
installer-check: $(STAMP)
	$(PY) -c 'import PyInstaller' 2>/dev/null || $(PY) -m pip install --quiet -e '.[build]'
	$(PY) -m PyInstaller --noconfirm --log-level WARN \
		--distpath $(CHECK_DIR)/dist --workpath $(CHECK_DIR)/work installer/movedesk.spec
	rm -rf $(CHECK_DIR)/data
	QT_QPA_PLATFORM=offscreen MOVEDESK_DATA_DIR=$(CHECK_DIR)/data \
		$(CHECK_DIR)/dist/MoveDesk/movedesk --self-test
	makensis -V2 -WX -DFAST -DVERSION=$$($(PY) -c 'import desktop; print(desktop.__version__)') \
		-DPAYLOAD=$(CHECK_DIR)/dist/MoveDesk -DOUTFILE=$(CHECK_DIR)/MoveDesk-setup.exe \
		installer/movedesk.nsi
	@du -sh $(CHECK_DIR)/dist/MoveDesk | sed 's/\t.*//; s/^/bundle size: /'
