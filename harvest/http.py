"""A polite HTTP client for one harvest run: robots.txt, a pause between requests to one host, conditional
requests, redirects kept on the site, and every response bounded in bytes and in time.

Nothing here raises for what a server does: a timeout, a refused connection, a redirect loop, a response past the
size limit or a disallowed path all come back as a Response with `error` set, so one bad URL fails that URL and
never the run.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
import urllib.robotparser
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from harvest.links import UrlError, check_url, same_site

MAX_REDIRECTS = 5
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Politeness:
    user_agent: str
    delay: float = 1.0  # seconds between two requests to one host
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # between two bytes of an answer
    total_timeout: float = 120.0  # a whole answer, so a server that trickles cannot hold a run
    max_bytes: int = 50 * 1024 * 1024


@dataclass
class Response:
    url: str  # as asked
    final_url: str = ""
    status: int | None = None
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    content_disposition: str = ""
    path: Path | None = None  # the body on disk (documents)
    body: bytes = b""  # the body in memory (listing pages, robots.txt)
    sha256: str = ""
    size: int = 0
    error: str = ""  # why there is no usable body; "" when status is 200 or 304
    retryable: bool = False  # a timeout, a refused connection or a 5xx: try again on a later run

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and not self.error

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error


@dataclass
class Counters:
    requests: int = 0
    not_modified: int = 0
    bytes: int = 0


@dataclass
class Client:
    """One run's HTTP: one connection pool, one clock per host, one robots.txt per host."""

    politeness: Politeness
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="kkrarchive-harvest-")))
    counters: Counters = field(default_factory=Counters)
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)
    _unreachable: dict[str, str] = field(default_factory=dict)  # hosts whose robots.txt could not be asked
    _http: httpx.Client | None = None

    def __enter__(self) -> Client:
        p = self.politeness
        self._http = httpx.Client(
            follow_redirects=False,
            headers={"User-Agent": p.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(
                connect=p.connect_timeout, read=p.read_timeout, write=p.read_timeout, pool=None
            ),
            trust_env=False,
        )
        return self

    def __exit__(self, *exc) -> None:
        if self._http is not None:
            self._http.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def allowed(self, url: str) -> bool:
        """Does the host's robots.txt let our User-Agent fetch `url`?"""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = self._read_robots(key)
        return self._robots[key].can_fetch(self.politeness.user_agent, url)

    def fetch(
        self, url: str, *, headers: dict[str, str] | None = None, to_disk: bool = False, name: str = ""
    ) -> Response:
        """GET `url` (conditionally with `headers`), following redirects on the same site only."""
        response = Response(url=url)
        seen = {url}
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                check_url(current)
            except UrlError as exc:
                response.error = str(exc)
                return response
            if not self.allowed(current):
                origin = "{0.scheme}://{0.netloc}".format(urlsplit(current))
                response.error = self._unreachable.get(origin) or "disallowed by robots.txt"
                response.retryable = origin in self._unreachable
                return response
            hop = self._get(current, headers or {}, to_disk=to_disk, name=name)
            if hop.status in (301, 302, 303, 307, 308) and not hop.error:
                target = urljoin(current, hop.location)
                if target in seen:
                    response.error = f"redirect loop at {target}"
                    return response
                if not same_site(target, url):
                    response.error = f"redirected off the site to {target}"
                    return response
                seen.add(target)
                current = target
                continue
            hop.url, hop.final_url = url, current
            return hop
        response.error = f"more than {MAX_REDIRECTS} redirects"
        return response

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        answer = self._get(f"{origin}/robots.txt", {}, to_disk=False, name="", limit=512 * 1024)
        if answer.status is not None and 400 <= answer.status < 500:
            parser.allow_all = True  # no robots.txt: everything is allowed (RFC 9309, 2.3.1.3)
        elif answer.ok:
            parser.parse(answer.body.decode("utf-8", errors="replace").splitlines())
        else:
            parser.disallow_all = True  # unreachable robots.txt: assume complete disallow (RFC 9309, 2.3.1.4)
            if answer.retryable:
                self._unreachable[origin] = answer.error
        parser.modified()
        return parser

    def pause_for(self, url: str) -> None:
        """Wait the pause between two requests to the host of `url` (before a browser loads it, say)."""
        self._wait_for(urlsplit(url).netloc)

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            pause = self.politeness.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last_request[host] = time.monotonic()

    def _get(
        self, url: str, headers: dict[str, str], *, to_disk: bool, name: str, limit: int | None = None
    ) -> _Hop:
        limit = self.politeness.max_bytes if limit is None else limit
        hop = _Hop(url=url)
        self._wait_for(urlsplit(url).netloc)
        self.counters.requests += 1
        deadline = time.monotonic() + self.politeness.total_timeout
        assert self._http is not None, "use the client in a with block"
        try:
            with self._http.stream("GET", url, headers=headers) as answer:
                hop.status = answer.status_code
                hop.location = answer.headers.get("location", "")
                hop.etag = answer.headers.get("etag", "")
                hop.last_modified = answer.headers.get("last-modified", "")
                hop.content_type = answer.headers.get("content-type", "")
                hop.content_disposition = answer.headers.get("content-disposition", "")
                if answer.status_code == 304:
                    self.counters.not_modified += 1
                    return hop
                if answer.status_code != 200:
                    if 300 <= answer.status_code < 400 and hop.location:
                        return hop
                    hop.error = f"HTTP {answer.status_code}"
                    hop.retryable = answer.status_code in RETRYABLE_STATUSES
                    return hop
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    hop.error = f"larger than the limit ({int(declared)} > {limit} bytes)"
                    return hop
                self._read_body(answer, hop, to_disk=to_disk, name=name, limit=limit, deadline=deadline)
        except httpx.TimeoutException:
            hop.error, hop.retryable = "timed out", True
        except httpx.TooManyRedirects:
            hop.error = "too many redirects"
        except (httpx.TransportError, httpx.DecodingError) as exc:
            hop.error, hop.retryable = f"unreachable ({type(exc).__name__}: {exc})".strip(), True
        except httpx.InvalidURL as exc:
            hop.error = f"malformed URL ({exc})"
        if hop.error and hop.path is not None:
            hop.path.unlink(missing_ok=True)
            hop.path = None
        return hop

    def _read_body(
        self, answer: httpx.Response, hop: _Hop, *, to_disk: bool, name: str, limit: int, deadline: float
    ) -> None:
        digest = hashlib.sha256()
        chunks: list[bytes] = []
        sink = None
        if to_disk:  # a directory per download, so the file keeps its own name (the ingest records it)
            hop.path = Path(tempfile.mkdtemp(dir=self.directory)) / (name or "dokument")
            sink = hop.path.open("wb")
        try:
            for chunk in answer.iter_bytes(64 * 1024):
                hop.size += len(chunk)
                self.counters.bytes += len(chunk)
                if hop.size > limit:
                    hop.error = f"larger than the limit (over {limit} bytes; cut there)"
                    return
                if time.monotonic() > deadline:
                    hop.error, hop.retryable = (
                        f"too slow (no complete answer in {self.politeness.total_timeout:.0f} s)",
                        True,
                    )
                    return
                digest.update(chunk)
                if sink is not None:
                    sink.write(chunk)
                else:
                    chunks.append(chunk)
        finally:
            if sink is not None:
                sink.close()
        hop.sha256 = digest.hexdigest()
        hop.body = b"".join(chunks)


@dataclass
class _Hop(Response):
    location: str = ""
