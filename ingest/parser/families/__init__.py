"""Layout families: one module per way councils publish their agendas and minutes, all behind one interface.

A family module has

    NAME: str                                  # "kkr", "firstagenda", ...
    def detect(text: str) -> Detection | None  # does this document look like the family's? and why
    def parse(text: str) -> ParsedMeeting      # read it, or raise NotMinutesError

`ingest.parser.parse_document` asks every family, takes the highest score and records the family and its reason
on the parse (`ingest --dry-run` prints them). Detection reads the document only, never its file name. Adding a
layout means adding one module to this package (it is found by itself) and its golden tests in
tests/ingest/parser/.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from types import ModuleType

from ingest.parser.detection import Detection

__all__ = ["Detection", "registered"]


@functools.cache
def registered() -> tuple[ModuleType, ...]:
    """Every family module of this package: first those whose own markers decide at once and are cheap to
    look for (a module's PRIORITY, lower first, 50 when it sets none), then by name. Ties between equal scores
    go to the first."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    return tuple(sorted(modules, key=lambda module: (getattr(module, "PRIORITY", 50), module.NAME)))
