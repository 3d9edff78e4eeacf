# Majlis: `make run` serves the demo site, `make test` runs the whole suite.
# Both create .venv and install what they need; only Python >= 3.11 and make are assumed.

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install install-dev install-train lint format messages train tune-policy transformer evaluate evaluate-automation evaluate-promotion evaluate-functional evaluate-learning evaluate-spans bench loadtest faults worker screenshots clean

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

$(VENV)/.installed-train: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,train]'
	@touch $(VENV)/.installed $(VENV)/.installed-dev $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-train: $(VENV)/.installed-train

# The demo: MAJLIS_DEMO=1 allows the public development key and creates the demo accounts.
# Production runs `majlis serve` and `majlis worker` instead (README, "Production").
run: install
	MAJLIS_DEMO=1 $(BIN)/majlis migrate --noinput
	MAJLIS_DEMO=1 $(BIN)/majlis load_demo
	@echo
	@echo "  DEMO MODE (MAJLIS_DEMO=1): a public secret key and demo logins. Not for production."
	@echo
	@echo "  Majlis is serving on http://127.0.0.1:$(PORT)/"
	@echo "    articles          http://127.0.0.1:$(PORT)/"
	@echo "    moderation desk   http://127.0.0.1:$(PORT)/desk/   (moderator / moderator)"
	@echo "    admin             http://127.0.0.1:$(PORT)/admin/  (admin / admin)"
	@echo "    API               http://127.0.0.1:$(PORT)/api/v1/docs"
	@echo
	MAJLIS_DEMO=1 MAJLIS_WORKER_IN_PROCESS=1 $(BIN)/majlis runserver 127.0.0.1:$(PORT)

# The assessment worker on its own, as production runs it beside the web server.
worker: install
	$(BIN)/majlis worker

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Rebuild every model artifact from ../shared/data (or $$MAJLIS_DATA_DIR); deterministic.
# The calibration maps come last: they read the engine's scores of the trained models.
train: install-train
	$(BIN)/python training/train_langid.py
	$(BIN)/python training/build_relevance_idf.py
	$(BIN)/python training/train_all.py
	$(BIN)/python training/calibrate.py

# The English transformer, measured and not shipped (docs/transformer.md): fine-tune MiniLM
# (about 25 minutes on 2 shared cores), export int8 ONNX into training/build/, measure it.
transformer: install-train
	$(BIN)/pip install --quiet -e '.[dev,train,transformer]'
	$(BIN)/python training/train_transformer.py
	$(BIN)/python training/evaluate_transformer.py

# Choose the approval guard's bounds on the tune half of the held-out rows (after
# `make train`); prints them for majlis/moderation/policy.py.
tune-policy: install-train
	$(BIN)/python training/tune_policy.py

# Measure the shipped models on held-out rows and write docs/evaluation.md. The Arabic
# baseline, arabic-toxic, pins an older scikit-learn and unpickles its model, so it lives in a
# venv of its own that only this target uses.
BASELINES := .venv-baselines
$(BASELINES)/.installed:
	$(PYTHON) -m venv $(BASELINES)
	$(BASELINES)/bin/pip install --quiet arabic-toxic
	@touch $@

evaluate: install-train $(BASELINES)/.installed
	MAJLIS_ARABIC_TOXIC_PYTHON=$(BASELINES)/bin/python $(BIN)/python training/evaluate.py

# Only the Automation section of docs/evaluation.md (a minute or two), the rest as it was.
evaluate-automation: install-train
	$(BIN)/python training/evaluate.py --only automation

# Only the Promotion and Off-topic sections of docs/evaluation.md (a few minutes).
evaluate-promotion: install-train
	$(BIN)/python training/evaluate.py --only promotion

# Only the learning-from-the-desk section of docs/evaluation.md (numpy alone, a minute).
evaluate-learning: install
	$(BIN)/python training/evaluate.py --only learning

# Only the evidence section of docs/evaluation.md: the desk's highlights against the Civil
# Comments toxic spans (SemEval-2021 Task 5's span F1), on held-out posts; a minute.
evaluate-spans: install-train
	$(BIN)/python training/evaluate.py --only spans

# Only the functional-cases section of docs/evaluation.md (the report half of the team's cases
# in six languages): a minute instead of the whole evaluation.
evaluate-functional: install-train
	$(BIN)/python training/evaluate.py --only functional

# Speed, memory and start-up of the automatic moderator, then how fast one worker drains a
# backlog (SQLite, and PostgreSQL too where DATABASE_URL names one), into docs/performance.md.
bench: install
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_worker.py

# Majlis (SQLite and PostgreSQL) beside Isso 0.14.0 under load, into docs/performance.md;
# loopback only, bounded (about 10 minutes on 2 cores). Isso gets a throwaway venv of its own.
ISSO := .venv-isso
$(ISSO)/.installed:
	$(PYTHON) -m venv $(ISSO)
	$(ISSO)/bin/pip install --quiet isso==0.14.0 gunicorn
	@touch $@

loadtest: install-dev $(ISSO)/.installed
	$(BIN)/python bench/loadtest.py

# Kill -9 of web workers and of the assessment worker, and a PostgreSQL restart, under load;
# counts what was acknowledged, lost, doubled and left unassessed. Loopback only, bounded.
faults: install-dev
	$(BIN)/python bench/faults.py

# Retake the README's pictures: the browser tests save them into docs/screenshots/ as they
# run, each from the data its test makes (the demo content for the article pages). Needs
# Chromium (/usr/bin/chromium, or $$MAJLIS_CHROMIUM); fails rather than skips without it.
screenshots: install-dev
	rm -f docs/screenshots/*.png
	MAJLIS_SCREENSHOTS=docs/screenshots MAJLIS_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q -m browser

# Refresh the translation catalogues after changing strings (needs GNU gettext).
messages: install
	cd majlis && MAJLIS_DEMO=1 ../$(BIN)/majlis makemessages --no-obsolete -l ckb -l kmr -l ar -l fa -l tr
	cd majlis && MAJLIS_DEMO=1 ../$(BIN)/majlis compilemessages

clean:
	rm -rf $(VENV) $(BASELINES) $(ISSO) staticfiles .pytest_cache
