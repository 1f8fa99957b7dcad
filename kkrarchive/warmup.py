"""A new worker loads, before its first request, what that request would otherwise load.

Django loads lazily: the URLconf (and with it every view module) on the first request, each template the first
time it is rendered, the database connection when a query first needs it; the search reads its word lists
(the compound lexicon, Debian's and wordfreq's Danish words) on the first query that needs them. In a new
process that cost the first visitor 150-300 ms before any search ran, and the first typo another 300 ms
(docs/benchmarks.md, "the first search after a restart"). gunicorn.conf.py calls `warm()` in each worker after
it has loaded the application and before it accepts a connection, so a restart costs no visitor that time. It
reads nothing of the archive's data.

Then everything the worker keeps for its life is moved out of the cyclic garbage collector's reach
(gc.freeze): a full collection otherwise walks the word lists' hundreds of thousands of entries, 30-80 ms that
fell on every tenth page or so.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver

from danish.compounds import load_default_splitter
from danish.dictionary import load_word_lists

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt")


def project_templates() -> list[str]:
    """The names of the project's own templates (settings.TEMPLATES' DIRS), sorted."""
    names: set[str] = set()
    for config in settings.TEMPLATES:
        for directory in map(Path, config.get("DIRS", [])):
            names.update(
                path.relative_to(directory).as_posix()
                for path in directory.rglob("*")
                if path.suffix in TEMPLATE_SUFFIXES and path.is_file()
            )
    return sorted(names)


def warm() -> dict[str, int]:
    """Import the URLconf, compile the project's templates into the cached loader, read the word lists, open the
    database connections the pages read through, and freeze what is loaded out of the garbage collector's
    reach. Returns how many of each it loaded. A template that fails to compile is logged and skipped (its
    page shows the error as it would have), and so is a database that is down: the worker starts anyway and
    its first request connects as usual."""
    patterns = len(get_resolver().url_patterns)
    templates = 0
    for name in project_templates():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            logger.exception("warm-up: template %s did not load", name)
        else:
            templates += 1
    load_default_splitter()
    load_word_lists()
    opened = 0
    for alias in connections:
        try:
            connections[alias].ensure_connection()
        except Exception:  # any driver error: the first request reports it properly
            logger.warning("warm-up: database %s is not reachable; the first request will connect", alias)
        else:
            opened += 1
    gc.collect()
    gc.freeze()
    return {"url_patterns": patterns, "templates": templates, "connections": opened, "frozen": gc.get_freeze_count()}
