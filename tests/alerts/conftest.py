"""A real SMTP server on loopback (aiosmtpd) that the alert tests send through and read from."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
import threading
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    """What the server accepted, as parsed messages; `refuse` lists recipients it answers 550 to."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def clear(self) -> None:
        self.messages.clear()


# The test server's own log names every address it sees; the archive's logs are what the tests check.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_mailer(host: str, port: int) -> dict:
    """Django's SMTP backend, as settings.MAILERS names it, for the server at host:port."""
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": host, "port": port}}


@pytest.fixture
def smtp(settings):
    """A running SMTP server; Django's SMTP backend pointed at it, links made with an https SITE_URL."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {"default": smtp_mailer(controller.hostname, controller.port)}
    settings.SITE_URL = "https://arkiv.example.dk"
    settings.ALERTS_SETTLE_SECONDS = 0
    mailbox.controller = controller
    yield mailbox
    controller.stop()


def text_and_html(message: EmailMessage) -> tuple[str, str]:
    """The plain-text body and the HTML alternative of a multipart/alternative mail."""
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
