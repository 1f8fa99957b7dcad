"""`manage.py generate_corpus --items N`: grow the archive with N realistic synthetic agenda items, fast.

For the scale benchmarks (docs/benchmarks.md, `python -m bench.search`). Run it against a database of
its own, never the one people use:

    PORT=$(cat .data/postgres.port)
    .venv/bin/python -c "import psycopg; psycopg.connect(f'postgresql://postgres@127.0.0.1:$PORT/postgres', \\
        autocommit=True).execute('CREATE DATABASE kkrarchive_bench')"
    export DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/kkrarchive_bench  # a name with "bench" in it
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_topics          # optional: topics make the search facets realistic
    .venv/bin/python manage.py generate_corpus --items 1000000

What it builds. The text pool is the archive's own ingested items (items of meetings that have a source
document); an empty archive first ingests data/samples. New meetings go to `--bodies` bodies (the five KKRs, then
municipal committees), one meeting per body per date (weekdays 2007-01-01..2026-10-31, never a date the body
already has), 12-18 items each numbered 1.1, 1.2, 2.1, 3.1 ... 3.15 like the real agendas. Each item is
recombined at field level (title, background, case text, recommendation, attachments and decision from
different pool items of the same role: approvals, "Siden sidst", cases), from variants of the pool texts with
the region and municipality names of the body substituted and paragraphs or sentences swapped; pool texts are
picked with Zipf weights so some are common and some rare. Most case texts also get one sentence naming two
compounds from a fixed synthetic vocabulary of 50,000 Danish-looking compounds (Zipf distributed, built from
the lexicon), which gives the long tail of rare words a real archive has. Case numbers are SAG-YYYY-NNNNN of
the meeting's year, and about a fifth reuse a recent case number of the same body ("same case").

How it is fast. A producer thread generates batches (default 50,000 items) while the main thread loads the
previous one with COPY: meetings, items and decisions, then the compound parts into a temporary table and one
INSERT ... SELECT that builds every tsvector in SQL with search.indexing.VECTOR_SQL over exactly the texts
search.indexing.weighted_texts produces (so a generated row equals what ingest would write; the test checks
it). Compound parts are computed once per pool text variant, not per item. When the load at least doubles the
search table, the GIN index is dropped first and rebuilt at the end. Topics in the database are assigned to
the new items per batch; the vocabulary table (meetings_searchword) gets the pool vocabulary with approximate
document counts (sum of the uses of each text variant; suggestions need order, not precision). VACUUM ANALYZE
at the end. Deterministic for a given --seed and starting database.
"""

from __future__ import annotations

import datetime as dt
import queue
import random
import re
import threading
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from danish.compounds import (
    DEFAULT_LEXICON_PATH,
    FUNCTION_WORDS,
    NEVER_HEAD,
    NEVER_SPLIT,
    NEVER_TAIL,
    load_default_splitter,
    read_word_list,
)
from danish.text import SLASH_BETWEEN_WORDS, VOCABULARY_WORD
from meetings.models import SEARCH_GIN_INDEX, AgendaItem, Body, Decision
from search import termlists
from search.indexing import VECTOR_SQL, topic_ids_sql
from search.termlists import TERM_CHANGE_TRIGGER

FIRST_DATE = dt.date(2007, 1, 1)
LAST_DATE = dt.date(2026, 10, 31)
RARE_VOCABULARY_SIZE = 50_000
RARE_VOCABULARY_SEED = 20070101  # fixed, independent of --seed: the benchmark's rare queries come from it
ZIPF_EXPONENT = 1.0
VARIANTS_PER_REGION = 3
DECISION_SHARE = 0.8  # of the items of minutes (referater); agendas have none
AGENDA_SHARE = 0.1  # of the meetings
CASE_REUSE_SHARE = 0.2
RARE_SENTENCE_SHARE = 0.7  # of the case items

