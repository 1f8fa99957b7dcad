"""The archive in tantivy, for the side-by-side benchmark: `python -m bench.tantivy_index --database NAME --out DIR`.

Issue #13 asks for the search within 3x of tantivy (a Rust search engine, here through its Python package, an
optional `bench` dependency: `pip install -e '.[bench]'`) at p95 on the same queries in the same run. To be
the same work, tantivy gets what PostgreSQL gets: one document per search row (meetings_searchentry) with the
item id, meeting date, body slug and four text fields A/B/C/D holding exactly the texts
search.indexing.weighted_texts builds the stored vector from (each text followed by its Danish compound parts),
analysed like PostgreSQL's `danish` configuration (lower case, the Snowball Danish stop words, the Snowball
Danish stemmer). A query is our query syntax (words AND-ed, "phrases", -exclusion, OR between two terms) read
by search.query's own compiler and written as a tantivy query, with the fields boosted by the weights
search.ranking ranks with; the year and body filters become a date range and a term.

Building at 1M items: the rows come through a server-side cursor in batches, the compound splitting is
memoised per line (generated items recombine a limited pool of paragraphs) and tantivy indexes in its own
threads with a large heap while Python reads on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import tantivy

TOKENIZER = "danish_stem"
TEXT_FIELDS = ("A", "B", "C", "D")
TOP = 20
SUPPORTED_FILTERS = {"aar", "organ"}
_UTC = dt.UTC

ROWS_SQL = """
SELECT s.item_id, s.meeting_date, b.slug, i.title, i.recommendation, i.background, i.resume, i.case_text,
       i.other_texts, i.attachments, i.section_title, i.case_number, coalesce(d.text, '')
