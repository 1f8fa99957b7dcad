"""What may stand for a word of a query: its compound parts, its synonyms, the Danish word for an English one.

`alternatives_for(text)` reads the synonyms and translations of the query's words in one query and returns the
function search.query.compile_query asks for each word. The expanded query finds what the exact words would
and more; a word keeps its own exact form first, so ranking still favours the words typed.
"""

from __future__ import annotations

from django.db.models import Q

from danish.compounds import MIN_WORD_LEN, load_default_splitter
from danish.text import QUERY_WORD
from search.models import Synonym, Translation
from search.query import Alternative, Alternatives


def alternatives_for(text: str) -> Alternatives:
    words = {w.lower() for w in QUERY_WORD.findall(text)}
    phrases = {" ".join(text.lower().split()[i : i + 2]) for i in range(len(text.split()) - 1)}
    synonyms: dict[str, list[str]] = {}
    translations: dict[str, str] = {}
    if words:
        for group in Synonym.objects.filter(terms__overlap=sorted(words | phrases)).values_list(
            "terms", flat=True
        ):
            for term in group:
                synonyms.setdefault(term, []).extend(t for t in group if t != term)
        translations = dict(Translation.objects.filter(Q(english__in=words)).values_list("english", "danish"))
    splitter = load_default_splitter()

    def alternatives(word: str) -> list[Alternative]:
        key = word.lower().strip(".,;:!?")
        found: list[Alternative] = []
        if len(key) >= MIN_WORD_LEN and not key.isdigit():
            parts = splitter.split(key)
            if parts:
                found.append(tuple(parts))
        if key in translations:
            found.append(translations[key])
            found.extend(synonyms.get(translations[key], []))
        found.extend(synonyms.get(key, []))
        return found

    return alternatives