REGIONS = ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"]
MUNICIPALITIES = {
    "Hovedstaden": [
        "København", "Frederiksberg", "Gentofte", "Gladsaxe", "Rødovre", "Hillerød", "Glostrup", "Furesø",
        "Ballerup", "Helsingør", "Egedal", "Ishøj", "Gribskov", "Brøndby", "Frederikssund", "Allerød",
        "Albertslund", "Tårnby", "Hørsholm", "Halsnæs", "Fredensborg", "Vallensbæk", "Hvidovre", "Rudersdal",
        "Herlev", "Dragør", "Bornholm",
    ],
    "Sjælland": [
        "Roskilde", "Næstved", "Slagelse", "Holbæk", "Køge", "Kalundborg", "Guldborgsund", "Vordingborg",
        "Ringsted", "Sorø", "Faxe", "Greve", "Lejre", "Odsherred", "Stevns", "Solrød", "Lolland",
    ],
    "Syddanmark": [
        "Odense", "Esbjerg", "Kolding", "Vejle", "Svendborg", "Sønderborg", "Haderslev", "Aabenraa",
        "Fredericia", "Middelfart", "Nyborg", "Assens", "Varde", "Tønder", "Kerteminde", "Billund",
    ],
    "Midtjylland": [
        "Aarhus", "Randers", "Herning", "Horsens", "Silkeborg", "Viborg", "Holstebro", "Skanderborg",
        "Favrskov", "Hedensted", "Skive", "Struer", "Lemvig", "Odder", "Syddjurs", "Norddjurs",
    ],
    "Nordjylland": [
        "Aalborg", "Hjørring", "Frederikshavn", "Thisted", "Brønderslev", "Jammerbugt", "Mariagerfjord",
        "Rebild", "Vesthimmerland", "Morsø", "Læsø",
    ],
}  # fmt: skip
COMMITTEES = [
    "Økonomiudvalget",
    "Børne- og Ungdomsudvalget",
    "Sundheds- og Omsorgsudvalget",
    "Teknik- og Miljøudvalget",
    "Beskæftigelsesudvalget",
    "Socialudvalget",
    "Kultur- og Fritidsudvalget",
]
COMMITTEE_MUNICIPALITIES = [
    ("Københavns Kommune", "Hovedstaden"),
    ("Aarhus Kommune", "Midtjylland"),
    ("Odense Kommune", "Syddanmark"),
    ("Aalborg Kommune", "Nordjylland"),
    ("Roskilde Kommune", "Sjælland"),
    ("Frederiksberg Kommune", "Hovedstaden"),
    ("Esbjerg Kommune", "Syddanmark"),
    ("Herning Kommune", "Midtjylland"),
    ("Næstved Kommune", "Sjælland"),
    ("Hjørring Kommune", "Nordjylland"),
    ("Gentofte Kommune", "Hovedstaden"),
]
LOCATIONS = ["", "", "Rådhuset, mødelokale 1", "KL-huset, Weidekampsgade 10", "Mødecenter, Byrådssalen"]
START_TIMES = ["", "09:00:00", "10:00:00", "14:00:00", "16:30:00"]
RARE_SENTENCES = [
    "Sagen har desuden betydning for {0} og {1} i {2}.",
    "Administrationen har i {2} undersøgt {0} og {1}.",
    "Der henvises til notatet om {0} samt til erfaringerne med {1} i {2}.",
    "{2} har bedt om en status for {0} og {1}.",
]
NOUN_HEAD_ENDINGS = ("hed", "tion", "ing", "skab", "tet")
VERBISH = ("e", "t", "r", "s", "n", "ig", "ligt", "de")
NOUN_TAIL_ENDINGS = (
    "ing", "ingen", "inger", "hed", "heden", "else", "elsen", "tion", "tionen", "plan", "planen", "område",
    "området", "center", "ordning", "indsats", "indsatsen", "aftale", "aftalen", "udvalg", "udvalget",
    "projekt", "projektet", "tilbud", "tilbuddet", "strategi", "strategien", "pulje", "puljen", "forløb",
)  # fmt: skip
ROLE_FIELDS = ["title", "background", "recommendation", "case_text", "attachments"]
_ALL_MUNICIPALITIES = sorted({m for ms in MUNICIPALITIES.values() for m in ms}, key=len, reverse=True)
_MUNICIPALITY_RE = re.compile(r"\b(" + "|".join(map(re.escape, _ALL_MUNICIPALITIES)) + r")(s?)\b")
_REGION_RE = re.compile(r"\bHovedstaden(s?)\b")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_SEQUENCES = {
    "meeting": "meetings_meeting",
    "item": "meetings_agendaitem",
    "decision": "meetings_decision",
}


def body_names(count: int) -> list[tuple[str, str]]:
    """(name, region) of the first `count` bodies: the five KKRs, then committees of big municipalities."""
    names = [(f"KKR {region}", region) for region in REGIONS]
    names += [(f"{m} {c}", region) for c in COMMITTEES for m, region in COMMITTEE_MUNICIPALITIES]
    if not 1 <= count <= len(names):
        raise CommandError(f"--bodies must be between 1 and {len(names)}")
    return names[:count]


