"""The hostile-input corpus: every kind of bad input of issue 16, in several variants each, generated.

    python -m bench.hostile FOLDER [--seed 16]     # write the corpus and print what each file expects

Nothing here is hand-picked: each case is made from the bundled sample minutes by a rule (a CPR number in
one of its printed shapes, a footer whose body name has no letters, a right-to-left override in a name …),
with the numbers, positions and names drawn from a seeded random generator, so a seed always gives the same
corpus. Every case says what ingest must do with it: ingest it (with a warning, where one is due) or refuse
it with a one-line reason containing `reason`. `tests/test_hostile_corpus.py` ingests the corpus, crawls
every page, feed and API endpoint of the result and checks them; the table in docs/reliability.md is its
output (`table()`).

Each document case is its own meeting (the sample's date shifted by one day per case), so no case hides
behind another in a merge.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

from bench.ingest import with_meeting_date

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
CLEAN = SAMPLES / "003_3207b199d2270b9c.txt"  # minutes of 21 June 2022, clean extraction
FOOTERS = (
    SAMPLES / "000_bfbe36a0753158a4.txt"
)  # the same meeting as extracted from the PDF, with page footers
SAMPLE_DATE = dt.date(2022, 6, 21)
FIRST_DATE = dt.date(2023, 1, 2)  # the first case's meeting date; one day more per case
DEFAULT_SEED = 16

TITLE = "3.5. Godkendelse af praksisplan for fysioterapi (11.15-11-17)"
DECISION = "Dagsordenen blev godkendt."
ABSENT = "\nAfbud\n"


@dataclasses.dataclass(frozen=True)
class Case:
    """One hostile input and what ingest must do with it."""

    kind: str  # the kind of bad input (a row group of the table)
    variant: str  # this variant of it
    name: str  # the file name inside the corpus folder, or an absolute path (a device)
    expect: str  # "ingested" or "refused"
    reason: str = ""  # a refusal must contain this
    warning: str = ""  # an ingested document's warnings must contain this
    data: bytes | None = None  # None: a special file made by `write` (a FIFO, a symlink)

    def path(self, folder: Path) -> Path:
        return Path(self.name) if self.name.startswith("/") else folder / self.name


@dataclasses.dataclass
class Corpus:
    cases: list[Case]
    secrets: list[str]  # digit strings of the CPR numbers put in: none may surface anywhere
    exports: list[tuple[str, Callable[[dict], None], str]]  # hand-edited export: (variant, edit, reason)
    typed: dict[str, list[str]]  # values people type into URLs, by the kind of path or query value
    items: list[str]  # the item numbers the rules put hostile text into (a crawl looks at these first)


# --- CPR numbers ----------------------------------------------------------------------------------------

# Every printed shape of a CPR number (date d, serial s): as typed, as extracted from a PDF, as markup.
CPR_SHAPES: dict[str, Callable[[str, str], str]] = {
    "plain with hyphen": lambda d, s: f"{d}-{s}",
    "plain with space": lambda d, s: f"{d} {s}",
    "ten digits": lambda d, s: f"{d}{s}",
    "line end after the hyphen": lambda d, s: f"{d}-\n{s}",
    "line end before the hyphen": lambda d, s: f"{d}\n-{s}",
    "line end without a hyphen": lambda d, s: f"{d}\n{s}",
    "PDF page break": lambda d, s: f"{d}-\n\f\n{s}",
    "zero-width space": lambda d, s: f"{d[:4]}\u200b{d[4:]}-{s}",
    "zero-width joiner": lambda d, s: f"{d[:2]}\u200d{d[2:]}-{s}",
    "bidi override": lambda d, s: f"{d}\u202e-{s}",
    "no-break space": lambda d, s: f"{d}\u00a0{s}",
    "soft hyphen": lambda d, s: f"{d[:4]}\u00ad{d[4:]}-{s}",
    "entity no-break space": lambda d, s: f"{d}&nbsp;{s}",
    "entity hyphen": lambda d, s: f"{d}&#45;{s}",
    "entity en dash": lambda d, s: f"{d}&ndash;{s}",
    "entity digit": lambda d, s: f"&#{ord(d[0])};{d[1:]}-{s}",
    "markdown bold": lambda d, s: f"**{d}**-{s}",
    "html tag inside": lambda d, s: f"{d[:4]}<i>{d[4:]}</i>-{s}",
    "en dash": lambda d, s: f"{d}\u2013{s}",
    "em dash": lambda d, s: f"{d}\u2014{s}",
    "minus sign": lambda d, s: f"{d}\u2212{s}",
    "non-breaking hyphen": lambda d, s: f"{d}\u2011{s}",
    "spaced dash": lambda d, s: f"{d} - {s}",
    "fullwidth digits": lambda d, s: (
        "".join(chr(0xFF10 + int(c)) for c in d) + "\uff0d" + "".join(chr(0xFF10 + int(c)) for c in s)
    ),
    "CPR- prefix": lambda d, s: f"CPR-{d}-{s}",
    "trailing dash": lambda d, s: f"{d}-{s}-",
    "after a label": lambda d, s: f"cpr.nr.:{d}-{s}",
}


def cpr_number(rng: random.Random) -> tuple[str, str]:
    """(ddmmyy, ssss) of a CPR-shaped number: a real calendar date, a serial that is no year or time."""
    day = dt.date(1937, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    return day.strftime("%d%m%y"), f"{rng.randrange(5000, 9999):04d}"


def with_cpr(text: str, form: str) -> str:
    """`text` (the clean sample) with `form` in a title, a decision, a background and an attendance line."""
    text = text.replace(TITLE, TITLE.replace("fysioterapi", f"fysioterapi {form}"))
    text = text.replace(DECISION, f"{DECISION} Borger {form} klagede.", 1)
    text = text.replace(
        "Referat af møde i KKR Hovedstaden den 25. marts 2022 er udsendt",
        f"Referat af møde i KKR Hovedstaden den 25. marts 2022 (sag om {form}) er udsendt",
        1,
    )
    return text.replace(ABSENT, f"{ABSENT}Borger {form} deltog ikke\n", 1)


# --- the corpus -----------------------------------------------------------------------------------------


def _distinct_words(rng: random.Random, size: int) -> str:
    words, total = [], 0
    while total < size:
        word = "".join(rng.choice("abdefghijklmnoprstuvyæøå") for _ in range(rng.randint(5, 12)))
        words.append(word)
        total += len(word) + 1
    return " ".join(words)


def build(seed: int = DEFAULT_SEED) -> Corpus:
    """The corpus for `seed`: the same seed, the same bytes."""
    rng = random.Random(seed)
    clean = CLEAN.read_text(encoding="utf-8")
    footers = FOOTERS.read_text(encoding="utf-8")
    names = [
        line.split(" (", 1)[0] for line in clean.splitlines() if line.endswith("Kommune") and " (" in line
    ]
    cases: list[Case] = []
    secrets: list[str] = []
    dates = iter(FIRST_DATE + dt.timedelta(days=k) for k in range(10_000))

    def minutes(text: str = clean) -> str:
        """`text` as the minutes of a meeting of its own (the next free date)."""
        return with_meeting_date(text, SAMPLE_DATE, next(dates))

    def add(kind: str, variant: str, name: str, text: str | bytes, expect: str = "ingested", **more) -> None:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        cases.append(Case(kind, variant, name, expect, data=data, **more))

    # CPR numbers in every printed shape, each in a title, a decision, a background and an attendance line.
    for k, (shape, make) in enumerate(CPR_SHAPES.items()):
        d, s = cpr_number(rng)
        secrets.append(d + s)
        add(
            "CPR number in the text",
            shape,
            f"cpr-{k:02d}.txt",
            minutes(with_cpr(clean, make(d, s))),
            warning="CPR-nummer maskeret",
        )
    # … in a PDF, broken over a line and over a page, where the reader's text has the footers taken out.
    from tests.ingest.pdfs import text_pdf  # the hand-built PDFs of the reader's tests

    d, s = cpr_number(rng)
    secrets.append(d + s)
    lines = minutes().splitlines()
    at = lines.index("Afbud") + 1
    lines[at:at] = [f"Borger {d}-", f"{s} deltog ikke"]
    # The page break falls between the date and the serial.
    pages = [lines[: at + 1], *[lines[k : k + 50] for k in range(at + 1, len(lines), 50)]]
    pages = [
        [line.encode("cp1252", "replace").decode("cp1252") for line in page] for page in pages
    ]  # text_pdf's font
    add(
        "CPR number in the text",
        "in a PDF, split over a page break",
        "cpr-pdf.pdf",
        text_pdf(pages),
        warning="CPR-nummer maskeret",
    )
    # … in file names: of a document that is ingested, and of one that is refused.
    for k, shape in enumerate(("plain with hyphen", "ten digits", "CPR- prefix")):
        d, s = cpr_number(rng)
        secrets.append(d + s)
        add(
            "CPR number in a file name",
            f"{shape}, ingested",
            f"klage {CPR_SHAPES[shape](d, s)} {k}.txt",
            minutes(),
            warning="CPR-nummer maskeret",
        )
    d, s = cpr_number(rng)
    secrets.append(d + s)
    add(
        "CPR number in a file name",
        "plain with hyphen, refused",
        f"indkøb {d}-{s}.txt",
        "Indkøbsliste\n\nmælk\nbrød\n",
        expect="refused",
        reason="not minutes",
    )

    # A body name with no letters in the page footer.
    for variant in ("!!!", "???", "123", "–", "*** ***"):
        text = footers.replace("KKR Hovedstaden  | 21-06-2022", f"{variant} | 21-06-2022")
        add(
            "body name without letters",
            repr(variant),
            f"organ-{len(cases):03d}.txt",
            minutes(text),
            expect="refused",
            reason="no body found",
        )

    # Implausible meeting dates.
    for date in ("31-12-9999", "01-01-0001", "01-01-1900", "31-12-1969", "01-01-2099"):
        text = clean.replace("Dato: 21-06-2022", f"Dato: {date}").replace("21. juni 2022", "")
        add(
            "implausible meeting date", date, f"dato-{date}.txt", text, expect="refused", reason="implausible"
        )

    # Attendees whose names give one slug: another spelling of a member present, added to those absent.
    three = rng.choice([n for n in names if n.count(" ") == 2 and "." not in n])
    danish = rng.choice([n for n in names if any(c in n for c in "æøåÆØÅ")])
    for name, variant in (
        (three, three.rsplit(" ", 1)[0] + "-" + three.rsplit(" ", 1)[1]),
        (three, three.upper()),
        (danish, danish.replace("ø", "oe").replace("Ø", "Oe").replace("æ", "ae").replace("å", "aa")),
        (danish, danish.replace(" ", "-", 1) if danish.count(" ") == 2 else danish.upper()),
    ):
        text = clean.replace(ABSENT, f"{ABSENT}{variant} (A), Furesø Kommune\n", 1)
        add(
            "attendees with one slug",
            f"{name!r} and {variant!r}",
            f"slug-{len(cases):03d}.txt",
            minutes(text),
            warning="one person",
        )

    # A decision of about 5 MB: distinct words (too much for the search index) and real, repeating text.
    add(
        "~5 MB decision",
        "5 MB of distinct words",
        "stor-1.txt",
        minutes(clean.replace(DECISION, f"{DECISION} {_distinct_words(rng, 5_000_000)}", 1)),
        expect="refused",
        reason="too much text for the search index",
    )
    add(
        "~5 MB decision",
        "5 MB of real, repeating council text",
        "stor-2.txt",
        minutes(clean.replace(DECISION, f"{DECISION} " + " ".join(clean.split()[:400] * 1800), 1)),
    )

    # PDFs that cost more than a document may: a decompression bomb and a document of too many pages.
    from tests.ingest.pdfs import GB, decompression_bomb, many_pages

    add(
        "PDF decompression bomb",
        "1 MB inflating to 1 GB",
        "bombe-1.pdf",
        decompression_bomb(GB),
        expect="refused",
        reason="memory",
    )
    add(
        "PDF decompression bomb",
        "2 MB inflating to 2 GB",
        "bombe-2.pdf",
        decompression_bomb(2 * GB),
        expect="refused",
        reason="memory",
    )
    add(
        "PDF decompression bomb",
        "6,000 pages",
        "sider.pdf",
        many_pages(6000),
        expect="refused",
        reason="pages",
    )

    # Files that are not files: read, they never end.
    for variant, name in (("a FIFO named .txt", "fifo.txt"), ("a FIFO named .pdf", "fifo.pdf")):
        cases.append(Case("/dev/zero and FIFOs", variant, name, "refused", reason="not a regular file"))
    cases.append(
        Case(
            "/dev/zero and FIFOs", "a symlink to /dev/zero", "nul.txt", "refused", reason="not a regular file"
        )
    )
    cases.append(
        Case("/dev/zero and FIFOs", "/dev/zero itself", "/dev/zero", "refused", reason="not a regular file")
    )

    # Item numbers printed twice, or with three levels.
    heading = "3.2. Status på Hovedstadens DK2020-handleplaner (10.32-10.40)"
    at = clean.index(heading + "\n\nSAG")
    sub = "{n}. Underpunkt om infrastruktur (10.30-10.31)\n\nSAG-2022-01251 gitb\n\nBaggrund\n\nUnderpunktets tekst.\n\n"
    add(
        "duplicated item number",
        "a second 3.1.",
        "punkt-1.txt",
        minutes(clean[:at] + heading.replace("3.2.", "3.1.") + clean[at + len(heading) :]),
        warning="3.1",
    )
    add(
        "duplicated item number",
        "a second 3.3. (printed out of order)",
        "punkt-2.txt",
        minutes(clean[:at] + heading.replace("3.2.", "3.3.") + clean[at + len(heading) :]),
        warning="3.3",
    )
    add(
        "three-level item number",
        "3.1.1. under 3.1",
        "punkt-3.txt",
        minutes(clean[:at] + sub.format(n="3.1.1") + clean[at:]),
    )
    add(
        "three-level item number",
        "3.10.2. under 3.1",
        "punkt-4.txt",
        minutes(clean[:at] + sub.format(n="3.10.2") + clean[at:]),
        warning="3.10.2",
    )

    # One stray Windows-1252 byte in a UTF-8 file.
    data = minutes().encode("utf-8")
    for variant, old, new in (
        ("an en dash in a title", b"Siden sidst (10.02-10.22)", b"Siden sidst \x96 (10.02-10.22)"),
        ("an \xe6 in a name", "Vagn Kjær-Hansen".encode(), b"Vagn Kj\xe6r-Hansen"),
        ("a curly quote in the decision", DECISION.encode(), DECISION.encode() + b" \x93ok\x94"),
    ):
        add(
            "stray Windows-1252 byte",
            variant,
            f"cp1252-{len(cases):03d}.txt",
            data.replace(old, new, 1),
            warning="Windows-1252",
        )
        data = minutes().encode("utf-8")

    # Bidi controls and invisible characters in names and titles.
    for variant, chars in (
        ("right-to-left override", "\u202e"),
        ("zero-width joiner and override", "\u200d\u202e"),
        ("isolates", "\u2066\u2069"),
        ("zero-width space and BOM", "\u200b\ufeff"),
        ("left-to-right mark", "\u200e"),
    ):
        text = clean
        for person in rng.sample(names, 3):
            first, rest = person.split(" ", 1)
            text = text.replace(person, f"{first}{chars} {chars[0]}{rest}{chars[-1]}", 1)
        text = text.replace("Godkendelse af praksisplan", f"Godkendelse af {chars}praksisplan", 1)
        add("bidi and invisible characters", variant, f"usynlig-{len(cases):03d}.txt", minutes(text))

    # Control characters in file names: they must not write lines into the output.
    for k, (variant, name) in enumerate(
        (
            ("a newline", "referat\nREFUSED falsk.txt: falsk linje.txt"),
            ("a carriage return and an escape", "referat\r\x1b[2Kfalsk.txt"),
            ("a right-to-left override", "referat\u202etxt.exe.txt"),
        )
    ):
        add("newline in a file name", f"{variant}, ingested", name, minutes())
        add(
            "newline in a file name",
            f"{variant}, refused",
            f"x{k}{name}",
            "Ikke et referat, blot en liste.\n",
            expect="refused",
            reason="no date found",
        )

    # Markup and entities in titles, decisions and names.
    for variant, markup in (
        ("a script tag", "<script>alert('xss')</script>"),
        ("an escaped script tag", "&lt;script&gt;alert('xss')&lt;/script&gt;"),
        ("an image with onerror", '<img src=x onerror="alert(1)">'),
        ("a javascript: link", "[klik](javascript:alert(1))"),
        ("double-escaped entities", "&amp;lt;b&amp;gt;fed&amp;lt;/b&amp;gt;"),
    ):
        text = clean.replace(TITLE, TITLE.replace("fysioterapi", f"fysioterapi {markup}"))
        text = text.replace(DECISION, f"{DECISION} {markup}", 1)
        add("<script> and entities", variant, f"markup-{len(cases):03d}.txt", minutes(text))

    exports = [
        ("body slug with punctuation", lambda r: r["body"].update(slug="!!!"), "body slug '!!!'"),
        ("body slug empty", lambda r: r["body"].update(slug=""), "body slug ''"),
        ("body slug in capitals", lambda r: r["body"].update(slug="KKR-Hovedstaden"), "is not a slug"),
        ("body slug with a space", lambda r: r["body"].update(slug="kkr hovedstaden"), "is not a slug"),
        ("person slug", lambda r: r["attendance"][0]["person"].update(slug="ole bondo"), "person slug"),
        ("meeting date 9999-12-31", lambda r: r.update(date="9999-12-31"), "implausible"),
        (
            "repeated item number",
            lambda r: r["items"][1].update(number=r["items"][0]["number"]),
            "appears twice",
        ),
    ]
    typed = {
        "year": ["0000", "0001", "9999", "1899"],
        "date": ["0000-01-01", "2022-02-30", "2022-13-01", "9999-12-31"],
        "page": ["0", "-1", "abc", "99999999999999999999999", "1e9"],
        "slug": ["!!!", "a" * 300, "%00", "%E2%80%AE", "..%2F..%2Fetc"],
        "number": ["0", "3.x", "1.2.3.4.5.6.7", "99999999999999999999"],
        "query": ["<script>alert(1)</script>", "010190-1234", "\u202eevil", "%00", "x" * 1000],
    }
    # 1.1: the decision; 1.2: the background; 3.5: the title; 3.1, 3.3, 3.1.1, 3.10.2: the item numbers; 2.1: a byte.
    items = ["1.1", "3.5", "1.2", "3.1", "3.1.1", "3.10.2", "3.3", "2.1"]
    return Corpus(cases, secrets, exports, typed, items)


def write(corpus: Corpus, folder: Path) -> list[Path]:
    """Write the corpus's files into `folder` (FIFOs and symlinks too); return the paths to ingest, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in corpus.cases:
        path = case.path(folder)
        if not case.name.startswith("/") and (path.is_symlink() or path.exists()):
            path.unlink()  # written before: a FIFO or a symlink cannot be written over
        if case.data is not None:
            path.write_bytes(case.data)
        elif case.name.startswith("fifo"):
            os.mkfifo(path)
        elif case.name == "nul.txt":
            path.symlink_to("/dev/zero")
        paths.append(path)
    return paths


