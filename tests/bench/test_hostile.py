"""bench/hostile.py: the hostile-input corpus is generated, the same for a seed, and covers every kind of issue 16."""

from bench import hostile


def test_a_seed_always_gives_the_same_corpus_and_another_seed_another():
    first, again, other = hostile.build(16), hostile.build(16), hostile.build(17)
    assert [(c.name, c.data) for c in first.cases] == [(c.name, c.data) for c in again.cases]
    assert first.secrets == again.secrets != other.secrets


def test_every_kind_comes_in_several_variants_each_with_what_ingest_must_do():
    corpus = hostile.build()
    kinds: dict[str, int] = {}
    for case in corpus.cases:
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
        assert case.expect in ("ingested", "refused")
        assert case.reason if case.expect == "refused" else True
    assert set(kinds) == set(hostile.CHECKED)
    assert min(kinds.values()) >= 2
    assert kinds["CPR number in the text"] >= 15
    assert len(corpus.exports) >= 5


def test_the_corpus_is_written_with_its_fifos_and_symlinks_and_can_be_written_again(tmp_path):
    corpus = hostile.build()
    for _ in range(2):
        paths = hostile.write(corpus, tmp_path)
    assert len(paths) == len(corpus.cases)
    assert (tmp_path / "fifo.txt").is_fifo() and (tmp_path / "nul.txt").resolve().as_posix() == "/dev/zero"
    assert (tmp_path / "bombe-1.pdf").stat().st_size < 1_200_000  # 1 GB once inflated