def rare_vocabulary() -> list[str]:
    """50,000 Danish-looking compounds (noun head [+s] + noun tail from the lexicon), most frequent first.

    Fixed (seeded independently of --seed) so the benchmark can name its rare queries: rank r (from 0) is in
    about items * 0.56 * 2 / ((r + 1) * 11.4) items (0.56: the share of case items with a rare sentence).
    Heads and tails are picked by ending so they read as nouns (klimaordningen, tilbudsindsatsen).
    """
    rng = random.Random(RARE_VOCABULARY_SEED)
    lexicon = sorted(
        w
        for w in read_word_list(DEFAULT_LEXICON_PATH)
        if w.isalpha() and 4 <= len(w) <= 12 and w not in FUNCTION_WORDS and w not in NEVER_SPLIT
    )
    heads = [
        w
        for w in lexicon
        if w not in NEVER_HEAD and len(w) <= 10 and (w.endswith(NOUN_HEAD_ENDINGS) or not w.endswith(VERBISH))
    ]
    tails = [w for w in lexicon if w not in NEVER_TAIL and w.endswith(NOUN_TAIL_ENDINGS)]
    known = set(lexicon)
    words: dict[str, None] = {}
    while len(words) < RARE_VOCABULARY_SIZE:
        head, tail = rng.choice(heads), rng.choice(tails)
        word = head + ("s" if head.endswith(("hed", "tion", "ing", "skab")) else "") + tail
        if word not in known and len(word) <= 24:
            words[word] = None
    return list(words)


def zipf_cum_weights(n: int, rng: random.Random | None = None) -> tuple[list[int], list[float]]:
    """An order (a shuffled permutation when rng is given) and cumulative Zipf weights over it."""
    order = list(range(n))
    if rng is not None:
        rng.shuffle(order)
    return order, list(accumulate(1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(n)))


@dataclass
class Variant:
    """One text as it is stored, its compound parts joined by spaces, and its id for vocabulary counts."""

    text: str
    parts: str
    vid: int
    index: int  # of the pool value it varies


@dataclass
class PoolField:
    values: list[str]
    order: list[int]
    cum: list[float]


@dataclass
class Batch:
    meetings: list[tuple] = field(default_factory=list)  # (local id, body id, date, start, location, kind)
    items: list[tuple] = field(default_factory=list)  # see Generator.batch
    items_done: int = 0
    seconds: float = 0.0


def _join_parts(*parts: str) -> str:
    return " ".join(p for p in parts if p)


