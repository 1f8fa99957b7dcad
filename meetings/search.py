"""Search: from what a person types to ranked, highlighted, counted results. All SQL of search lives here.

Design for a national-scale archive (see docs/benchmarks.md for the numbers):

* Matching uses the stored, GIN-indexed, weighted `SearchEntry.document` (compound parts included) with
  `websearch_to_tsquery('danish', ...)`: words, "phrases", -exclusion and OR, as people type them.
* Ranking every match is what makes common words slow (130,000 rows ranked to show 20). So the number of
  matches is first counted *up to* RANK_CAP (the count stops early). At or below the cap, every match is
  ranked exactly. Above it, the total is the planner's estimate and ranking runs over the newest matches
  only, a date window chosen from the column's histogram to hold about RANK_CAP matches; the page says so.
  Sorting by date needs no window: the date index walks newest first and stops after one page.
* Snippets are built only for the rows of the current page, by ts_headline over HTML-escaped text, so text
  from the documents can never become markup; the only tags in a snippet are our own <mark>s.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, QuerySet

from meetings.models import AgendaItem, Person

CONFIG = "danish"
PAGE_SIZE = 20
RANK_CAP = 10_000
MAX_QUERY_LENGTH = 300  # characters; longer input is cut, never refused
MAX_PAGE = 500
# D, C, B, A: attachments/section/case number, background/case text, decision/recommendation, title.
WEIGHTS = [0.1, 0.2, 0.4, 1.0]
RANK_NORMALISATION = 1  # divide by 1 + log(document length): long items do not win by length alone

CASE_NUMBER = re.compile(r"\bSAG[-\s]?(\d{4})[-\s]?(\d{5})\b", re.IGNORECASE)
MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b"), ("d", "m", "y")),
    (
        re.compile(r"\b(\d{1,2})\.?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE),
        ("d", "mon", "y"),
    ),
]
ITEM_NUMBER = re.compile(
    r"(?:\bpunkt\s+|\bpkt\.?\s*)?(?<![\d.])(\d{1,2}(?:\.\d{1,2})?)\.?(?![\d.-])", re.IGNORECASE
)


def clean_query(raw: str | None) -> str:
    """What we search for: printable, NFC, single-spaced, at most MAX_QUERY_LENGTH characters."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(ch if ch.isprintable() else " " for ch in text)  # NUL and control characters out
    text = text.encode("utf-8", "ignore").decode("utf-8")  # lone surrogates out
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


