# Two commands set everything up on a fresh machine with only Python 3.12+ and make:
#   make run    serve the archive with the sample minutes on http://127.0.0.1:8000 (PORT overrides)
#   make test   the same set-up, then the whole test suite
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup venv db migrate static samples lint bench stop clean browsers

$(STAMP): pyproject.toml
	@PYBIN=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYBIN"; "$$PYBIN" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

db: venv
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m kkrarchive.embedded_db start; fi

migrate: db
	$(PY) manage.py migrate --noinput

static: venv
	$(PY) manage.py collectstatic --noinput --verbosity 0

samples: migrate
	$(PY) manage.py ingest data/samples
	$(PY) manage.py load_topics

setup: samples static

run: setup
	@echo "Serving the archive on http://127.0.0.1:$${PORT:-8000}/ (Ctrl-C stops it; 'make stop' stops the database)"
	SECURE_COOKIES=$${SECURE_COOKIES:-0} $(VENV)/bin/gunicorn kkrarchive.wsgi -c gunicorn.conf.py

# Chromium comes from Debian's package (never a browser download at test time); installed when missing.
browsers:
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

test: venv db browsers static
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check .

bench: migrate
	$(PY) -m bench.ingest

stop: venv
	$(PY) -m kkrarchive.embedded_db stop

clean: stop
	rm -rf $(VENV) .data staticfiles
