"""Case numbers (sagsnumre) as the ESDH systems print them: `SAG-2022-01250`.

One definition of the format, used by the parser (reading documents), the database constraint (what may be
stored), the case page's URL and the search (what a person types). KL's system numbers cases per year with
3 to 6 digits; older documents print fewer leading zeros, so `SAG-2024-1234` is as valid as `SAG-2024-01234`
(they are different cases: the number is stored exactly as printed).
"""

from __future__ import annotations

import re

PREFIX = "SAG"
YEAR_DIGITS = 4
MIN_DIGITS, MAX_DIGITS = 3, 6

#: The format as a regular expression without anchors, for building larger patterns.
PATTERN = rf"{PREFIX}-[0-9]{{{YEAR_DIGITS}}}-[0-9]{{{MIN_DIGITS},{MAX_DIGITS}}}"
#: The whole value, anchored: PostgreSQL's `~` and Python's re read it the same way.
DATABASE_REGEX = rf"^{PATTERN}$"

_EXACT = re.compile(DATABASE_REGEX)
#: At the start of a line of a document, as printed.
AT_LINE_START = re.compile(rf"^{PATTERN}\b")
#: As people type it: any case, a space or nothing instead of the dashes (`sag 2022 01250`).
_TYPED = re.compile(
    rf"\b{PREFIX}[-\s]?([0-9]{{{YEAR_DIGITS}}})[-\s]?([0-9]{{{MIN_DIGITS},{MAX_DIGITS}}})\b", re.IGNORECASE
)


def is_case_number(value: str) -> bool:
    """True for a case number exactly as stored (`SAG-2022-01250`)."""
    return bool(_EXACT.match(value))


def find_typed(text: str) -> str | None:
    """The first case number in what a person typed, in the stored form: `sag 2022 01250` → `SAG-2022-01250`."""
    match = _TYPED.search(text)
    return f"{PREFIX}-{match.group(1)}-{match.group(2)}" if match else None
