"""Small presentation helpers for the archive's templates (party names, Danish numbers and dates)."""

from __future__ import annotations

from django import template

register = template.Library()

# The letters of the parties registered for national (and so also municipal) elections.
PARTY_NAMES = {
    "A": "Socialdemokratiet",
    "B": "Radikale Venstre",
    "C": "Det Konservative Folkeparti",
    "D": "Nye Borgerlige",
    "F": "SF – Socialistisk Folkeparti",
    "I": "Liberal Alliance",
    "K": "Kristendemokraterne",
    "M": "Moderaterne",
    "O": "Dansk Folkeparti",
    "V": "Venstre",
    "Æ": "Danmarksdemokraterne",
    "Ø": "Enhedslisten",
    "Å": "Alternativet",
}


def party_label(letter: str) -> str:
    """`C` → `C (Det Konservative Folkeparti)`; a local list's letter stays as it is."""
    name = PARTY_NAMES.get(letter)
    return f"{letter} ({name})" if name else letter


@register.filter
def party_name(letter: str) -> str:
    return PARTY_NAMES.get(letter or "", "")


@register.filter
def percent(value: float | None) -> str:
    """0.875 → `88 %` (Danish style); None → `–`."""
    if value is None:
        return "–"
    return f"{round(value * 100)} %"
