"""Signed tokens in the links of the mails: the only key to a subscription (there is no login).

The confirmation token names one pending alert and the frequency asked for, and expires with the pending
alert (7 days); the subscriber token (manage page, one-click unsubscribe) names the subscriber and never
expires, since it is in every mail. Both are signed with SECRET_KEY (django.core.signing), each under its own
salt, so neither can stand for the other.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing

CONFIRM_SALT = "alerts.confirm"
SUBSCRIBER_SALT = "alerts.subscriber"
CONFIRM_MAX_AGE = dt.timedelta(days=7)


def confirmation_token(*, alert_id: int, frequency: str) -> str:
    return signing.dumps({"a": alert_id, "f": frequency}, salt=CONFIRM_SALT, compress=True)


def read_confirmation(token: str) -> tuple[int, str] | None:
    """(alert id, frequency), or None for a token that is forged, mangled or older than 7 days."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return int(data["a"]), str(data["f"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def subscriber_token(subscriber_id: int) -> str:
    return signing.Signer(salt=SUBSCRIBER_SALT).sign(str(subscriber_id))


def read_subscriber(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=SUBSCRIBER_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
