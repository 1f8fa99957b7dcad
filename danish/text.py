"""Danish text as the search sees it: the PostgreSQL configuration and what counts as a word."""

from __future__ import annotations

import re

#: The PostgreSQL text-search configuration (snowball's Danish stemmer and stop words), everywhere.
SEARCH_CONFIG = "danish"

#: The letters of Danish words, including the foreign letters names and loan words bring.
LETTERS = "a-zæøåéüäöè"

#: A word worth suggesting or counting in the vocabulary: lower-case letters only, no numbers, no stubs.
VOCABULARY_WORD = re.compile(r"[a-zæøåéü]{4,40}")

#: A word as a person types it in a query: letters and digits (any script), for suggestions and highlighting.
QUERY_WORD = re.compile(r"[\wæøå]+")

#: Words of a question that say nothing about its subject ("Hvad besluttede KKR om sundhedsklynger?"); the
#: search drops them only when the whole question finds nothing (PostgreSQL's Danish stop words go anyway).
QUESTION_WORDS = frozenset(
    [
        "hvad",
        "hvem",
        "hvornår",
        "hvor",
        "hvorfor",
        "hvordan",
        "hvilke",
        "hvilken",
        "hvilket",
        "hvormange",
        "mon",
        "besluttede",
        "besluttet",
        "beslutte",
        "beslutning",
        "beslutningen",
        "vedtog",
        "vedtaget",
        "vedtage",
        "skete",
        "sket",
        "sagde",
        "sagt",
        "mente",
        "ment",
        "drøftede",
        "snakkede",
        "talte",
        "blev",
        "bliver",
        "gjorde",
        "gør",
        "kan",
        "kunne",
        "skal",
        "skulle",
        "vil",
        "ville",
        "må",
        "noget",
        "nogen",
        "alle",
        "alt",
        "mødet",
        "møde",
        "møder",
        "referat",
        "referatet",
        "dagsorden",
        "dagsordenen",
        "sag",
        "sagen",
        "punkt",
        "punktet",
        "angående",
        "vedrørende",
        "ang",
        "vedr",
        "omkring",
    ]
)

#: A party letter in brackets after a name, as minutes print it: "Stella Hansen (A)", "(Ø)", "(RV)".
PARTY_IN_BRACKETS = re.compile(r"\(\s*[A-ZÆØÅ]{1,3}\s*\)")

# Danish letters written without them: "aeldre" for "ældre", "oekonomi" for "økonomi", "aabent" for "åbent".
FOLDINGS = (("ae", "æ"), ("oe", "ø"), ("aa", "å"))

# PostgreSQL's parser reads "kultur/fritid" as one file-path token and "børn/unge" as "børn" and "/unge", so
# neither word could be found. Words joined by a slash are indexed and searched as separate words.
SLASH_BETWEEN_WORDS = re.compile(r"(?<=\w)/(?=\w)")


def split_slashes(text: str) -> str:
    """`kultur/fritid` → `kultur fritid`, in the texts that are indexed and in the words that are searched."""
    return SLASH_BETWEEN_WORDS.sub(" ", text)
