"""One harvest of one source: read its listing, fetch the new or changed documents it links to, ingest them.

Every document goes through `ingest.pipeline.ingest_file`, the same path as `manage.py ingest`, in the ingest's
own transaction: a document is ingested whole or not at all. What the harvester learnt about each URL (validators,
hash, outcome, when to retry) is saved after the ingest, so a crash between the two costs one repeated download
whose hash the archive then knows ("unchanged").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.utils import timezone

from danish.bodies import owner_of_body
from danish.cpr import mask_cpr
from harvest import kinds
from harvest.http import Client, Politeness, Response
from harvest.models import FetchedUrl, HarvestRun, Source, SourceKind
from harvest.render import Renderer, RenderError
from ingest.pipeline import ingest_file, printable, refusal_reason
from ingest.reader import decode_page

logger = logging.getLogger("kkrarchive.harvest")
MAX_RETRY_WAIT = dt.timedelta(days=7)


@dataclass(frozen=True)
class Limits:
    """What one run of one source may take; the first limit reached ends the run (the rest waits for the next)."""

    pages: int
    documents: int
    bytes: int
    seconds: float

    @classmethod
    def from_settings(cls, **overrides) -> Limits:
        values = {
            "pages": settings.HARVEST_MAX_PAGES,
            "documents": settings.HARVEST_MAX_DOCUMENTS,
            "bytes": settings.HARVEST_MAX_BYTES,
            "seconds": settings.HARVEST_MAX_SECONDS,
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)


def politeness_from_settings() -> Politeness:
    from ingest.reader import DEFAULT_MAX_BYTES

    return Politeness(
        user_agent=settings.HARVEST_USER_AGENT,
        delay=settings.HARVEST_DELAY,
        connect_timeout=settings.HARVEST_CONNECT_TIMEOUT,
        read_timeout=settings.HARVEST_READ_TIMEOUT,
        total_timeout=settings.HARVEST_TOTAL_TIMEOUT,
        max_bytes=DEFAULT_MAX_BYTES,  # the ingest's own size limit: a longer answer is cut there and refused
    )


class ListingFailed(Exception):
    pass


@dataclass
class _Run:
    """A run in progress: the client, the browser when needed, and the figures kept on the HarvestRun row."""

    source: Source
    record: HarvestRun
    client: Client
    limits: Limits
    started: float
    renderer: Renderer | None = None
    problems: list[dict[str, str]] = dataclasses.field(default_factory=list)
    # What the harvester knows of the source's documents, read in one query rather than one per link.
    known: dict[str, FetchedUrl] = dataclasses.field(default_factory=dict)

    def problem(self, url: str, outcome: str, reason: str) -> None:
        self.problems.append({"url": url, "outcome": outcome, "reason": reason})

    def over_limit(self) -> str:
        if self.record.new + self.record.changed + self.record.refused >= self.limits.documents:
            return "documents"
        if self.client.counters.bytes >= self.limits.bytes:
            return "bytes"
        if time.monotonic() - self.started >= self.limits.seconds:
            return "seconds"
        return ""

    def browser(self) -> Renderer:
        if self.renderer is None:
            self.renderer = Renderer(
                executable=settings.HARVEST_CHROMIUM,
                user_agent=self.client.politeness.user_agent,
                timeout=self.client.politeness.read_timeout,
            )
        return self.renderer


def harvest_source(
    *, source: Source, limits: Limits | None = None, politeness: Politeness | None = None
) -> HarvestRun:
    """Harvest `source` once and return the run's record (its figures, status and the failed URLs' reasons)."""
    limits = limits or Limits.from_settings()
    record = HarvestRun.objects.create(source=source)
    with Client(politeness or politeness_from_settings()) as client:
        run = _Run(source=source, record=record, client=client, limits=limits, started=time.monotonic())
        run.known = {u.url: u for u in FetchedUrl.objects.filter(source=source, role=FetchedUrl.Role.DOCUMENT)}
        try:
            for candidate in _read_listing(run):
                if stopped := run.over_limit():
                    record.stopped_by = stopped
                    break
                _harvest_document(run, candidate)
        except ListingFailed as exc:
            record.error = str(exc)
        finally:
            if run.renderer is not None:
                run.renderer.close()
        _finish(run)
    return record


def _finish(run: _Run) -> None:
    record, source = run.record, run.source
    counters = run.client.counters
    record.requests, record.not_modified, record.bytes = (
        counters.requests,
        counters.not_modified,
        counters.bytes,
    )
    record.finished_at = timezone.now()
    if record.error:
        record.status = HarvestRun.Status.FAILED
    elif record.failed or record.refused:
        record.status = HarvestRun.Status.PARTIAL
    else:
        record.status = HarvestRun.Status.OK
    record.problems = run.problems[:500]
    record.save()
    source.last_run_at = record.finished_at
    if record.status != HarvestRun.Status.FAILED:
        source.last_success_at = record.finished_at
    source.next_run_at = record.finished_at + source.interval
    source.save(update_fields=["last_run_at", "last_success_at", "next_run_at"])
    logger.info(
        "harvested source=%s status=%s found=%d new=%d changed=%d unchanged=%d refused=%d failed=%d "
        "requests=%d not_modified=%d bytes=%d",
        source.url, record.status, record.found, record.new, record.changed, record.unchanged,
        record.refused, record.failed, record.requests, record.not_modified, record.bytes,
    )  # fmt: skip


def _read_listing(run: _Run) -> list[kinds.Candidate]:
    """The documents the source's listing links to, following its "next page" links up to the pages limit."""
    source = run.source
    candidates: list[kinds.Candidate] = []
    seen: set[str] = set()
    read: set[str] = set()
    url: str | None = source.url
    while url and url not in read:
        if len(read) >= run.limits.pages:
            run.record.stopped_by = "pages"  # the rest of the listing waits for the next run
            break
        read.add(url)
        try:
            found, url = _read_listing_page(run, url)
        except ListingFailed as exc:
            if len(read) == 1:
                raise
            run.problem(url, "failed", str(exc))  # the pages before it still count
            run.record.failed += 1
            break
        for candidate in found:
            if candidate.url not in seen:
                seen.add(candidate.url)
                candidates.append(candidate)
    # robots.txt is asked once per host; what it disallows is not ours to fetch, and not a failure.
    candidates = [candidate for candidate in candidates if run.client.allowed(candidate.url)]
    if not candidates:
        raise ListingFailed(f"the listing {source.url} links to no agendas or minutes")
    run.record.found = len(candidates)
    return candidates