FROM meetings_searchentry s
JOIN meetings_agendaitem i ON i.id = s.item_id
JOIN meetings_body b ON b.id = s.body_id
LEFT JOIN meetings_decision d ON d.item_id = i.id
"""


def analyzer() -> tantivy.TextAnalyzer:
    """PostgreSQL's `danish` text search configuration as a tantivy analyzer: words, lower case, no stop words
    (tantivy's Danish list holds every word of PostgreSQL's danish.stop), Snowball's Danish stemmer. Stop words
    leave a gap in the positions, as PostgreSQL's do, so a phrase with `i` in it means the same in both."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stopword("danish"))
        .filter(tantivy.Filter.stemmer("danish"))
        .build()
    )


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # Fast fields: the page's ids are read from the column, not from stored documents.
    builder.add_integer_field("item_id", indexed=True, fast=True)
    builder.add_date_field("meeting_date", indexed=True, fast=True)
    builder.add_text_field("body", tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
    return builder.build()


def open_index(path: Path | str) -> tantivy.Index:
    """An index built by build_index, with its analyzer registered (tantivy keeps only the analyzer's name)."""
    index = tantivy.Index.open(str(path))
    index.register_tokenizer(TOKENIZER, analyzer())
    return index


def boosts() -> dict[str, float]:
    """Field boosts: the weights the search ranks the weight classes with (search.scoring.WEIGHTS is D, C, B, A)."""
    from search.scoring import WEIGHTS

    return dict(zip("DCBA", WEIGHTS, strict=True))


# -- building ------------------------------------------------------------------------------------------------


class LineMemoSplitter:
    """The compound splitter's `expand`, memoised per line of text.

    `expand` finds compounds word by word (letters only), so a text's parts are its lines' parts in order. A
    generated archive recombines a limited pool of paragraphs, so most lines were seen before; the memo is
    bounded and starts afresh when full, as the splitter's own caches do."""

    def __init__(self, splitter, size: int = 200_000) -> None:
        self._splitter = splitter
        self._size = size
        self._memo: dict[str, list[str]] = {}

    def expand(self, text: str, *, unique: bool = False) -> list[str]:
        if unique:
            return self._splitter.expand(text, unique=True)
        memo = self._memo
        out: list[str] = []
        for line in text.split("\n"):
            parts = memo.get(line)
            if parts is None:
                parts = self._splitter.expand(line)
                if len(memo) >= self._size:
                    memo.clear()
                memo[line] = parts
            out.extend(parts)
        return out


@contextmanager
def _memoised_weighted_texts() -> Iterator[Callable]:
    """search.indexing.weighted_texts itself, with its splitter memoised per line for the duration: the texts
    stay exactly what indexing builds the vectors from, without a second copy of how they are put together
    (the memo returns what the splitter returns, so anything else that indexes meanwhile is unaffected)."""
    from unittest import mock

    from danish.compounds import load_default_splitter
    from search import indexing

    memo = LineMemoSplitter(load_default_splitter())
    with mock.patch.object(indexing, "load_default_splitter", lambda: memo):
        yield indexing.weighted_texts


@dataclass(frozen=True)
class Row:
    item_id: int
    meeting_date: dt.date
    body: str
    texts: dict[str, str]


def rows(batch: int = 2_000) -> Iterator[Row]:
    """Every search row of the database Django is connected to, with the texts weighted_texts gives it, read
    through a server-side cursor (`batch` rows per fetch) inside one transaction."""
    from django.db import connection, transaction

    from meetings.models import AgendaItem

    with transaction.atomic(), _memoised_weighted_texts() as weighted_texts:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")  # one transaction streams every row
        # A named cursor inside the transaction streams; in autocommit it would be WITH HOLD and PostgreSQL
        # would materialise the whole result (gigabytes at 1M items) before the first row.
        with connection.chunked_cursor() as cursor:
            cursor.execute(ROWS_SQL)
            while chunk := cursor.fetchmany(batch):
                for (
                    item_id,
                    date,
                    body,
                    title,
                    recommendation,
                    background,
                    resume,
                    case_text,
                    other_texts,
                    attachments,
                    section_title,
                    case_number,
                    decision_text,
                ) in chunk:
                    if isinstance(other_texts, str):  # Django reads jsonb as text for JSONField to decode
                        other_texts = json.loads(other_texts)
                    item = AgendaItem(
                        title=title,
                        recommendation=recommendation,
                        background=background,
                        resume=resume,
                        case_text=case_text,
                        other_texts=other_texts,
                        attachments=attachments,
                        section_title=section_title,
                        case_number=case_number,
                    )
                    yield Row(item_id, date, body, weighted_texts(item, decision_text))


def _datetime(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=_UTC)


@dataclass(frozen=True)
class BuildReport:
    documents: int
    seconds: float
    bytes: int
    segments: int


def build_index(
    out: Path,
    *,
    heap_bytes: int = 1_000_000_000,
    threads: int = 2,
    batch: int = 2_000,
    replace: bool = False,
    progress: Callable[[int, float], None] | None = None,
) -> BuildReport:
    """Index every search row of the connected database into a new tantivy index at `out`.

    `out` must be missing or empty, or hold an index and `replace` be set. `heap_bytes` is shared by the
    `threads` indexing threads (tantivy flushes a segment when a thread's share fills)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not (replace and (out / "meta.json").exists()):
            raise FileExistsError(f"{out} is not empty (pass replace=True to rebuild an index there)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    index = tantivy.Index(schema(), path=str(out), reuse=False)
    index.register_tokenizer(TOKENIZER, analyzer())
    writer = index.writer(heap_size=heap_bytes, num_threads=threads)
    documents = 0
    for row in rows(batch):
        writer.add_document(
            tantivy.Document(
                item_id=row.item_id,
                meeting_date=_datetime(row.meeting_date),
                body=row.body,
                **row.texts,
            )
        )
        documents += 1
        if progress and documents % 50_000 == 0:
            progress(documents, time.monotonic() - started)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    if searcher.num_docs != documents:
        raise RuntimeError(f"tantivy holds {searcher.num_docs} documents, {documents} were added")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return BuildReport(documents, time.monotonic() - started, size, searcher.num_segments)


# -- searching -----------------------------------------------------------------------------------------------

# One operand of search.query.compile_query's output (without alternatives): `'text'` or `!'text'`, the text
# with `'` doubled and `\` escaped, then `&` or `|` or the end.
_OPERAND = re.compile(r"\s*(!?)'((?:[^'\\]|''|\\.)*)'\s*(&|\||$)")
_UNESCAPE = re.compile(r"\\(.)|''")


def parse_compiled(expression: str) -> list[list[tuple[bool, str]]]:
    """`'a' & 'b' | !'c'` → [[(False, "a")], [(False, "b"), (True, "c")]]: the AND-ed terms of a compiled
    query, each a list of OR-ed (negated, text) operands. Anything else is refused, not guessed at."""
    terms: list[list[tuple[bool, str]]] = [[]]
    position = 0
    while position < len(expression):
        match = _OPERAND.match(expression, position)
        if not match:
            raise ValueError(f"not a compiled query without alternatives: {expression!r}")
        negated, text, joiner = match.groups()
        terms[-1].append((bool(negated), _UNESCAPE.sub(lambda m: m.group(1) or "'", text)))
        if joiner == "&":
            terms.append([])
        position = match.end()
        if not joiner and position < len(expression):
            raise ValueError(f"not a compiled query without alternatives: {expression!r}")
    if not terms[-1]:
        raise ValueError(f"not a compiled query without alternatives: {expression!r}")
    return terms


def unsupported(params: Mapping[str, str]) -> str:
    """Why a search of the benchmark cannot be put to tantivy (params as in the URL), or "" when it can."""
    if not params.get("q", "").strip():
        return "no query text: a browse, ordered by date"
    if params.get("sortering", "relevans") != "relevans":
        return "ordered by date, not relevance"
    other = set(params) - SUPPORTED_FILTERS - {"q", "sortering"}
    return f"filter {', '.join(sorted(other))} not translated" if other else ""


class TantivyArchive:
    """An index built by build_index, searched with our query syntax and the year and body filters."""

    def __init__(self, path: Path | str) -> None:
        self.index = open_index(path)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self.analyzer = analyzer()
        self.boosts = boosts()

    def _fields(self, text: str) -> tantivy.Query | None:
        """One operand in any text field, boosted by field; None when it is only stop words (PostgreSQL drops
        such an operand too). Several words are a phrase, as PostgreSQL reads a quoted operand."""
        tokens = self.analyzer.pre_tokenize(text).tokens
        if not tokens:
            return None
        first = tokens[0].position
        words = [(token.position - first, token.text) for token in tokens]
        clauses = []
        for name in TEXT_FIELDS:
            if len(words) == 1:
                query = tantivy.Query.term_query(self.schema, name, words[0][1])
            else:
                query = tantivy.Query.phrase_query(self.schema, name, words)
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, self.boosts[name])))
        return tantivy.Query.boolean_query(clauses)

    def query(self, text: str, filters: Mapping[str, str] | None = None) -> tantivy.Query:
        """The tantivy query of what a person typed (read as search.query reads it) and the filters `aar`
        (year: a range of meeting dates) and `organ` (a body's slug)."""
        from search.query import clean_query, compile_query

        filters = dict(filters or {})
        if unknown := set(filters) - SUPPORTED_FILTERS:
            raise ValueError(f"filters not translated: {sorted(unknown)}")
        compiled = compile_query(clean_query(text))
        if not compiled:
            raise ValueError(f"no word to search for in {text!r}")
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for term in parse_compiled(compiled):
            options = [
                (negated, query) for negated, word in term if (query := self._fields(word)) is not None
            ]
            if not options:
                continue
            if len(options) == 1:
                negated, query = options[0]
                clauses.append((tantivy.Occur.MustNot if negated else tantivy.Occur.Must, query))
                continue
            either = []
            for negated, query in options:
                if negated:  # `a OR -b`: whatever lacks b; a boolean query of must-nots alone matches nothing
                    query = tantivy.Query.boolean_query(
                        [(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, query)]
                    )
                either.append((tantivy.Occur.Should, query))
            clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(either)))
        if "aar" in filters:
            year = int(filters["aar"])
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(
                        self.schema,
                        "meeting_date",
                        tantivy.FieldType.Date,
                        _datetime(dt.date(year, 1, 1)),
                        _datetime(dt.date(year, 12, 31)),
                    ),
                )
            )
        if "organ" in filters:
            clauses.append(
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "body", filters["organ"]))
            )
        if not any(occur == tantivy.Occur.Must for occur, _ in clauses):
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))  # exclusions only
        return tantivy.Query.boolean_query(clauses)

    def search(
        self, text: str, filters: Mapping[str, str] | None = None, *, top: int = TOP
    ) -> tuple[list[int], int]:
        """The ids of the `top` best-scoring items for `text` and `filters`, best first, and how many match."""
        found = self.searcher.search(self.query(text, filters), top, count=True)
        ids = self.searcher.fast_field_values("item_id", [address for _, address in found.hits])
        return [int(pk) for pk in ids], found.count


