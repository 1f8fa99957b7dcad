"""Split Danish compound words into their parts so full-text search can find them.

PostgreSQL's ``danish`` snowball configuration stems whole words: ``sundhedsklyngerne`` becomes
the single lexeme ``sundhedsklyng``, so a search for ``klynge`` never finds it. At ingest time we
therefore add the *parts* of each compound as extra words to the item's tsvector
(``to_tsvector('danish', ' '.join(parts))`` with the weight of the source text). This module
decides what the parts are. It is pure Python (no Django) so it can be tested in milliseconds.

How a word is split
-------------------
A word of at least ``MIN_WORD_LEN`` letters is a compound when it can be read as

    head (+ linking "s" or "e")  [+ further heads ...]  + tail

where every *head* is a known standalone word in its bare form (``sundhed``, ``ældre``,
``hovedstad``) and the *tail* is a known word, possibly inflected (``klyngerne`` = ``klynge`` +
``rne``). Parts are returned as surface forms: the tail keeps its inflection because PostgreSQL
stems the parts anyway, and a head is returned as the lexicon word it was matched with (normally its
surface form; ``arbejds`` in ``arbejdskraft`` is returned as ``arbejde``).

Precision matters more than recall: a wrong split makes a search return unrelated documents
(``ældre`` must not find ``forældre``, ``enke`` must not find ``enkelte``). The guards are

* minimum lengths: heads and tails have at least 4 letters (``for``, ``ind``, ``sam``, ``ud`` can
  never be a part), with a tiny whitelist of short heads that are unambiguous nouns (``by``,
  ``bus``, ``job`` ...);
* stop lists: prefixes and function words that are real words but make false splits when used as
  heads (``under`` + ``søgelse``, ``over`` + ``blik``, ``forud`` + ``sætning``), derivational
  endings that happen to be words when used as tails (``partner`` + ``skabet``, ``sund`` +
  ``heden``), and place names and lexicalised compounds that must stay whole (``ringsted``);
* the lexicon itself: parts must be words that occur standalone in the archive (lower-case, so
  proper names do not count) or in the curated seed list.

The fewest-parts reading wins, so ``arbejdskraftudbuddet`` becomes ``arbejdskraft`` +
``udbuddet``; :meth:`CompoundSplitter.expand` then also splits the parts themselves
(``arbejdskraft`` -> ``arbejde`` + ``kraft``) so every level is searchable.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "DEFAULT_LEXICON_PATH",
    "MIN_WORD_LEN",
    "CompoundSplitter",
    "build_lexicon",
    "load_default_splitter",
    "read_word_list",
]

DEFAULT_LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "da_words.txt"

#: Tokens shorter than this are never split: two parts of >= 4 letters need 8.
MIN_WORD_LEN = 8
MIN_HEAD_LEN = 4
MIN_TAIL_LEN = 4
#: A head between two other parts must be longer: three-part readings built from short words are
#: mostly accidents (høring+spor+talen for høringsportalen).
MIN_MIDDLE_LEN = 5
#: A compound has at most this many parts; more is almost always a mis-analysis.
MAX_PARTS = 4

_LETTERS = "a-zæøåéüäöè"


def _words(text: str) -> frozenset[str]:
    """A frozenset from a whitespace-separated word list (keeps the long lists below readable)."""
    return frozenset(text.split())


_TOKEN_RE = re.compile(f"[{_LETTERS}]+")
_WORD_RE = re.compile(f"^[{_LETTERS}]+$")

#: Short heads that are unambiguous nouns and common as the first part of council vocabulary
#: (byrådet, busbaner, fagforening, jobcenter, lønudgifter, sagsbehandling, togstation). Everything else
#: shorter than MIN_HEAD_LEN is excluded because short strings are mostly prefixes.
SHORT_HEADS = frozenset({"by", "bus", "fag", "job", "løn", "sag", "tog"})

#: Short tails accepted for the same reason (sygehus, erhvervshuset, regionsrådet, sundhedsmål,
#: motorvej, regionaltog): nouns whose compounds are common and whose letters rarely end
#: unrelated words. Other tails need MIN_TAIL_LEN letters before any inflection.
SHORT_TAILS = frozenset({"bus", "hus", "job", "mål", "råd", "tog", "vej"})

#: Linking letters ("fuge"-letters) allowed between a head and the next part.
LINKS = ("s", "e")

#: Endings a tail may carry on top of a known base word (noun and adjective inflection).
TAIL_ENDINGS = frozenset(
    {
        "s", "e", "es", "en", "ens", "et", "ets", "er", "ers", "ere", "eres", "erne", "ernes",
        "ene", "enes", "n", "ns", "t", "ts", "r", "rs", "ne", "nes", "rne", "rnes",
    }
)  # fmt: skip

#: Function words: prepositions, adverbs, pronouns, auxiliaries, ordinals. They are frequent real
#: words, so any vocabulary contains them, but they are never a meaningful part of a compound.
FUNCTION_WORDS = _words(
    """
    alle allerede alt altid andre anden andet andres bagefter bare blandt blev blive bliver både
    dels denne dens deres deri derfor dermed dertil derudover desuden dette dets disse eftersom
    efter eller ellers enten flere fleste fordi forholdsvis første først gennem godt hele helt
    hende hendes henover heraf herefter heri herigennem herudover hertil herved hvad hvem hver
    hvert hvilke hvilken hvis hvor hvordan igen ikke imod inden indtil ifølge jeres kunne lidt
    mange medens mellem mere meget mest mindre mindst mindste nogen noget nogle også omkring over
    samme sammen samt selv senere sidste siden skal skulle største særlig tilbage under uden
    udenfor udover vores vedr videre ville være været
    """
)

#: Real words that must never be a head: the function words plus prefixes and prefix-like words
#: that produce false splits as the first part (under+visning, over+blik, forud+sætning,
#: efter+retning, sammen+hængende, fast+holde, fore+byggelse, hoved+stad).
NEVER_HEAD = FUNCTION_WORDS | _words(
    """
    anti auto beta ekstra fast fore foran forbi forud fort frem fremad fremover fuld hoved imøde
    inter lige meta mini mods multi para post pro super trans ultra
    """
)

#: Real words that must never be a tail (nor the base of an inflected tail): the function words
#: plus derivational endings and verb forms that happen to be words and would split ordinary
#: words (partner+skabet, sund+heden, arbejds+løse, effekt+fulde, botilbuds+lignende).
NEVER_TAIL = FUNCTION_WORDS | _words(
    """
    ende ender endes ene ener enes fuld fulde fuldt gjort gøre gøres heden heder ingen intet
    lige ligt lignende løse løses løshed mente skab skabe skaber skabet skabes somhed vist
    """
)

#: Words that look like compounds but must stay whole: municipality and place names (ring+sted,
#: tårn+by, lange+land, guld+borg+sund) and lexicalised words whose parts mislead a search.
#: Genitive forms (``ringsteds``) are covered automatically.
NEVER_SPLIT = _words(
    """
    aabenraa aalborg aarhus albertslund allerød assens ballerup billund bornholm brøndby
    brønderslev dragør egedal esbjerg fanø favrskov faxe fredensborg fredericia frederiksberg
    frederikshavn frederikssund furesø faaborg gentofte gladsaxe glostrup greve gribskov
    guldborgsund haderslev halsnæs hedensted helsingør herlev herning hillerød hjørring holbæk
    holstebro horsens hvidovre hørsholm ikast brande ishøj jammerbugt kalundborg kerteminde kolding
    københavn køge langeland lejre lemvig lolland lyngby taarbæk taastrup læsø mariagerfjord
    middelfart midtfyn morsø norddjurs nordfyn nordfyns nyborg næstved odder odense odsherred
    randers rebild ringkøbing skjern ringsted roskilde rudersdal rødovre samsø silkeborg
    skanderborg skive slagelse solrød sorø stevns struer svendborg syddjurs sønderborg thisted
    tønder tårnby vallensbæk varde vejen vejle vesthimmerland viborg vordingborg ærø grønland
    færøerne sjælland jylland himmerland vendsyssel amager
    vejledning vejlede vejleder vejledende husstand sideløbende størstedelen landsby børnehave
    tidspunkt spørgsmål sygehus
    """
)


def _is_word(token: str) -> bool:
    return bool(_WORD_RE.match(token))


class CompoundSplitter:
    """Splits Danish compounds using a lexicon of known standalone words.

    Build it once (it indexes the lexicon) and reuse it: results are cached per word, so
    expanding a whole archive costs one dictionary lookup per repeated token.
    """

    def __init__(self, words: Iterable[str], *, cache_size: int = 500_000) -> None:
        """``words``: known standalone words, lower-case (anything else is ignored)."""
        known: set[str] = set()
        for word in words:
            word = word.strip().lower()
            if word and _is_word(word):
                known.add(word)
        self._known = frozenset(known)
        # Heads: bare words allowed as a non-final part.
        self._heads = frozenset(
            w for w in known if (len(w) >= MIN_HEAD_LEN or w in SHORT_HEADS) and w not in NEVER_HEAD
        )
        # Tail bases: words allowed as the (possibly inflected) final part.
        self._tails = frozenset(
            w for w in known if (len(w) >= MIN_TAIL_LEN or w in SHORT_TAILS) and w not in NEVER_TAIL
        )
        # Caches are plain dicts, cleared wholesale when full: an archive's vocabulary is small
        # (tens of thousands of long words), so this almost never happens.
        self._cache: dict[str, tuple[str, ...]] = {}
        self._expand_cache: dict[str, tuple[str, ...]] = {}
        self._cache_size = cache_size
        self._decompose_memo: dict[tuple[str, int], tuple[tuple[str, ...], tuple[int, ...]] | None] = {}

    def __len__(self) -> int:
        return len(self._known)

    def __contains__(self, word: object) -> bool:
        return word in self._known

    # -- public API -------------------------------------------------------------------------

    def split(self, word: str) -> list[str]:
        """Return the parts of ``word``, or ``[]`` when it is not a (recognised) compound.

        Parts are lower-case; the last keeps its inflection (``sundhedsklyngerne`` ->
        ``["sundhed", "klyngerne"]``), linking letters are dropped. The reading with the fewest
        parts wins, so known sub-compounds stay whole (``arbejdskraftudbuddet`` ->
        ``["arbejdskraft", "udbuddet"]``); up to ``MAX_PARTS`` parts are returned when no shorter
        reading exists.
        """
        word = word.lower()
        cached = self._cache.get(word)
        if cached is None:
            cached = self._split_uncached(word)
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[word] = cached
        return list(cached)

    def expand(self, text: str, *, unique: bool = False) -> list[str]:
        """Return the extra words to index for ``text``: the parts of every compound in it.

        Parts of parts are included too (``arbejdskraftudbuddet`` yields ``arbejdskraft``,
        ``udbuddet``, ``arbejde``, ``kraft``), so a search for any level finds the item. By default
        a part is emitted once per occurrence of its compound, so ranking by term frequency
        behaves as it does for the original words; pass ``unique=True`` for a de-duplicated list
        in first-seen order. The original words are not included: they are indexed already.
        """
        out: list[str] = []
        cache = self._expand_cache
        for token in _TOKEN_RE.findall(text.lower()):
            if len(token) < MIN_WORD_LEN:
                continue
            parts = cache.get(token)
            if parts is None:
                parts = self._expand_word(token)
                if len(cache) >= self._cache_size:
                    cache.clear()
                cache[token] = parts
            if parts:
                out.extend(parts)
        if unique:
            return list(dict.fromkeys(out))
        return out

    # -- internals --------------------------------------------------------------------------

    def _expand_word(self, word: str) -> tuple[str, ...]:
        """The parts of ``word`` then, breadth first, the parts of its parts (each part once)."""
        seen: dict[str, None] = {}
        queue = self.split(word)
        k = 0
        while k < len(queue):
            part = queue[k]
            k += 1
            if part in seen or part == word:
                continue
            seen[part] = None
            if len(part) >= MIN_WORD_LEN:
                queue.extend(self.split(part))
        return tuple(seen)

    def _split_uncached(self, word: str) -> tuple[str, ...]:
        if len(word) < MIN_WORD_LEN or not _is_word(word) or self._never_split(word):
            return ()
        found = self._decompose(word, MAX_PARTS, top=True)
        if found is None:
            return ()
        return found[0]

    def _never_split(self, word: str) -> bool:
        """True for NEVER_SPLIT words and their inflections (ringsteds, vejledningen, sygehusene)."""
        if word in NEVER_SPLIT:
            return True
        for k in range(1, min(5, len(word) - 3) + 1):
            if word[-k:] in TAIL_ENDINGS and word[:-k] in NEVER_SPLIT:
                return True
        return False

    def _is_tail(self, s: str) -> bool:
        """True when ``s`` is a known tail word, possibly inflected (klyngerne, udbuddet)."""
        if len(s) < MIN_TAIL_LEN and s not in SHORT_TAILS:
            return False
        tails = self._tails
        if s in tails:
            return True
        if s in NEVER_TAIL:
            return False
        for k in range(1, min(5, len(s) - 3) + 1):
            ending = s[-k:]
            if ending not in TAIL_ENDINGS:
                continue
            base = s[:-k]
            if base in tails:
                return True
            # Doubled final consonant before a vowel ending: udbud -> udbuddet, bus -> busser.
            if ending[0] == "e" and len(base) >= 4 and base[-1] == base[-2] and base[:-1] in tails:
                return True
        return False

    def _head_readings(self, word: str, i: int) -> list[tuple[str, int, int]]:
        """Ways ``word[:i]`` can be a head: (lexicon word, start of the next part, penalty).

        Penalty 0 is a bare head, 1 a head plus linking letter, 2 a head whose final -e was
        dropped before a linking -s (arbejde -> arbejds-, samarbejde -> samarbejds-).
        """
        head = word[:i]
        readings: list[tuple[str, int, int]] = []
        heads = self._heads
        if head in heads:
            # A head ending in a linking letter whose stem is also a head (regions, sundheds,
            # børne, samarbejds) is read as stem + link, so the stem is what gets indexed.
            stem = head[:-1]
            if not (head[-1] in LINKS and (stem in heads or (head[-1] == "s" and stem + "e" in heads))):
                readings.append((head, i, 0))
            if i < len(word) and word[i] in LINKS and not (head[-1] == "e" and word[i] == "e"):
                readings.append((head, i + 1, 1))
        if i < len(word) and word[i] == "s" and len(head) >= MIN_HEAD_LEN and head + "e" in heads:
            readings.append((head + "e", i + 1, 2))
        return readings

    def _decompose(
        self, word: str, max_parts: int, *, top: bool = False
    ) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        """Best reading of ``word`` as heads + tail, with its score key; None if there is none.

        At the top level at least two parts are required (the word itself is usually a known
        word: the lexicon is built from the archive, compounds included). Deeper down a known
        tail is taken whole, which is what makes the fewest-parts reading win.
        """
        key = (word, -max_parts if top else max_parts)  # top level has its own entry (>= 2 parts)
        memo = self._decompose_memo
        if key in memo:
            return memo[key]
        best: tuple[tuple[str, ...], tuple[int, ...]] | None = None
        if not top and self._is_tail(word):
            best = ((word,), (1, 0, 0))
        if max_parts >= 2 and best is None and not (not top and self._never_split(word)):
            n = len(word)
            for i in range(2, n - 2):
                for head, j, penalty in self._head_readings(word, i):
                    rest = word[j:]
                    if len(rest) < MIN_TAIL_LEN and rest not in SHORT_TAILS:
                        continue
                    if not top and len(head) < MIN_MIDDLE_LEN and head not in SHORT_HEADS:
                        continue
                    sub = self._decompose(rest, max_parts - 1)
                    if sub is None:
                        continue
                    parts = (head, *sub[0])
                    # Fewest parts (keeps known sub-compounds whole: arbejdskraft+udbuddet); then
                    # the longest head; then the plainest reading (hjælper+elever, not
                    # hjælper+e+lever; overgang+s, not overgange with a dropped -e).
                    score = (len(parts), -i, penalty)
                    if best is None or score < best[1]:
                        best = (parts, score)
        if len(memo) >= self._cache_size:
            memo.clear()
        memo[key] = best
        return best


_HYPHEN_BREAK_RE = re.compile(f"([{_LETTERS}])-[ \\t]*\\n\\s*(?!(?:og|eller|samt)\\b)([{_LETTERS}])")
_CASED_TOKEN_RE = re.compile(f"[{_LETTERS}{_LETTERS.upper()}]+")


def build_lexicon(texts: Iterable[str], *, min_count: int = 2) -> Counter[str]:
    """Count the standalone words of ``texts`` that may serve as compound parts.

    Only tokens written entirely in lower case are counted: Danish capitalises proper names and
    not ordinary nouns, so ``Frederik``/``Holm`` never become parts (``Frederikssund``), while
    sentence-initial words are simply counted where they occur elsewhere. Words broken by a
    hyphen at a line end (``med-\\nlemmerne``) are joined first, so the fragments are not counted
    as words. Returns a Counter restricted to words seen at least ``min_count`` times.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        text = _HYPHEN_BREAK_RE.sub(r"\1\2", text)
        for token in _CASED_TOKEN_RE.findall(text):
            if token.islower() and len(token) >= 2:
                counts[token] += 1
    return Counter({w: c for w, c in counts.items() if c >= min_count})


def read_word_list(path: Path) -> list[str]:
    """Read a one-word-per-line file, skipping blank lines and ``#`` comments."""
    words = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                words.append(line.lower())
    return words


@functools.cache
def load_default_splitter() -> CompoundSplitter:
    """The splitter over the committed lexicon (data/lexicon/da_words.txt), built once."""
    return CompoundSplitter(read_word_list(DEFAULT_LEXICON_PATH))