def _read_listing_page(run: _Run, url: str) -> tuple[list[kinds.Candidate], str | None]:
    """One page of a listing: its document links and its next page (from last time when it answers 304)."""
    source = run.source
    url_record, _ = FetchedUrl.objects.get_or_create(
        source=source, url=url, defaults={"role": FetchedUrl.Role.LISTING, "outcome": "listed"}
    )
    answer = run.client.fetch(url, headers=url_record.conditional_headers)
    run.record.pages += 1
    if answer.not_modified:
        return [kinds.Candidate(**stored) for stored in url_record.links], url_record.next_page or None
    if answer.error:
        _remember_failure(url_record, answer)
        raise ListingFailed(f"the listing {url} could not be read: {answer.error}")
    html = decode_page(answer.body, answer.content_type)
    following = None
    if source.kind == SourceKind.FIRSTAGENDA:
        html = _render(run, url, kinds.FIRSTAGENDA_LISTING_READY)  # one page: its meetings come by script
    else:
        following = kinds.next_page(html, answer.final_url or url, source.url)
    found = kinds.documents(source.kind, html, answer.final_url or url, source.url)
    if source.kind == SourceKind.KL and (announced := kinds.kl_announced(html)):
        _record_announcements(announced, source)
    _remember(url_record, answer, outcome=FetchedUrl.Outcome.LISTED)
    url_record.links = [dataclasses.asdict(candidate) for candidate in found]
    url_record.next_page = following or ""
    url_record.save()
    return found, following


def _render(run: _Run, url: str, wait_for: str) -> str:
    run.client.pause_for(url)
    try:
        rendered = run.browser().render(url, wait_for=wait_for)
    except RenderError as exc:
        raise ListingFailed(f"the listing {url} could not be rendered: {exc}") from exc
    run.client.counters.requests += rendered.requests
    return rendered.html


