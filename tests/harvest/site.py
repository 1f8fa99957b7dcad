"""A publisher's site on 127.0.0.1 for the harvest tests: recorded pages served as a real HTTP server would,
with ETag/Last-Modified and 304 answers, and the faults a real site has (a 503, a server that never answers,
a redirect loop, an endless response). Every request is recorded, so tests can say what was never asked."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    # "": a normal page; "fail-once": 503 on the first request, then the page; "hang": accept, never answer;
    # "loop": redirect to itself; "endless": 200 with no length, bytes until the client stops; "huge-declared":
    # a Content-Length of 2 GB (and bytes until the client stops).
    fault: str = ""
    validators: bool = True  # ETag and Last-Modified, and 304 to a conditional request that matches
    location: str = ""
    served: int = 0
    modified: float = field(default_factory=lambda: time.time() - 86400)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    def replace(self, body: bytes) -> None:
        self.body = body
        self.modified = time.time()


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float
    status: int = 0  # what the site answered (0: nothing, it hung)


class RecordedSite:
    def __init__(self, pages: dict[str, Page] | None = None) -> None:
        self.pages: dict[str, Page] = dict(pages or {})
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self.request_record = Request(self.path, dict(self.headers), time.monotonic())
                site.requests.append(self.request_record)
                page = site.pages.get(self.path)
                if page is None:
                    return self._send(404, b"not found", "text/plain")
                page.served += 1
                if page.fault == "hang":
                    site.stopping.wait(120)
                    return
                if page.fault == "fail-once" and page.served == 1:
                    return self._send(503, b"busy", "text/plain")
                if page.fault == "loop":
                    return self._send(302, b"", "text/plain", {"Location": self.path})
                if page.status in (301, 302):
                    return self._send(page.status, b"", "text/plain", {"Location": page.location})
                if page.fault in ("endless", "huge-declared"):
                    return self._endless(declared=page.fault == "huge-declared")
                headers = {}
                if page.validators:
                    headers = {"ETag": page.etag, "Last-Modified": formatdate(page.modified, usegmt=True)}
                    if self.headers.get("If-None-Match") == page.etag:
                        return self._send(304, b"", None, headers)
                self._send(page.status, page.body, page.content_type, headers)

            def _send(self, status, body, content_type, headers=None) -> None:
                self.request_record.status = status
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

            def _endless(self, *, declared: bool) -> None:
                self.request_record.status = 200
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                if declared:
                    self.send_header("Content-Length", str(2 * 1024**3))
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"%PDF-1.4\n" + b"0" * (64 * 1024)
                try:
                    while not site.stopping.is_set():
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> RecordedSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def asked(self, path: str) -> int:
        return sum(1 for request in self.requests if request.path == path)

    def downloads(self) -> list[str]:
        """Paths answered 200 with a body since the last `forget()` (robots.txt aside)."""
        return [r.path for r in self.requests if r.status == 200 and r.path != "/robots.txt"]

    def forget(self) -> None:
        self.requests.clear()
