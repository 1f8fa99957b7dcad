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