def _harvest_document(run: _Run, candidate: kinds.Candidate) -> None:
    record = run.record
    url_record = run.known.get(candidate.url)
    if url_record is None:  # first seen: saved with what became of it (`_remember`, `_remember_failure`)
        url_record = FetchedUrl(source=run.source, url=candidate.url, role=FetchedUrl.Role.DOCUMENT)
    elif url_record.retry_at and url_record.retry_at > timezone.now():
        record.skipped += 1  # failed before; its retry is not due yet
        return
    known = url_record.sha256 and url_record.outcome in (
        FetchedUrl.Outcome.INGESTED,
        FetchedUrl.Outcome.UNCHANGED,
        FetchedUrl.Outcome.REFUSED,
    )
    answer = run.client.fetch(
        candidate.url,
        headers=url_record.conditional_headers if known else {},
        to_disk=True,
        name=download_name(candidate.url),
    )
    if answer.not_modified:
        record.unchanged += 1
        _remember(url_record, answer, outcome=url_record.outcome)
        return
    if answer.error:
        record.failed += 1
        run.problem(candidate.url, "failed", answer.error)
        _remember_failure(url_record, answer)
        return
    path = _document_file(run, candidate, answer)
    if path is None:
        record.failed += 1
        run.problem(candidate.url, "failed", answer.error)
        _remember_failure(url_record, answer)
        return
    sha256 = answer.sha256
    if known and sha256 == url_record.sha256:  # the server said 200, but these are the bytes we have
        record.unchanged += 1
        _remember(url_record, answer, outcome=url_record.outcome)
        return
    municipality, region = owner_of_body(run.source.body) if run.source.body else (None, None)
    try:
        result = ingest_file(path, municipality=municipality, region=region, url=candidate.url)
    except Exception as exc:  # refused (not minutes, no date, ...) or rejected: remembered with its hash
        _, reason = refusal_reason(candidate.url, exc)
        record.refused += 1
        run.problem(candidate.url, "refused", reason)
        _remember(url_record, answer, outcome=FetchedUrl.Outcome.REFUSED, reason=reason)
        logger.info("refused url=%s reason=%s", printable(mask_cpr(candidate.url)[0]), printable(reason))
        return
    finally:
        path.unlink(missing_ok=True)
    if result.status == "unchanged":
        record.unchanged += 1
        outcome = FetchedUrl.Outcome.UNCHANGED
    else:
        outcome = FetchedUrl.Outcome.INGESTED
        if url_record.sha256:
            record.changed += 1
        else:
            record.new += 1
        url_record.changed_at = timezone.now()
    _remember(url_record, answer, outcome=outcome)


def _document_file(run: _Run, candidate: kinds.Candidate, answer: Response) -> Path | None:
    """The file to ingest: the download itself, or for a JavaScript page the rendered page (its hash then
    stands for the document, so an unchanged rendering is recognised)."""
    assert answer.path is not None
    if not candidate.render:
        return _with_suffix(answer.path, answer.content_type)
    answer.path.unlink(missing_ok=True)
    run.client.pause_for(candidate.url)
    try:
        rendered = run.browser().render(candidate.url, wait_for=candidate.wait_for)
    except RenderError as exc:
        answer.error, answer.retryable = str(exc), True
        return None
    run.client.counters.requests += rendered.requests
    path = answer.path.with_name(download_name(candidate.url, ".html"))
    data = rendered.html.encode("utf-8")
    path.write_bytes(data)
    answer.sha256, answer.size = hashlib.sha256(data).hexdigest(), len(data)
    return path


def _with_suffix(path: Path, content_type: str) -> Path:
    """The reader knows a file's format by its suffix: give a download without one the suffix of its type."""
    if path.suffix.lower() in (".pdf", ".txt", ".html", ".htm"):
        return path
    kind = content_type.split(";")[0].strip().lower()
    suffix = {"application/pdf": ".pdf", "text/plain": ".txt"}.get(kind, ".html")
    return path.rename(path.with_name(path.name + suffix))


def download_name(url: str, suffix: str = "") -> str:
    """A readable file name for a download: the URL's last path segment, or FirstAgenda's `vis?<name>&id=`
    name, in safe characters (the file name is shown on /status/ and in the ingest's output)."""
    parts = urlsplit(url)
    name = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    query = parse_qs(parts.query, keep_blank_values=True)
    if name.lower() in ("vis", "", "index.php", "default.aspx"):
        named = [key for key, values in query.items() if values == [""]]
        name = (named[0] if named else name) or "dokument"
        if "id" in query:
            name = f"{name}-{query['id'][0][:8]}"
    name = re.sub(r"[^0-9A-Za-zæøåÆØÅ._()-]+", "-", name).strip("-.")[:120] or "dokument"
    return name + suffix if suffix and not name.lower().endswith(suffix) else name


def _remember(url_record: FetchedUrl, answer: Response, *, outcome: str, reason: str = "") -> None:
    now = timezone.now()
    url_record.outcome = outcome
    url_record.reason = reason
    url_record.http_status = answer.status
    if answer.ok:
        url_record.etag = answer.etag[:500]
        url_record.last_modified = answer.last_modified[:100]
        url_record.sha256 = answer.sha256
    url_record.attempts = 0
    url_record.retry_at = None
    url_record.fetched_at = now
    url_record.save()


def _remember_failure(url_record: FetchedUrl, answer: Response) -> None:
    """A failed URL waits before it is asked again, twice as long after each failure in a row."""
    url_record.outcome = FetchedUrl.Outcome.FAILED
    url_record.reason = answer.error
    url_record.http_status = answer.status
    url_record.attempts += 1
    wait = dt.timedelta(seconds=settings.HARVEST_RETRY_AFTER * 2 ** (url_record.attempts - 1))
    url_record.retry_at = timezone.now() + min(wait, MAX_RETRY_WAIT)
    url_record.fetched_at = timezone.now()
    url_record.save()


def _record_announcements(announced: kinds.Announced, source: Source) -> None:
    from harvest.announcements import record_announced

    record_announced(body_name=announced.body_name, dates=announced.dates, times=announced.times, url=source.url)