def main(argv: list[str] | None = None) -> int:
    from bench.search import setup_django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="database name on the configured server")
    parser.add_argument("--out", required=True, type=Path, help="directory of the new index")
    parser.add_argument("--replace", action="store_true", help="rebuild an index already at --out")
    parser.add_argument("--heap-mb", type=int, default=1000, help="indexing heap, shared by the threads")
    parser.add_argument("--threads", type=int, default=2, help="tantivy indexing threads")
    parser.add_argument("--batch", type=int, default=2_000, help="rows per fetch from the server-side cursor")
    args = parser.parse_args(argv)
    setup_django(args.database)

    def progress(documents: int, seconds: float) -> None:
        print(f"  {documents:,} items in {seconds:.0f} s ({documents / seconds:,.0f}/s)", file=sys.stderr)

    report = build_index(
        args.out,
        heap_bytes=args.heap_mb * 1_000_000,
        threads=args.threads,
        batch=args.batch,
        replace=args.replace,
        progress=progress,
    )
    print(
        f"Indexed {report.documents:,} items into {args.out} in {report.seconds:.0f} s "
        f"({report.documents / max(report.seconds, 1e-9):,.0f} items/s): {report.bytes / 1e9:.2f} GB, "
        f"{report.segments} segments ({tantivy.__version__})."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
