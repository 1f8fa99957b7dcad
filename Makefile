# Two commands set everything up on a fresh machine with only Python 3.12+ and make:
#   make run    serve the archive with the sample minutes on http://127.0.0.1:8000 (PORT overrides)
#   make test   the database, the static files and the browser, then the whole test suite
#   make test-fast  the pure tests only (parser, Danish facts, import rules): no Django, no database, seconds
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast setup venv db migrate static samples lint bench load stop clean browsers proxy wordlist

# The project is installed with uv (from PyPI, into the venv by pip): about 12 s here where pip took about 25 s.
# It compiles the bytecode as pip does, so no later process compiles the libraries (PYTHONDONTWRITEBYTECODE
# would make every one of them do it again). Plain pip is the fallback when uv cannot be installed or fails.
# Nothing is reinstalled until pyproject.toml changes.
$(STAMP): pyproject.toml
	@PYBIN=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYBIN"; "$$PYBIN" -m venv $(VENV) || exit 1; fi
	@echo "Installing the project into $(VENV) with uv"; \
	$(PY) -m pip install --quiet uv && $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -e '.[dev]' || { \
		echo "uv failed; installing with pip instead"; \
		$(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -e '.[dev]'; }
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

# What `samples static` do (migrate, ingest data/samples, load_topics, collectstatic) in one Django process,
# migrate skipped when no migration is unapplied; those targets still work one by one.
setup: db
	$(PY) manage.py prepare

run: setup
	@$(MAKE) -s wordlist || echo "Without Debian's wdanish the spelling correction knows fewer Danish words."
	@echo "Serving the archive on http://127.0.0.1:$${PORT:-8000}/ (Ctrl-C stops it; 'make stop' stops the database)"
	SECURE_COOKIES=$${SECURE_COOKIES:-0} $(VENV)/bin/gunicorn kkrarchive.wsgi -c gunicorn.conf.py

# Chromium comes from Debian's package (never a browser download at test time); installed when missing.
browsers:
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

# Debian's Danish word list, which the search's spelling correction reads (danish/dictionary.py); installed when
# missing. The search works without it (wordfreq's frequent words still answer), so `make run` only tries.
wordlist:
	@[ -f /usr/share/dict/danish ] || scripts/install-wdanish

# nginx likewise, for the slow-client test of the reverse proxy's config (deploy/nginx.conf).
proxy:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || scripts/install-nginx

test: venv db browsers proxy wordlist static
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# Pure Python: nothing here needs Django or a database (tests/test_architecture.py keeps it so).
PURE_TESTS := tests/danish tests/ingest/parser tests/ingest/test_reader.py tests/ingest/test_html_text.py \
	tests/ingest/test_reader_robustness.py tests/ingest/test_pdf_limits.py \
	tests/meetings/test_minutes_changes.py tests/test_architecture.py

test-fast: venv
	$(PY) -m pytest -p no:django --noconftest -W ignore::pytest.PytestConfigWarning -q $(PURE_TESTS)

lint: venv
	$(VENV)/bin/ruff check .

bench: migrate
	$(PY) -m bench.ingest

# The production-like load run of docs/reliability.md, not part of `make test`: nginx in front of gunicorn,
# wrk for 60 s at 32 connections while an ingest runs and slow clients hold connections. wrk is Debian's.
load: db proxy
	@command -v wrk >/dev/null 2>&1 || scripts/install-wrk
	$(PY) -m bench.load --production

stop: venv
	$(PY) -m kkrarchive.embedded_db stop

clean: stop
	rm -rf $(VENV) .data staticfiles