@dataclass
class Hit:
    item: AgendaItem
    rank: float | None
    snippet_html: str = ""
    title_html: str = ""
    exact: str = ""  # why it is a direct hit: "sagsnummer", "punkt", or ""


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    query: str
    sort: str
    page: int
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    count_is_estimate: bool = False
    window_start: object = None  # date: when set, relevance ranking covered only matches from this date on
    window_count: int = 0
    suggestion: str | None = None
    members: list[Person] = field(default_factory=list)
    case_number: str | None = None
    facets: dict[str, list[Facet]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        countable = self.window_count if self.window_start else self.count
        return max(1, min(MAX_PAGE, math.ceil(countable / PAGE_SIZE)))


def _tsquery(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def _matches(base: QuerySet, text: str) -> QuerySet:
    return base.filter(document=_tsquery(text)) if text else base


def _estimate(queryset: QuerySet) -> int:
    plan = json.loads(queryset.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _window_start(estimate: int):
    """The date from which on the newest matches number about RANK_CAP, read from the date histogram."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT histogram_bounds::text::date[] FROM pg_stats "
            "WHERE tablename = 'meetings_searchentry' AND attname = 'meeting_date'"
        )
        row = cursor.fetchone()
    if not row or not row[0]:
        return None
    bounds = row[0]
    share = min(1.0, 1.5 * RANK_CAP / max(estimate, 1))  # 1.5: room for matches not spread evenly in time
    index = max(0, min(len(bounds) - 1, math.floor((len(bounds) - 1) * (1 - share))))
    return bounds[index] if index > 0 else None


def exact_case_number(text: str) -> str | None:
    match = CASE_NUMBER.search(text)
    return f"SAG-{match.group(1)}-{match.group(2)}" if match else None


def exact_date(text: str):
    import datetime as dt

    for pattern, order in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = MONTHS[parts["mon"].lower()] if "mon" in parts else int(parts["m"])
        try:
            return dt.date(int(parts["y"]), month, int(parts["d"])), match.span()
        except ValueError:
            continue
    return None


def exact_items(text: str) -> tuple[list[tuple[AgendaItem, str]], str | None]:
    """Direct hits: items filed under a case number, or an item number at a meeting on a given date."""
    hits: list[tuple[AgendaItem, str]] = []
    items = AgendaItem.objects.select_related("meeting__body", "decision")
    case_number = exact_case_number(text)
    if case_number:
        hits += [
            (item, "sagsnummer")
            for item in items.filter(case_number=case_number).order_by("-meeting__date")[:10]
        ]
    found = exact_date(text)
    if found:
        date, (start, end) = found
        rest = text[:start] + " " + text[end:]
        number = ITEM_NUMBER.search(rest)
        if number:
            hits += [(item, "punkt") for item in items.filter(meeting__date=date, number=number.group(1))]
    return hits, case_number


def matching_members(text: str) -> list[Person]:
    """People whose full name the query is (or contains), accents and case ignored."""
    if len(text) < 5 or len(text.split()) > 6:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM meetings_person WHERE position(lower(unaccent(name)) in lower(unaccent(%s))) > 0 "
            "AND name LIKE '%% %%' ORDER BY length(name) DESC LIMIT 5",
            [text],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return list(Person.objects.filter(pk__in=ids).order_by("name"))


def suggest(text: str, base: QuerySet) -> str | None:
    """ "Mente du ...?": replace unknown words by the closest known word (pg_trgm), if that finds anything."""
    words = re.findall(r"[\wæøå]+", text.lower())
    changed = False
    suggested = text
    with connection.cursor() as cursor:
        for word in words:
            if len(word) < 4 or word.isdigit():
                continue
            cursor.execute("SELECT 1 FROM meetings_searchword WHERE word = %s", [word])
            if cursor.fetchone():
                continue
            cursor.execute(
                "SELECT word FROM meetings_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, documents DESC LIMIT 1",
                [word, word],
            )
            row = cursor.fetchone()
            if row and row[0] != word:
                suggested = re.sub(rf"(?i)\b{re.escape(word)}\b", row[0], suggested)
                changed = True
    if not changed or not _matches(base, suggested).exists():
        return None
    return suggested


def _facets(candidates: QuerySet) -> dict[str, list[Facet]]:
    """Counts per year, topic and outcome over the candidate rows (all matches, or the ranked window)."""
    try:
        sql, params = candidates.values("item_id").query.sql_with_params()
    except EmptyResultSet:
        return {"year": [], "topic": [], "outcome": []}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH c AS MATERIALIZED ({sql})
            SELECT 'year', extract(year FROM s.meeting_date)::int::text, '', count(*)
              FROM c JOIN meetings_searchentry s USING (item_id) GROUP BY 2
            UNION ALL
            SELECT 'topic', t.slug, t.name, count(*)
              FROM c JOIN meetings_topic_items ti ON ti.agendaitem_id = c.item_id
              JOIN meetings_topic t ON t.id = ti.topic_id GROUP BY 2, 3
            UNION ALL
            SELECT 'outcome', o, '', count(*)
              FROM c JOIN meetings_searchentry s USING (item_id), unnest(s.outcomes) o GROUP BY 2
            """,
            params,
        )
        rows = cursor.fetchall()
    facets: dict[str, list[Facet]] = {"year": [], "topic": [], "outcome": []}
    for kind, value, label, count in rows:
        facets[kind].append(Facet(value=value, label=label or value, count=count))
    facets["year"].sort(key=lambda f: f.value, reverse=True)
    facets["topic"].sort(key=lambda f: (-f.count, f.label))
    facets["outcome"].sort(key=lambda f: (-f.count, f.value))
    return facets


HEADLINE_OPTIONS = (
    'StartSel=<mark>, StopSel=</mark>, MaxWords=40, MinWords=18, MaxFragments=2, FragmentDelimiter=" … "'
)


def _escaped(sql_text: str) -> str:
    return f"replace(replace(replace({sql_text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def _snippets(hits: list[Hit], text: str) -> None:
    """Fill title_html and snippet_html for the page's rows only: escaped text with our own <mark>s."""
    if not hits:
        return
    ids = [hit.item.pk for hit in hits]
    body = "concat_ws(' ', d.text, i.recommendation, i.background, i.case_text, i.attachments)"
    with connection.cursor() as cursor:
        if text:
            cursor.execute(
                f"""
                SELECT i.id,
                  ts_headline('{CONFIG}', {_escaped("i.title")}, q, 'HighlightAll=true, StartSel=<mark>, StopSel=</mark>'),
                  ts_headline('{CONFIG}', {_escaped(body)}, q, %s)
                FROM meetings_agendaitem i LEFT JOIN meetings_decision d ON d.item_id = i.id,
                     websearch_to_tsquery('{CONFIG}', %s) q
                WHERE i.id = ANY(%s)
                """,
                [HEADLINE_OPTIONS, text, ids],
            )
        else:
            cursor.execute(
                f"SELECT i.id, {_escaped('i.title')}, {_escaped(f'left({body}, 300)')} "
                "FROM meetings_agendaitem i LEFT JOIN meetings_decision d ON d.item_id = i.id WHERE i.id = ANY(%s)",
                [ids],
            )
        by_id = {row[0]: row[1:] for row in cursor.fetchall()}
    for hit in hits:
        title_html, snippet_html = by_id.get(hit.item.pk, ("", ""))
        hit.title_html = _mark_compound_parts(title_html or "", text)
        hit.snippet_html = _mark_compound_parts(snippet_html or "", text)


def _mark_compound_parts(html: str, text: str) -> str:
    """Also mark words that contain a searched word as a compound part (klynge in sundhedsklyngerne)."""
    terms = [t for t in re.findall(r"[\wæøå]{4,}", text.lower()) if not t.isdigit()]
    for term in terms:
        stem = term[:-1] if len(term) > 5 and term.endswith("e") else term
        html = re.sub(
            rf"(?<![\w<>/])(?<!<mark>)([\wæøåÆØÅ]+{re.escape(stem)}[\wæøå]*)(?![\w]*</mark>)",
            r"<mark>\1</mark>",
            html,
            flags=re.IGNORECASE,
        )
    return html


def search(text: str, filtered: QuerySet, *, sort: str = "relevans", page: int = 1) -> SearchResults:
    """Run a search. `filtered` is a SearchEntry queryset with the user's filters already applied."""
    text = clean_query(text)
    if sort not in {"relevans", "dato", "dato-stigende"} or (sort == "relevans" and not text):
        sort = "dato" if not text else "relevans"
    page = max(1, min(int(page), MAX_PAGE))
    results = SearchResults(query=text, sort=sort, page=page)
    matches = _matches(filtered, text)

    exact: list[tuple[AgendaItem, str]] = []
    if text:
        exact, results.case_number = exact_items(text)
        results.members = matching_members(text)

    capped = matches.values("pk")[: RANK_CAP + 1].count()
    if capped <= RANK_CAP:
        results.count = capped
        candidates = matches
    else:
        results.count = max(_estimate(matches), capped)
        results.count_is_estimate = True
        candidates = matches
        if sort == "relevans":
            results.window_start = _window_start(results.count)
            if results.window_start:
                candidates = matches.filter(meeting_date__gte=results.window_start)
                results.window_count = candidates.values("pk")[: RANK_CAP * 3].count()

    offset = (page - 1) * PAGE_SIZE
    if sort == "relevans":
        rank = SearchRank(F("document"), _tsquery(text), weights=WEIGHTS, normalization=RANK_NORMALISATION)
        rows = (
            candidates.annotate(rank=rank)
            .order_by("-rank", "-meeting_date", "item_id")
            .values_list("item_id", "rank")[offset : offset + PAGE_SIZE]
        )
    else:
        direction = "meeting_date" if sort == "dato-stigende" else "-meeting_date"
        rows = [
            (pk, None)
            for pk in matches.order_by(direction, "item_id").values_list("item_id", flat=True)[
                offset : offset + PAGE_SIZE
            ]
        ]
    rows = list(rows)
    items = AgendaItem.objects.select_related("meeting__body", "decision").in_bulk([pk for pk, _ in rows])
    hits = [Hit(item=items[pk], rank=rank) for pk, rank in rows if pk in items]

    if page == 1 and exact:
        shown = {hit.item.pk for hit in hits}
        hits = [Hit(item=item, rank=None, exact=why) for item, why in exact] + [
            hit for hit in hits if hit.item.pk not in {item.pk for item, _ in exact}
        ]
        results.count += len({item.pk for item, _ in exact} - shown)
    results.hits = hits
    _snippets(hits, text)
    facet_source = candidates if results.count_is_estimate and sort == "relevans" else matches
    if not results.count_is_estimate or results.window_start:
        results.facets = _facets(facet_source)
    if text and results.count == 0:
        results.suggestion = suggest(text, filtered)
    return results
