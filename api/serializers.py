"""One dict shape per object, shared by every endpoint (CONTRACT.md, "JSON API"; described in api.openapi)."""

from __future__ import annotations

from meetings import selectors
from meetings.models import AgendaItem, Attendance, Correction, Meeting, SourceDocument
from search.ranking import Hit


def meeting_summary(meeting: Meeting) -> dict:
    body, date = meeting.body.slug, meeting.date.isoformat()
    return {
        "body": body,
        "date": date,
        "kind": meeting.kind,
        "url": meeting.get_absolute_url(),
        "api_url": f"/api/meetings/{body}/{date}/",
        "item_count": meeting.item_count,
    }


def attendance_json(row: Attendance) -> dict:
    return {
        "name": row.person.name,
        "slug": row.person.slug,
        "status": row.status,
        "party": row.party,
        "municipality": row.municipality,
        "substitute_for": row.substitute_for.name if row.substitute_for else None,
        "substitute_for_slug": row.substitute_for.slug if row.substitute_for else None,
    }


def sources_json(item: AgendaItem, documents: dict[str, SourceDocument]) -> list[dict]:
    """Where the item was read: each document's name, the URL of its original file, the PDF page or None."""
    out = []
    for source in item.sources:
        document = documents.get(source.get("sha256", ""))
        if document is None:
            continue
        url = document.get_absolute_url() if document.original else None
        page = source.get("page")
        out.append({"file_name": document.file_name, "url": url, "page": page})
    return out


def correction_json(correction: Correction) -> dict:
    """A staff correction as the public sees it: what was corrected, when and why (not who)."""
    return {
        "field": correction.field,
        "corrected_at": correction.created_at.isoformat(),
        "reason": correction.reason,
        **({"person": correction.person.slug} if correction.person_id else {}),
    }


def item_json(
    item: AgendaItem,
    documents: dict[str, SourceDocument] | None = None,
    corrections: dict[int, list[Correction]] | None = None,
) -> dict:
    decision = selectors.decision_of(item)
    return {
        "number": item.number,
        "section": item.section_title,
        "title": item.title,
        "time_slot": item.time_slot or None,
        "case_number": item.case_number or None,
        "url": item.get_absolute_url(),
        "recommendation": item.recommendation,
        "decision": {"text": decision.text, "outcome": decision.outcome or None} if decision else None,
        "closed": item.closed,
        # Staff initials are data (who prepared the case), kept for the API though the pages do not show them.
        "case_officers": [initials for initials in item.case_officers.split("/") if initials],
        "sources": sources_json(item, documents or {}),
        # What staff corrected over the parse (docs/trust.md): the values above are the corrected ones.
        "corrections": [correction_json(c) for c in (corrections or {}).get(item.pk, [])],
    }


def withdrawn_json(item: AgendaItem, documents: dict[str, SourceDocument]) -> dict:
    """An item a new version no longer has: where it was, and which version withdrew it."""
    by = next((doc for doc in documents.values() if doc.pk == item.withdrawn_by_id), None)
    return {
        "number": item.number,
        "title": item.title,
        "url": item.get_absolute_url(),
        "withdrawn_by": {"kind": by.kind, "version": by.version, "ingested_at": by.ingested_at.isoformat()}
        if by
        else None,
    }


def hit_json(hit: Hit) -> dict:
    item = hit.item
    return {
        "body": item.meeting.body.slug,
        "meeting_date": item.meeting.date.isoformat(),
        "number": item.number,
        "title": item.title,
        "url": item.get_absolute_url(),
        "snippet_html": hit.snippet_html,
        "rank": round(hit.rank, 6) if hit.rank is not None else None,
        "exact": hit.exact or None,
    }
