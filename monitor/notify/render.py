"""Plain-text rendering of an alert payload, shared by the text channels."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from monitor.clock import format_kst
from monitor.rules.evidence import mark_terms


def evidence_lines(payload: Mapping[str, object], left: str = "**", right: str = "**") -> list[str]:
    """Each evidence sentence with its matched terms marked."""
    lines = []
    for item in payload.get("evidence") or []:  # type: ignore[attr-defined]
        terms = tuple(item.get("terms") or ())
        lines.append(mark_terms(str(item.get("sentence", "")), terms, left, right))
    return lines


def published_kst(payload: Mapping[str, object]) -> str:
    raw = payload.get("published_at") or payload.get("first_seen_at")
    return format_kst(datetime.fromisoformat(str(raw))) if raw else ""


def render_text(payload: Mapping[str, object]) -> str:
    """A few lines a person reads in a terminal or a log; a digest lists each story."""
    if payload.get("digest"):
        items = payload.get("items") or []
        stories = [_story_text(item, indent="  ") for item in items]  # type: ignore[attr-defined]
        return "\n".join([f"[{payload.get('rule')}] digest: {payload.get('title')}", *stories])
    return f"[{payload.get('rule')}] " + _story_text(payload, indent="")


def _story_text(payload: Mapping[str, object], indent: str) -> str:
    meta = f"{payload.get('source')} · {published_kst(payload)} · {payload.get('url')}"
    also = int(str(payload.get("also_in") or 0))
    if also:
        meta += f" · also in {also} other outlet{'s' if also > 1 else ''}"
    why = [f"{indent}  why: {line}" for line in evidence_lines(payload)]
    return "\n".join([f"{indent}{payload.get('title')}", f"{indent}  {meta}", *why])
