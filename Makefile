# Majlis: `make run` serves the demo site, `make test` runs the whole suite.
# Both create .venv and install what they need; only Python >= 3.11 and make are assumed.

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install install-dev lint format messages clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Majlis needs Python 3.11 or newer on PATH." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/majlis migrate --noinput
	$(BIN)/majlis load_demo
	@echo
	@echo "  Majlis is serving on http://127.0.0.1:$(PORT)/"
	@echo "    articles          http://127.0.0.1:$(PORT)/"
	@echo "    moderation desk   http://127.0.0.1:$(PORT)/desk/   (moderator / moderator)"
	@echo "    admin             http://127.0.0.1:$(PORT)/admin/  (admin / admin)"
	@echo "    API               http://127.0.0.1:$(PORT)/api/v1/docs"
	@echo
	$(BIN)/majlis runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the translation catalogues after changing strings (needs GNU gettext).
messages: install
	cd majlis && ../$(BIN)/majlis makemessages --no-obsolete -l ckb -l kmr -l ar -l fa -l tr
	cd majlis && ../$(BIN)/majlis compilemessages

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
