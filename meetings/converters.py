"""Path converters of the archive's URLs (CONTRACT.md): item numbers, ISO dates, years.

A converter refuses (ValueError, so the URL does not match and the answer is a 404) every value that is no
real calendar date or year, so no view ever sees year 0 or 30 February.
"""

import datetime as dt

from django.urls import register_converter

from danish import item_numbers


class ItemNumberConverter:
    regex = item_numbers.PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class IsoDateConverter:
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        dt.date.fromisoformat(value)  # ValueError for 2022-02-30, 0000-01-01, 2022-13-01
        return value

    def to_url(self, value) -> str:
        return str(value)


class YearConverter:
    regex = r"[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not dt.MINYEAR <= year <= dt.MAXYEAR:  # 0000: no date has it
            raise ValueError(f"year {value} does not exist")
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


# Registered once, when this module is first imported (Django refuses a second registration of a name).
register_converter(ItemNumberConverter, "itemno")
register_converter(IsoDateConverter, "isodate")
register_converter(YearConverter, "year")
