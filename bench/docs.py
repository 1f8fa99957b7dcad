"""docs/benchmarks.md is written section by section: each benchmark replaces its own "## " section only."""

from __future__ import annotations

import re
from pathlib import Path


def replace_section(path: Path, title: str, section: str) -> None:
    """Replace the section headed `title` (up to the next "## " heading) of `path` with `section`, or append it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(title)}[ \t]*\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