class Generator:
    """Pure Python (no database): turns the pool into batches of rows. Runs in the producer thread."""

    def __init__(self, pool: dict, bodies_: list[dict], case_counters: dict[int, int], seed: str):
        self.seed = seed
        self.rng = random.Random(seed)
        self.splitter = load_default_splitter()
        self.bodies = bodies_
        self.case_counters = case_counters
        self.variants: dict[tuple, Variant] = {}
        self.variant_words: list[frozenset[str]] = []
        self.usage: list[int] = []
        self.rare_usage: Counter[str] = Counter()
        self.section_parts: dict[str, str] = {}
        self.rare_words = rare_vocabulary()
        _, self.rare_cum = zipf_cum_weights(len(self.rare_words))
        self.rare_parts = {}
        self.roles = {}
        for role, entries in pool.items():
            fields = {}
            for name in ROLE_FIELDS:
                values = [entry[name] for entry in entries]
                order, cum = zipf_cum_weights(len(values), self.rng)
                fields[name] = PoolField(values, order, cum)
            decisions = [entry["decision"] for entry in entries if entry["decision"]]
            if not decisions:
                decisions = [e["decision"] for es in pool.values() for e in es if e["decision"]]
            dec_order, dec_cum = zipf_cum_weights(len(decisions), self.rng)
            fields["decision"] = PoolField(decisions, dec_order, dec_cum)
            fields["officers"] = [entry["case_officers"] for entry in entries]
            fields["section_titles"] = sorted({entry["section_title"] for entry in entries})
            self.roles[role] = fields
        self.recent_cases: dict[tuple[int, int], list[str]] = {}

    # -- texts ----------------------------------------------------------------------------------

    def _variant(self, role: str, name: str, index: int, region: str, sub: int) -> Variant:
        key = (role, name, index, region, sub)
        variant = self.variants.get(key)
        if variant is None:
            field_ = self.roles[role][name]
            raw = field_.values[index]
            text = raw["text"] if name == "decision" else raw
            text = self._vary(text, region, sub, f"{self.seed}:{key}")
            # The vectors are built in SQL from the stored texts, where words joined by a slash would not be
            # split as indexing.weighted_texts splits them: the generated texts space their slashes instead.
            text = SLASH_BETWEEN_WORDS.sub(" / ", text)
            parts = self.splitter.expand(text)
            variant = Variant(text, " ".join(parts), len(self.usage), index)
            self.variants[key] = variant
            self.usage.append(0)
            self.variant_words.append(
                frozenset(VOCABULARY_WORD.findall(f"{text}\n{' '.join(parts)}".lower()))
            )
        self.usage[variant.vid] += 1
        return variant

    @staticmethod
    def _vary(text: str, region: str, sub: int, seed: str) -> str:
        """The pool text as a meeting in `region` would have it; sub > 0 also reorders it a little."""
        if not text:
            return text
        rng = random.Random(seed)
        if region != "Hovedstaden":
            text = _REGION_RE.sub(lambda m: region + m.group(1), text)
            local = MUNICIPALITIES[region]
            text = _MUNICIPALITY_RE.sub(lambda m: rng.choice(local) + m.group(2), text)
        elif sub:
            local = MUNICIPALITIES[region]
            text = _MUNICIPALITY_RE.sub(lambda m: rng.choice(local) + m.group(2), text)
        if sub:
            paragraphs = text.split("\n")
            if len(paragraphs) > 2:
                k = rng.randrange(len(paragraphs) - 1)
                paragraphs[k], paragraphs[k + 1] = paragraphs[k + 1], paragraphs[k]
            longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
            sentences = _SENTENCE_SPLIT.split(paragraphs[longest])
            if len(sentences) > 2:
                k = rng.randrange(len(sentences) - 1)
                sentences[k], sentences[k + 1] = sentences[k + 1], sentences[k]
                paragraphs[longest] = " ".join(sentences)
            text = "\n".join(paragraphs)
        return text

    def _pick(self, role: str, name: str, region: str) -> Variant:
        field_ = self.roles[role][name]
        index = field_.order[bisect_left(field_.cum, self.rng.random() * field_.cum[-1])]
        return self._variant(role, name, index, region, self.rng.randrange(VARIANTS_PER_REGION))

    def _rare_sentence(self, region: str) -> tuple[str, str]:
        rng = self.rng
        total = self.rare_cum[-1]
        words = [self.rare_words[bisect_left(self.rare_cum, rng.random() * total)] for _ in range(2)]
        self.rare_usage.update(words)
        sentence = rng.choice(RARE_SENTENCES).format(words[0], words[1], rng.choice(MUNICIPALITIES[region]))
        if sentence[0].islower():
            sentence = sentence[0].upper() + sentence[1:]
        parts = []
        for word in words:
            cached = self.rare_parts.get(word)
            if cached is None:
                cached = self.rare_parts[word] = " ".join(self.splitter.expand(word))
            parts.append(cached)
        return sentence, _join_parts(*parts)

    def _parts_of_section(self, title: str) -> str:
        parts = self.section_parts.get(title)
        if parts is None:
            parts = self.section_parts[title] = " ".join(self.splitter.expand(title))
        return parts

    def _case_number(self, body_id: int, year: int) -> str:
        rng = self.rng
        recent = self.recent_cases.setdefault((body_id, year), [])
        if recent and rng.random() < CASE_REUSE_SHARE:
            return rng.choice(recent)
        number = self.case_counters.get(year, rng.randrange(100, 1000)) + rng.randint(1, 2)
        if number > 99_999:
            number = rng.randrange(1, 100_000)
        self.case_counters[year] = number
        case = f"SAG-{year}-{number:05d}"
        recent.append(case)
        if len(recent) > 20:
            del recent[0]
        return case

    # -- batches --------------------------------------------------------------------------------

    def batch(self, size: int, left: int) -> Batch:
        """Whole meetings holding about `size` items; only the run's very last meeting is cut (at `left`).

        An item row: (local meeting id, number, sort key, section number, section title, title, case number,
        officers, background, recommendation, case text, attachments, order, decision or None, parts A-D).
        A decision: (text, outcome, outcomes literal).
        """
        started = time.monotonic()
        rng = self.rng
        out = Batch()
        while len(out.items) < min(size, left):
            remaining = left - len(out.items)
            body = rng.choice(self.bodies)
            if not body["free"]:
                self.bodies.remove(body)
                if not self.bodies:
                    raise CommandError("no free meeting dates left: use more --bodies")
                continue
            date = body["free"].pop()
            region = body["region"]
            kind = "dagsorden" if rng.random() < AGENDA_SHARE else "referat"
            local_id = len(out.meetings)
            out.meetings.append(
                (
                    local_id,
                    body["id"],
                    date.isoformat(),
                    rng.choice(START_TIMES) or None,
                    rng.choice(LOCATIONS),
                    kind,
                )
            )
            numbers = [("1", "1.1"), ("1", "1.2"), ("2", "2.1")]
            numbers += [("3", f"3.{k}") for k in range(1, rng.randint(9, 15) + 1)]
            section_titles = {
                role: rng.choice(self.roles[role if role in self.roles else "3"]["section_titles"])
                for role in ("1", "2", "3")
            }
            for order, (section, number) in enumerate(numbers[:remaining]):
                role = section if section in self.roles else "3"
                fields = self.roles[role]
                title = self._pick(role, "title", region)
                background = self._pick(role, "background", region)
                case_text = self._pick(role, "case_text", region)
                recommendation = self._pick(role, "recommendation", region)
                attachments = self._pick(role, "attachments", region)
                case_full, case_parts = case_text.text, case_text.parts
                if role == "3" and rng.random() < RARE_SENTENCE_SHARE:
                    sentence, sentence_parts = self._rare_sentence(region)
                    case_full = f"{case_full}\n{sentence}" if case_full else sentence
                    case_parts = _join_parts(case_parts, sentence_parts)
                decision = None
                decision_parts = ""
                if kind == "referat" and fields["decision"].values and rng.random() < DECISION_SHARE:
                    chosen = self._pick(role, "decision", region)
                    source = fields["decision"].values[chosen.index]
                    decision = (chosen.text, source["outcome"], source["outcomes"])
                    decision_parts = chosen.parts
                section_title = section_titles[section]
                case_number = self._case_number(body["id"], date.year)
                out.items.append(
                    (
                        local_id,
                        number,
                        "{" + number.replace(".", ",") + "}",
                        section,
                        section_title,
                        title.text,
                        case_number,
                        rng.choice(fields["officers"]),
                        background.text,
                        recommendation.text,
                        case_full,
                        attachments.text,
                        order,
                        decision,
                        title.parts,
                        _join_parts(recommendation.parts, decision_parts),
                        _join_parts(background.parts, case_parts),
                        _join_parts(attachments.parts, self._parts_of_section(section_title)),
                    )
                )
        out.items_done = len(out.items)
        out.seconds = time.monotonic() - started
        return out

    def vocabulary(self, total_items: int) -> Counter[str]:
        """Approximate document counts per word: every use of a variant counts each of its words once."""
        counts: Counter[str] = Counter()
        for words, uses in zip(self.variant_words, self.usage, strict=True):
            if uses:
                for word in words:
                    counts[word] += uses
        for word, uses in self.rare_usage.items():
            for token in VOCABULARY_WORD.findall(f"{word} {self.rare_parts.get(word, '')}"):
                counts[token] += uses
        return Counter({w: min(c, total_items) for w, c in counts.items()})


