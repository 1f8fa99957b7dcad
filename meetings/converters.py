"""Path converters of the archive's URLs (CONTRACT.md): item numbers, ISO dates, years."""

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
        return value

    def to_url(self, value) -> str:
        return str(value)


class YearConverter:
    regex = r"[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


# Registered once, when this module is first imported (Django refuses a second registration of a name).
register_converter(ItemNumberConverter, "itemno")
register_converter(IsoDateConverter, "isodate")
register_converter(YearConverter, "year")
