"""danish.dictionary: a real Danish word (frequent, rare, or a compound of known parts) against a typo."""

import pytest

from danish.dictionary import SYSTEM_WORD_LIST, _system_words, is_danish_word, sources


@pytest.mark.parametrize("word", ["enke", "vinter", "rekruttering", "flygtninge", "sundhedsklyngerne"])
def test_danish_words_frequent_or_compound_are_words(word):
    assert is_danish_word(word)


@pytest.mark.parametrize("word", ["rekrutering", "flygtnige", "råstofpaln", "sundhedsklyngr", "xqzzv"])
def test_typos_are_not_words(word):
    assert not is_danish_word(word)


@pytest.mark.skipif(
    not SYSTEM_WORD_LIST.exists(), reason="Debian's wdanish is not installed (make test installs it)"
)
def test_debians_word_list_adds_the_rare_words_wordfreq_lacks():
    assert "wdanish" in sources() and len(_system_words()) > 300_000
    assert is_danish_word("ekspropriation") and is_danish_word("kirkegård")


def test_a_missing_word_list_is_no_list(tmp_path):
    assert _system_words(tmp_path / "none") == frozenset()