STAGE_TABLE = "generate_corpus_stage"

SEARCH_INSERT_SQL = f"""
INSERT INTO meetings_searchentry (item_id, meeting_date, body_id, kind, has_decision, outcomes, document, topic_ids)
SELECT v.*, {topic_ids_sql("v.document")} FROM (
SELECT i.id, m.date, m.body_id, m.kind, coalesce(d.text, '') <> '', coalesce(d.outcomes, '{{}}'),
       {
    VECTOR_SQL
    % (
        "i.title || E'\\n' || s.pa",
        "i.recommendation || E'\\n' || coalesce(d.text, '') || E'\\n' || s.pb",
        "i.background || E'\\n' || i.case_text || E'\\n' || s.pc",
        "i.attachments || E'\\n' || i.section_title || E'\\n' || i.case_number || E'\\n' || s.pd",
    )
} AS document
FROM {STAGE_TABLE} s
JOIN meetings_agendaitem i ON i.id = s.item_id
JOIN meetings_meeting m ON m.id = i.meeting_id
LEFT JOIN meetings_decision d ON d.item_id = i.id
OFFSET 0) v
"""
"""The search rows of the staged items: the same texts as indexing.weighted_texts (text, newline, parts), and
the topics whose query matches, as indexing.index_items does (OFFSET 0 builds each vector once)."""


