"""What a layout family says about a document it was shown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Detection:
    family: str
    score: int  # how sure, 1-100: a family's own markers (a footer, a system's headings) score high
    reason: str  # one line: what in the document said so