def edit_export(export: str, edit: Callable[[dict], None]) -> str:
    """The NDJSON export with `edit` applied to its third line (the second meeting: minutes, with attendance)."""
    lines = export.splitlines()
    record = json.loads(lines[2])
    edit(record)
    lines[2] = json.dumps(record, ensure_ascii=False)
    return "\n".join(lines) + "\n"


# What the test checks of each kind beyond ingest's own answer (tests/test_hostile_corpus.py).
CHECKED = {
    "CPR number in the text": "masked in every stored text; no page, feed, API answer, log line or output line of "
    "the run holds one; the original file is withheld (451)",
    "CPR number in a file name": "masked in the stored name, /status/, the refusal line and the log",
    "body name without letters": "no body without letters stored; no page answers 500",
    "implausible meeting date": "no meeting before 1970 or over 2 years ahead stored; the calendar answers",
    "attendees with one slug": "one person under the first spelling; the member's page answers",
    "~5 MB decision": "the batch goes on; 5 MB of real text is stored whole and indexed",
    "PDF decompression bomb": "refused in the reader's child process; the batch goes on",
    "/dev/zero and FIFOs": "refused before anything is read; the batch goes on",
    "duplicated item number": "the second item's text kept under its own heading, the warning names the number",
    "three-level item number": "3.1.1 is a sub-item with its own page; 3.10.2 (no 3.10 above it) an item "
    "where it stands, its page answers, the warning names it",
    "stray Windows-1252 byte": "every attendee kept",
    "bidi and invisible characters": "stripped: no stored text and no answer holds one; no attendee lost",
    "newline in a file name": "each refusal one line, the name escaped",
    "<script> and entities": "escaped on every page and feed (plain data in JSON, as the API says)",
}


def table(rows: list[tuple[Case, str, str]]) -> str:
    """A markdown table of a run: each kind, its variants, what ingest did and said, and what else was checked."""
    groups: dict[str, list[tuple[Case, str, str]]] = {}
    for row in rows:
        groups.setdefault(row[0].kind, []).append(row)
    out = [
        "| kind | variants | handled | what ingest said (first variant that said something) | also checked |",
        "| --- | ---: | --- | --- | --- |",
    ]
    for kind, members in groups.items():
        outcomes: dict[str, int] = {}
        for _, outcome, _ in members:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        handled = ", ".join(f"{n} {what}" for what, n in outcomes.items())
        said = next((said for _, _, said in members if said and said != "(ingested)"), "")
        said = f"`{said[:150]}`".replace("|", "\\|") if said else ""
        out.append(f"| {kind} | {len(members)} | {handled} | {said} | {CHECKED.get(kind, '')} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    corpus = build(args.seed)
    write(corpus, args.folder)
    for case in corpus.cases:
        print(f"{case.expect:8} {case.kind}: {case.variant} ({case.name!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
