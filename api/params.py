"""The rules every JSON endpoint shares: GET and HEAD only, public (CORS), UTF-8, and query parameters that
are known, given once and well-formed, or a 400 with a JSON error that says which and why."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from django.http import HttpRequest, JsonResponse, QueryDict
from django.views.decorators.http import require_safe

from danish import slugs
from meetings.models import MeetingKind

YEAR = re.compile(r"^[0-9]{4}$")
POSITIVE = re.compile(r"^[1-9][0-9]{0,5}$")
FIRST_YEAR, LAST_YEAR = 1900, 2100


class BadRequest(Exception):
    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details


def json_response(payload: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        payload,
        status=status,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"  # public, read-only data
    return response


def error_response(message: str, status: int = 400, details: dict | None = None) -> JsonResponse:
    payload: dict = {"error": message}
    if details:
        payload["details"] = details
    return json_response(payload, status=status)


def check_names(query: QueryDict, allowed: set[str] | dict) -> None:
    """Refuse unknown parameters and parameters given more than once (BadRequest)."""
    unknown = sorted(set(query) - set(allowed))
    if unknown:
        raise BadRequest(
            f"unknown parameter(s): {', '.join(unknown)}", {"allowed": sorted(allowed)} if allowed else None
        )
    repeated = {name: ["given more than once"] for name in sorted(query) if len(query.getlist(name)) > 1}
    if repeated:
        raise BadRequest("invalid parameter(s)", repeated)


def parameters(request: HttpRequest, allowed: dict[str, Callable[[str], object]]) -> dict[str, object]:
    """Validate the query string against `allowed` (name → parser raising ValueError); BadRequest on error."""
    check_names(request.GET, allowed)
    values: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for name, parse in allowed.items():
        if name not in request.GET:
            continue
        try:
            values[name] = parse(request.GET[name])
        except ValueError as exc:
            errors[name] = [str(exc)]
    if errors:
        raise BadRequest("invalid parameter(s)", errors)
    return values


def year(value: str) -> int:
    if not YEAR.match(value) or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise ValueError("expected a year such as 2022")
    return int(value)


def slug(value: str) -> str:
    if not slugs.is_slug(value):
        raise ValueError("expected a slug such as kkr-hovedstaden")
    return value


def kind(value: str) -> str:
    if value not in MeetingKind.values:
        raise ValueError(f"expected one of: {', '.join(MeetingKind.values)}")
    return value


def page(value: str) -> int:
    if not POSITIVE.match(value):
        raise ValueError("expected a positive whole number")
    return int(value)


def endpoint(view):
    """GET and HEAD only; BadRequest becomes a 400 JSON error."""

    @require_safe
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return error_response(exc.message, details=exc.details)

    return wrapper
