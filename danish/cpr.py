"""Personal data that must not be stored: Danish CPR numbers are masked before anything is written."""

from __future__ import annotations

import re

# ddmmyy-xxxx (also with a space or no separator) with a plausible day and month; not part of a longer number.
CPR = re.compile(r"(?<![\d-])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d{2})[- ]?(\d{4})(?![\d-])")
MASK = "xxxxxx-xxxx"


def mask_cpr(text: str) -> tuple[str, int]:
    """Return the text with every CPR-like number replaced by xxxxxx-xxxx, and how many were masked."""
    return CPR.subn(MASK, text)
