"""Pages that only exist once JavaScript has run (FirstAgenda Publication), rendered by Debian's chromium.

Playwright's sync API runs an event loop in the thread that uses it, and Django refuses database access from a
thread with a running loop; so the browser lives in a thread of its own and the harvest (which writes to the
database) hands it URLs. The page may only fetch from its own site: anything else is aborted, so a render never
reaches the wider internet and never waits on a third party's tracker.
"""

from __future__ import annotations

import concurrent.futures
import threading
from dataclasses import dataclass

from harvest.links import same_site

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


SKIPPED_RESOURCES = frozenset({"image", "stylesheet", "font", "media", "manifest", "other"})


class RenderError(RuntimeError):
    pass


@dataclass
class Rendered:
    html: str
    requests: int  # what the page fetched from its site, for the run's request count


class Renderer:
    def __init__(self, *, executable: str, user_agent: str, timeout: float = 30.0) -> None:
        self.executable = executable
        self.user_agent = user_agent
        self.timeout_ms = int(timeout * 1000)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._local = threading.local()

    def render(self, url: str, *, wait_for: str | None = None) -> Rendered:
        """The page at `url` as the browser shows it once loaded (and `wait_for`, a CSS selector, is there)."""
        return self._pool.submit(self._render, url, wait_for).result()

    def close(self) -> None:
        self._pool.submit(self._stop).result()
        self._pool.shutdown()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _browser(self):
        if getattr(self._local, "browser", None) is None:
            from playwright.sync_api import sync_playwright

            self._local.playwright = sync_playwright().start()
            self._local.browser = self._local.playwright.chromium.launch(
                executable_path=self.executable, args=CHROMIUM_ARGS
            )
        return self._local.browser

    def _render(self, url: str, wait_for: str | None) -> Rendered:
        from playwright.sync_api import Error as PlaywrightError

        try:
            context = self._browser().new_context(user_agent=self.user_agent, java_script_enabled=True)
        except PlaywrightError as exc:
            raise RenderError(f"chromium did not start ({str(exc).splitlines()[0]})") from exc
        requests = 0

        def route(request_route):
            nonlocal requests
            request = request_route.request
            # Only what makes the page's text: the document, its scripts and their data. Images, styles and
            # fonts would cost the publisher requests for nothing we read.
            if same_site(request.url, url) and request.resource_type not in SKIPPED_RESOURCES:
                requests += 1
                request_route.continue_()
            else:
                request_route.abort()

        try:
            page = context.new_page()
            page.route("**/*", route)
            answer = page.goto(url, wait_until="load", timeout=self.timeout_ms)
            if answer is None or answer.status != 200:
                raise RenderError(f"HTTP {answer.status if answer else 'no answer'} when rendering")
            if wait_for:
                page.wait_for_selector(wait_for, timeout=self.timeout_ms, state="attached")
            return Rendered(html=page.content(), requests=requests)
        except PlaywrightError as exc:
            raise RenderError(f"rendering failed ({str(exc).splitlines()[0]})") from exc
        finally:
            context.close()

    def _stop(self) -> None:
        if getattr(self._local, "browser", None) is not None:
            self._local.browser.close()
            self._local.playwright.stop()
            self._local.browser = None