def _weekdays() -> list[dt.date]:
    days = (LAST_DATE - FIRST_DATE).days + 1
    return [d for d in (FIRST_DATE + dt.timedelta(n) for n in range(days)) if d.weekday() < 5]


def _outcomes_literal(outcomes: list[str]) -> str:
    return "{" + ",".join('"' + o.replace("\\", "\\\\").replace('"', '\\"') + '"' for o in outcomes) + "}"


def _role(section_number: str) -> str:
    return section_number if section_number in {"1", "2"} else "3"


class GenerateCorpus(BaseCommand):
    help = "Add N synthetic agenda items recombined from the archive's own texts (for scale benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, required=True, help="how many agenda items to add")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--bodies", type=int, default=30, help="how many bodies hold the meetings (1-82)")
        parser.add_argument("--batch-size", type=int, default=50_000, help="items per COPY batch")
        parser.add_argument(
            "--jobs",
            type=int,
            default=2,
            help="batches loaded in parallel, each on its own connection (default 2)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="allow a database whose name contains neither 'bench' nor 'test' (synthetic data is forever)",
        )
        parser.add_argument(
            "--keep-index",
            action="store_true",
            help="never drop the GIN index during the load (default: dropped when the load at least doubles it)",
        )

    def handle(
        self,
        *args,
        items: int,
        seed: int,
        bodies: int,
        batch_size: int,
        jobs: int,
        keep_index: bool,
        force: bool,
        **options,
    ):
        verbosity = options["verbosity"]
        name = connection.settings_dict["NAME"]
        if not force and "bench" not in name and "test" not in name:
            raise CommandError(
                f"refusing to add synthetic items to database {name!r}: point DATABASE_URL at a database whose "
                "name contains 'bench' (or pass --force)"
            )
        if items < 1 or batch_size < 1:
            raise CommandError("--items and --batch-size must be positive")
        body_specs = body_names(bodies)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
        if not AgendaItem.objects.exists():
            self._say(verbosity, "The archive is empty: ingesting data/samples as the text pool.")
            call_command("ingest", str(Path(settings.BASE_DIR) / "data" / "samples"), verbosity=0)
        pool = self._pool()
        pool_size = sum(len(v) for v in pool.values())
        existing_items = AgendaItem.objects.count()
        self._say(verbosity, f"Pool: {pool_size} items; archive: {existing_items:,} items.")

        rng = random.Random(f"{seed}:{existing_items}")
        body_rows = self._bodies(body_specs, rng)
        free = sum(len(b["free"]) for b in body_rows)
        if free * 12 < items:
            raise CommandError(
                f"{bodies} bodies have {free:,} free meeting dates, too few for {items:,} items: use more --bodies"
            )
        generator = Generator(pool, body_rows, self._case_counters(), seed=f"{seed}:{existing_items}")

        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM meetings_searchentry")
            existing_rows = cursor.fetchone()[0]
            index_sql = None
            if not keep_index and items >= max(existing_rows, 20_000) and not connection.in_atomic_block:
                cursor.execute(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = 'meetings_searchentry' "
                    "AND indexname = %s",
                    [SEARCH_GIN_INDEX],
                )
                row = cursor.fetchone()
                if row:
                    index_sql = row[0]
                    cursor.execute(f"DROP INDEX {SEARCH_GIN_INDEX}")
                    self._say(verbosity, "Dropped the GIN index for the load; it is rebuilt at the end.")
            sequences = {}
            for key, table in _SEQUENCES.items():
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequences[key] = cursor.fetchone()[0]

        # One producer thread generates batches; `jobs` loader threads (each with its own database connection,
        # Django's connections being per thread) load them, each batch in a transaction of its own. Inside an
        # outer transaction (tests) the main thread loads alone, so everything stays in that transaction.
        jobs = 1 if connection.in_atomic_block else max(1, jobs)
        batches: queue.Queue = queue.Queue(maxsize=1)
        stop = threading.Event()
        errors: list[BaseException] = []
        lock = threading.Lock()
        now = timezone.now().isoformat()
        self.phases: Counter[str] = Counter()
        progress = {"done": 0}
        load_started = time.monotonic()

        def put(batch) -> None:
            while not stop.is_set():
                try:
                    batches.put(batch, timeout=0.5)
                    return
                except queue.Full:
                    continue

        def produce() -> None:
            try:
                left = items
                while left > 0 and not stop.is_set():
                    batch = generator.batch(batch_size, left)
                    left -= batch.items_done
                    put(batch)
            except BaseException as exc:
                errors.append(exc)
                stop.set()
            finally:
                for _ in range(jobs):
                    put(None)

        def load(in_thread: bool) -> None:
            try:
                if in_thread:
                    with connection.cursor() as cursor:
                        cursor.execute("SET statement_timeout = 0")
                while not stop.is_set():
                    try:
                        batch = batches.get(timeout=0.5)
                    except queue.Empty:
                        continue
                    if batch is None:
                        return
                    t0 = time.monotonic()
                    self._load(batch, sequences, now, lock)
                    with lock:
                        progress["done"] += batch.items_done
                        done = progress["done"]
                    rate = done / (time.monotonic() - load_started)
                    self._say(
                        verbosity,
                        f"  {done:>10,} / {items:,} items  {rate:,.0f} items/s  (batch of {batch.items_done:,}: "
                        f"generated in {batch.seconds:.1f} s, loaded in {time.monotonic() - t0:.1f} s; "
                        f"ETA {(items - done) / rate:,.0f} s)",
                    )
            except BaseException as exc:
                errors.append(exc)
                stop.set()
            finally:
                if in_thread:
                    connection.close()

        # The term lists are rebuilt from the whole table at the end (search.termlists): recording every
        # generated row as a change since the last build would only fill search_termchange meanwhile.
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE meetings_searchentry DISABLE TRIGGER {TERM_CHANGE_TRIGGER}")
        try:
            producer = threading.Thread(target=produce, name="generate_corpus-producer", daemon=True)
            producer.start()
            if jobs == 1:
                load(in_thread=False)
            else:
                loaders = [
                    threading.Thread(target=load, args=(True,), name=f"generate_corpus-loader-{n}", daemon=True)
                    for n in range(jobs)
                ]
                for loader in loaders:
                    loader.start()
                for loader in loaders:
                    loader.join()
            stop.set()
            producer.join(timeout=5)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE meetings_searchentry ENABLE TRIGGER {TERM_CHANGE_TRIGGER}")
        if errors:
            raise errors[0]
        done = progress["done"]

        with connection.cursor() as cursor:
            if index_sql:
                t0 = time.monotonic()
                cursor.execute("SET maintenance_work_mem = '1GB'")
                cursor.execute(index_sql)
                cursor.execute("RESET maintenance_work_mem")
                self._say(verbosity, f"Rebuilt the GIN index in {time.monotonic() - t0:.1f} s.")
            t0 = time.monotonic()
            vocabulary = generator.vocabulary(items)
            cursor.executemany(
                "INSERT INTO meetings_searchword (word, documents) VALUES (%s, %s) ON CONFLICT (word) "
                "DO UPDATE SET documents = meetings_searchword.documents + EXCLUDED.documents",
                sorted(vocabulary.items()),
            )
            self._say(verbosity, f"Vocabulary: {len(vocabulary):,} words ({time.monotonic() - t0:.1f} s).")
            t0 = time.monotonic()
            tables = "meetings_meeting, meetings_agendaitem, meetings_decision, meetings_searchentry, "
            tables += "meetings_searchword, meetings_topic_items"
            cursor.execute(("ANALYZE " if connection.in_atomic_block else "VACUUM (ANALYZE) ") + tables)
            self._say(verbosity, f"VACUUM ANALYZE in {time.monotonic() - t0:.1f} s.")
        self._say(verbosity, f"Term lists: {termlists.build()}.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
        total = time.monotonic() - started
        self._say(verbosity, "Load phases: " + ", ".join(f"{k} {v:,.1f} s" for k, v in self.phases.items()))
        self._say(
            verbosity,
            f"Added {done:,} items in {total:,.1f} s ({done / total:,.0f} items/s overall); "
            f"archive: {AgendaItem.objects.count():,} items, database {size}.",
        )

    # -- set-up ---------------------------------------------------------------------------------

    @staticmethod
    def _say(verbosity: int, text: str) -> None:
        if verbosity:
            print(text, flush=True)

    @staticmethod
    def _pool() -> dict[str, list[dict]]:
        """The ingested items (of meetings with a source document) by role: approvals, news, cases."""
        items = (
            AgendaItem.objects.filter(meeting__documents__isnull=False)
            .distinct()
            .select_related("decision")
            .order_by("pk")
        )
        pool: dict[str, list[dict]] = {}
        for item in items:
            try:
                decision = item.decision
            except Decision.DoesNotExist:
                decision = None
            entry = {name: getattr(item, name) for name in ROLE_FIELDS}
            entry["case_officers"] = item.case_officers
            entry["section_title"] = item.section_title
            entry["decision"] = (
                {
                    "text": decision.text,
                    "outcome": decision.outcome,
                    "outcomes": _outcomes_literal(list(decision.outcomes)),
                }
                if decision and decision.text
                else None
            )
            pool.setdefault(_role(item.section_number), []).append(entry)
        if "3" not in pool:
            raise CommandError("the archive has no ingested case items to recombine")
        return pool

    @staticmethod
    def _bodies(specs: list[tuple[str, str]], rng: random.Random) -> list[dict]:
        weekdays = _weekdays()
        rows = []
        for name, region in specs:
            body = Body.objects.filter(name=name).first() or Body.objects.create(name=name)
            used = set(body.meetings.values_list("date", flat=True))
            free = [d for d in weekdays if d not in used]
            rng.shuffle(free)
            rows.append({"id": body.pk, "region": region, "free": free})
        return rows

    @staticmethod
    def _case_counters() -> dict[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT substr(case_number, 5, 4)::int, max(substr(case_number, 10, 5)::int) "
                "FROM meetings_agendaitem WHERE case_number <> '' GROUP BY 1"
            )
            return dict(cursor.fetchall())

    # -- loading --------------------------------------------------------------------------------

    def _load(self, batch: Batch, sequences: dict[str, str], now: str, lock) -> None:
        """Write one batch in one transaction, on the calling thread's database connection."""
        phases = self.phases
        mark = time.monotonic()

        def lap(name: str) -> None:
            nonlocal mark
            now_ = time.monotonic()
            with lock:
                phases[name] += now_ - mark
            mark = now_

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE_TABLE} "
                "(item_id bigint PRIMARY KEY, pa text, pb text, pc text, pd text) ON COMMIT DELETE ROWS"
            )

            def ids(key: str, n: int) -> list[int]:
                if not n:
                    return []
                cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequences[key], n])
                return [row[0] for row in cursor.fetchall()]

            meeting_ids = ids("meeting", len(batch.meetings))
            item_ids = ids("item", len(batch.items))
            decision_ids = iter(ids("decision", sum(1 for row in batch.items if row[13] is not None)))
            with cursor.copy(
                "COPY meetings_meeting (id, body_id, date, start_time, location, kind, created_at, updated_at) "
                "FROM STDIN"
            ) as copy:
                for local_id, body_id, date, start, location, kind in batch.meetings:
                    copy.write_row((meeting_ids[local_id], body_id, date, start, location, kind, now, now))
            with cursor.copy(
                "COPY meetings_agendaitem (id, meeting_id, number, sort_key, section_number, section_title, "
                "title, case_number, case_officers, background, recommendation, case_text, attachments, "
                '"order") FROM STDIN'
            ) as copy:
                for item_id, row in zip(item_ids, batch.items, strict=True):
                    copy.write_row((item_id, meeting_ids[row[0]], *row[1:13]))
            with cursor.copy(
                "COPY meetings_decision (id, item_id, text, outcome, outcomes) FROM STDIN"
            ) as copy:
                for item_id, row in zip(item_ids, batch.items, strict=True):
                    if row[13] is not None:
                        copy.write_row((next(decision_ids), item_id, *row[13]))
            with cursor.copy(f"COPY {STAGE_TABLE} (item_id, pa, pb, pc, pd) FROM STDIN") as copy:
                for item_id, row in zip(item_ids, batch.items, strict=True):
                    copy.write_row((item_id, *row[14:18]))
            lap("copy")
            cursor.execute(f"ANALYZE {STAGE_TABLE}")
            # Fresh rows are found by primary key: never let stale statistics pick a scan of the whole table.
            cursor.execute("SET LOCAL enable_hashjoin = off")
            cursor.execute("SET LOCAL enable_mergejoin = off")
            cursor.execute(SEARCH_INSERT_SQL)
            lap("search rows")
            cursor.execute(
                "INSERT INTO meetings_topic_items (topic_id, agendaitem_id) "
                f"SELECT unnest(e.topic_ids), e.item_id FROM {STAGE_TABLE} s "
                "JOIN meetings_searchentry e USING (item_id)"
            )
            lap("topics")
        lap("commit")
