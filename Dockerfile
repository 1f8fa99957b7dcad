# Production image: the archive under gunicorn. The database is an external PostgreSQL (DATABASE_URL).
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# Debian's chromium renders FirstAgenda Publication's pages for the harvester (Playwright drives it; no
# browser is downloaded).
RUN apt-get update && apt-get install -y --no-install-recommends chromium wdanish && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY kkrarchive kkrarchive
COPY meetings meetings
COPY ingest ingest
RUN pip install .
COPY . .
# The project's own modules compiled once here: with PYTHONDONTWRITEBYTECODE every worker would compile them again.
RUN python -m compileall -q kkrarchive meetings search api ingest danish opendata harvest alerts
RUN useradd --system --home /app archive && SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput --verbosity 0
USER archive
EXPOSE 8000
CMD ["gunicorn", "kkrarchive.wsgi", "-c", "gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
