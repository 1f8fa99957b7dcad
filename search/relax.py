"""When the words typed find nothing: search again, step by step, for what the person probably meant, and say so.

The steps, each tried only when the previous found nothing (so an exact match always wins):

1. the question without its question words and bracketed party letters ("Hvad besluttede KKR om
   sundhedsklynger?" → "KKR sundhedsklynger", "Stella Hansen (A)" → "Stella Hansen");
2. compounds the archive never uses, by their parts ("ældrepleje" → "ældre pleje": the parts are indexed);
3. Danish letters written without them ("aeldre" → "ældre", "okonomi" → "økonomi"), by the archive's words;
4. typos corrected ("rekrutering" → "rekruttering"): a word that is neither the archive's nor Danish
   (danish.dictionary) is replaced by the archive's closest word. A real Danish word the archive lacks
   ("enke") is never turned into a different one it has ("enkelt"): the dictionary knows it;
5. most of the words: any of them, ranked by how many match (`OR`).

Junk that matches nothing still shows nothing: every step searches, none invents a hit. Each step is described
in Danish for the page and in the API's `relaxed` field (CONTRACT.md, "Search relaxations").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from danish.compounds import load_default_splitter
from danish.dictionary import is_danish_word
from danish.text import FOLDINGS, PARTY_IN_BRACKETS, QUERY_WORD, QUESTION_WORDS
from search.db import reading
from search.suggestions import MIN_WORD, closest_word

_PHRASE = re.compile(r'"[^"]*"?')
MAX_FOLDED_VARIANTS = 16  # per word: every combination of ae/oe/aa and of the plain letters a, o


@dataclass(frozen=True)
class Relaxation:
    reason: str  # what was done, in Danish, for the page and the API
    query: str  # what was searched instead


def _tokens(text: str) -> list[str]:
    return text.split()


def without_question_words(text: str) -> str:
    """The query without question words and party letters in brackets; operators and phrases kept."""
    text = PARTY_IN_BRACKETS.sub(" ", text)
    kept = [
        token
        for token in _tokens(text)
        if token.startswith(('"', "-"))
        or token == "OR"
        or token.strip("?!.,:;").lower() not in QUESTION_WORDS
    ]
    return " ".join(token.rstrip("?!.,:;") if not token.endswith('"') else token for token in kept).strip()


def _known_words(words: set[str]) -> set[str]:
    if not words:
        return set()
    with reading().cursor() as cursor:
        cursor.execute("SELECT word FROM meetings_searchword WHERE word = ANY(%s)", [sorted(words)])
        return {row[0] for row in cursor.fetchall()}


def with_compound_parts(text: str) -> str:
    """Words the archive does not have, replaced by their compound parts when every part is a known word."""
    splitter = load_default_splitter()
    words = {w.lower() for w in QUERY_WORD.findall(text) if len(w) >= 8 and not w.isdigit()}
    unknown = words - _known_words(words)
    out = []
    for token in _tokens(text):
        word = token.lower().strip("?!.,:;")
        parts = splitter.split(word) if word in unknown and not token.startswith(('"', "-")) else None
        out.append(" ".join(parts) if parts else token)
    return " ".join(out)


def _folded_variants(word: str) -> list[str]:
    """Spellings of `word` with Danish letters: ae→æ, oe→ø, aa→å, and a plain a/o that may have lost its mark."""
    spellings = {word}
    for plain, letter in FOLDINGS:
        spellings |= {s.replace(plain, letter) for s in spellings}
    singles = [i for i, ch in enumerate(word) if ch in "ao"][:3]
    for combo in itertools.product([False, True], repeat=len(singles)):
        chars = list(word)
        for use, i in zip(combo, singles, strict=True):
            if use:
                chars[i] = {"a": "æ", "o": "ø"}[chars[i]]
        spellings.add("".join(chars))
        spellings.add("".join(chars).replace("aa", "å"))
    spellings.discard(word)
    return sorted(spellings)[:MAX_FOLDED_VARIANTS]


def with_danish_letters(text: str) -> str:
    """Words the archive does not have, respelled with æ/ø/å when exactly that spelling is an archive word."""
    words = {w.lower() for w in QUERY_WORD.findall(text) if len(w) >= 3 and not w.isdigit()}
    unknown = words - _known_words(words)
    variants = {word: _folded_variants(word) for word in unknown}
    known = _known_words({v for vs in variants.values() for v in vs})
    out = []
    for token in _tokens(text):
        word = token.lower().strip("?!.,:;")
        found = [v for v in variants.get(word, []) if v in known]
        out.append(found[0] if found and not token.startswith("-") else token)
    return " ".join(out)


def with_corrected_spelling(text: str) -> str:
    """Typos (words neither the archive nor a Danish dictionary knows) replaced by the archive's closest word."""
    words = {w.lower() for w in QUERY_WORD.findall(text) if len(w) >= MIN_WORD and not w.isdigit()}
    typos = {word for word in words - _known_words(words) if not is_danish_word(word)}
    corrections = {word: closest for word in sorted(typos) if (closest := closest_word(word))}
    out = []
    for token in _tokens(text):
        word = token.lower().strip("?!.,:;")
        out.append(corrections[word] if word in corrections and not token.startswith(('"', "-")) else token)
    return " ".join(out)


def any_of_the_words(text: str) -> str:
    """The positive words joined by OR (phrases and exclusions dropped): any of them, the most matched first."""
    words = [t for t in _tokens(_PHRASE.sub(" ", text)) if not t.startswith(("-", '"')) and t != "OR"]
    return " OR ".join(words) if len(words) > 1 else ""


STEPS = (
    ("uden spørgeord og partibogstaver", without_question_words),
    ("med sammensatte ord delt i deres dele", with_compound_parts),
    ("med æ, ø og å", with_danish_letters),
    ("med rettet stavning", with_corrected_spelling),
)


def relaxations(text: str) -> Iterator[Relaxation]:
    """The relaxed queries to try, in order, each different from the ones before."""
    seen = {text}
    current = text
    done: list[str] = []  # each step builds on the ones before, and the reason names them all
    for reason, step in STEPS:
        changed = step(current)
        if changed and changed not in seen:
            seen.add(changed)
            current = changed
            done.append(reason)
            yield Relaxation(reason="Søgt " + ", ".join(done), query=changed)
    either = any_of_the_words(current)
    if either and either not in seen:
        prefix = "Søgt " + ", ".join(done) + ". " if done else ""
        yield Relaxation(
            reason=prefix + "Ingen punkter har alle ordene; viser punkter med de fleste af dem", query=either
        )
