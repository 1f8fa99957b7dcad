"""Is a word Danish? The answer that tells a typo (`rekrutering`) from a real word the archive lacks (`enke`).

Two word lists, read where they are installed and never copied into the project:

* `wordfreq` (PyPI, a dependency; code Apache-2.0, data CC BY-SA 4.0): the ~29,000 most frequent Danish words of
  Wikipedia, subtitles, news and the web: everyday words and their common forms;
* Debian's `wdanish` (`/usr/share/dict/danish`, GPL-2+, *Den store danske ordliste*): 312,000 full forms, the
  rare words and inflections as well. Optional: without it the frequent words still answer.

Neither lists the compounds councils coin (`sundhedsklynger`, `råstofplan`), so a word also counts as Danish when
danish.compounds splits it into known parts; the search asks the archive's own vocabulary first anyway.
Measured on the quality harness (docs/search-quality.md, "Spelling").
"""

from __future__ import annotations

import functools
from pathlib import Path

SYSTEM_WORD_LIST = Path("/usr/share/dict/danish")
#: wordfreq's Zipf scale: 1.0 is once per 100 million words, the rarest its Danish list holds.
MIN_ZIPF = 1.0


@functools.cache
def _system_words(path: Path = SYSTEM_WORD_LIST) -> frozenset[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def _frequent(word: str) -> bool:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # an install without it still has the system list and the compounds
        return False
    return zipf_frequency(word, "da") >= MIN_ZIPF


def load_word_lists() -> None:
    """Read both word lists now (a web worker's warm-up, kkrarchive.warmup), not on the first typo: together about
    0.3 s."""
    _system_words()
    _frequent("og")


def is_danish_word(word: str) -> bool:
    """Whether `word` (lower case) is a Danish word by wordfreq, Debian's word list or its compound parts."""
    from danish.compounds import load_default_splitter

    word = word.lower()
    return _frequent(word) or word in _system_words() or bool(load_default_splitter().split(word))


def sources() -> list[str]:
    """Which word lists this installation has, for the record."""
    found = []
    try:
        import wordfreq  # noqa: F401

        found.append("wordfreq")
    except ImportError:
        pass
    if _system_words():
        found.append("wdanish")
    return found
