"""Which links of a publisher's listing page lead to agendas and minutes (pure: HTML and URLs in, links out).

A harvester that follows every link reads "about" pages, mailto: addresses, other sites and attachments. These
rules keep to the source's own site and to links whose URL or text names an agenda or minutes; the words are the
ones Danish publishers use (dagsorden, referat, beslutningsprotokol), in Danish and in URL spellings (ae/oe/aa).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html

from ingest.reader import decode_page


class UrlError(ValueError):
    """A URL the harvester will not fetch: not http(s), no host, credentials, spaces."""


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    rel: str = ""  # the anchor's rel, lower-case ("next" on a listing's link to its next page)


MEETING_DOCUMENT = re.compile(
    r"dagsorden|referat|beslutningsprotokol|m(?:ø|oe)deprotokol|protokol|m(?:ø|oe)dereferat", re.IGNORECASE
)
# Pages of a publisher's site that are never a meeting's document, whatever words they share with one.
NOT_A_DOCUMENT = re.compile(
    r"\b(?:om[- ]|kontakt|cookie|privatliv|persondata|tilg(?:æ|ae)ngelighed|was\b|presse|job|nyhed|"
    r"login|log[- ]ind|abonn|rss|sitemap|sog|s(?:ø|oe)g|hj(?:æ|ae)lp|vejledning)",
    re.IGNORECASE,
)
ATTACHMENT = re.compile(r"\bbilag\b", re.IGNORECASE)
DOCUMENT_EXTENSIONS = (".pdf", ".htm", ".html", ".txt", ".aspx", ".asp", ".php")


def check_url(url: str) -> str:
    """`url` when the harvester may fetch it, else UrlError saying why (exit 2 on the command line)."""
    if not isinstance(url, str) or not url or url != url.strip() or any(c.isspace() for c in url):
        raise UrlError(f"malformed URL: {url!r}")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlError(f"malformed URL: {url!r} ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise UrlError(f"not an http(s) URL: {url!r}")
    if not parts.hostname:
        raise UrlError(f"malformed URL (no host): {url!r}")
    if parts.username or parts.password:
        raise UrlError(f"URL with credentials refused: {url!r}")
    if port == 0:
        raise UrlError(f"malformed URL (port 0): {url!r}")
    return url


def site_of(url: str) -> tuple[str, int | None] | str:
    """What "the same site" means for `url`: an IP address with its port, or the registrable domain of a
    host name (the last two labels: aarhus.dk for www.aarhus.dk and dagsordener.aarhus.dk)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.split(".")
        return ".".join(labels[-2:]) if len(labels) >= 2 else host
    return host, parts.port


def same_site(url: str, site_url: str) -> bool:
    return site_of(url) == site_of(site_url)


def find_links(html: str | bytes, base_url: str) -> list[Link]:
    """Every <a href> of a page, resolved against the page's URL (and its <base>), fragments dropped, in
    document order, each URL once."""
    if isinstance(html, bytes):
        html = decode_page(html)
    if not html or not html.strip():
        return []
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = base_url
    for element in tree.iter("base"):
        if element.get("href"):
            base = urljoin(base_url, element.get("href").strip())
            break
    seen: set[str] = set()
    links: list[Link] = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        url = urldefrag(urljoin(base, href))[0]
        if url in seen:
            continue
        seen.add(url)
        # The pieces of a link's text are often separate elements (date, body, kind): keep them apart.
        text = " ".join(piece.strip() for piece in anchor.itertext() if piece.strip())
        links.append(Link(url=url, text=" ".join(text.split()), rel=(anchor.get("rel") or "").lower()))
    return links


def is_document_link(link: Link, site_url: str) -> bool:
    """Does `link` lead to an agenda or minutes on the site of `site_url`?

    On the site, http(s), an agenda's or minutes' word in its URL or text, not an attachment ("Bilag ..."), not
    an about/contact/cookie page, and a page or document (not an image, a zip or an office file)."""
    parts = urlsplit(link.url)
    if parts.scheme not in ("http", "https") or not same_site(link.url, site_url):
        return False
    path = parts.path.lower()
    described = f"{link.text} {_words_of(link.url)}"
    if not MEETING_DOCUMENT.search(described):
        return False
    if NOT_A_DOCUMENT.search(link.text) or NOT_A_DOCUMENT.search(_words_of(parts.path)):
        return False
    if ATTACHMENT.search(link.text) and not MEETING_DOCUMENT.search(link.text.replace("bilag", "")):
        return False
    if ATTACHMENT.search(_words_of(parts.path)) and not MEETING_DOCUMENT.search(_words_of(parts.path)):
        return False
    name = path.rsplit("/", 1)[-1]
    return "." not in name or name.endswith(DOCUMENT_EXTENSIONS)


def _words_of(url: str) -> str:
    """A URL's path and query as words, so `Referat-Teknisk-Udvalg` and `dagsorden_2024.pdf` read as text."""
    return re.sub(r"[^0-9A-Za-zæøåÆØÅ]+", " ", url)
