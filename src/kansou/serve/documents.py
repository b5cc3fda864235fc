"""The source document view: the stored text with every extracted span highlighted.

Decisions:

- Spans are drawn as properly nested ``<mark>`` elements: claims are sorted
  by (start, longest first) and a span that crosses the end of the one it
  starts inside is clipped to it (its full extent stays in the facts list).
- The first claim over a given ``[start, end)`` gets ``id="span-START-END"``
  (the anchor quotes and facts link to); every mark also names its claim.
- All text is escaped before any markup is added; nothing from the page
  becomes markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from kansou.aggregate.sources import source_names
from kansou.errors import NotFound
from kansou.serve.limits import storable_id
from kansou.serve.security import safe_url
from kansou.store import Store, StoredClaim
from kansou.wording import byline, shorten, words

#: Where on a title page each kind of claim is shown (the "fact it produced").
SECTION_OF = {
    "review": "reviews",
    "episode": "episodes",
    "cast": "cast",
    "site_score": "consensus",
    "similar": "similar",
    "score_distribution": "distribution",
    "synopsis": "synopsis",
}


@dataclass(frozen=True)
class Mark:
    """One highlighted stretch: a claim's span, or a part of it the claim names (its score,
    its text) with ``part`` saying which."""

    claim: StoredClaim | None  # None: a quoted range asked for with ``?hl=START-END``
    start: int
    end: int
    part: str = ""
    anchor: str = ""


def claim_parts(c: StoredClaim) -> list[tuple[str, int, int]]:
    """``(part, start, end)`` for the claim's span and the sub-spans its payload names."""
    parts = [("", c.span[0], c.span[1])]
    score_span = (c.data.get("score") or {}).get("span") if isinstance(c.data, dict) else None
    for part, span in (("score", score_span), ("text", c.data.get("text_span"))):
        if isinstance(span, list | tuple) and len(span) == 2:
            parts.append((part, int(span[0]), int(span[1])))
    return parts


def claim_summary(c: StoredClaim) -> str:
    """A few words saying what a claim states, for tooltips and the facts list."""
    d = c.data
    if c.kind == "review":
        score = (d.get("score") or {}).get("as_written") or d.get("status") or "no score"
        return f"review, {byline(d.get('author'))}: {score}"
    if c.kind == "cast":
        return f"{d.get('character')} voiced by {d.get('actor') or 'an actor not named'}"
    if c.kind == "episode":
        score = (d.get("score") or {}).get("as_written")
        return f"episode {d.get('number')}: {d.get('title') or ''} {score or ''}".strip()
    if c.kind in ("site_score",):
        return f"site score {(d.get('score') or {}).get('as_written')}"
    for key in ("name", "value", "date", "text", "person"):
        if d.get(key) is not None:
            value = str(d[key])
            return f"{words(c.kind)}: {shorten(value, 80)}"
    return words(c.kind)


def fact_link(c: StoredClaim) -> str | None:
    if c.title_id is None:
        return None
    return f"/titles/{c.title_id}#{SECTION_OF.get(c.kind, 'facts')}"


def marks_of(
    claims: list[StoredClaim], length: int, quoted: tuple[int, int] | None = None
) -> list[Mark]:
    """Claims (their named parts, and a quoted range) as marks, ordered for one left-to-right
    pass; the quoted range opens first so its anchor is ``span-START-END``."""
    spans: list[tuple[StoredClaim | None, str, int, int]] = [
        (c, part, s, e) for c in claims for part, s, e in claim_parts(c)
    ]
    if quoted is not None:
        spans.append((None, "quote", quoted[0], quoted[1]))
    spans.sort(key=lambda x: (x[2], -x[3], x[0].id if x[0] else -1))
    used: set[str] = set()
    out: list[Mark] = []
    for c, part, s, e in spans:
        start, end = max(0, s), min(length, e)
        if end <= start:
            continue
        anchor = f"span-{s}-{e}"
        if anchor in used:
            anchor = f"claim-{c.id}-{part}" if c else f"quote-{s}-{e}"
        used.add(anchor)
        out.append(Mark(c, start, end, part, anchor))
    return out


def highlight(
    text: str, claims: list[StoredClaim], quoted: tuple[int, int] | None = None
) -> Markup:
    """``text`` escaped, with each claim's span wrapped in a nested ``<mark>``."""
    parts: list[str] = []
    stack: list[int] = []  # end offsets of open marks
    pos = 0
    for mark in marks_of(claims, len(text), quoted):
        while stack and stack[-1] <= mark.start:
            parts.append(str(escape(text[pos : stack[-1]])) + "</mark>")
            pos = stack.pop()
        end = min(mark.end, stack[-1]) if stack else mark.end
        parts.append(str(escape(text[pos : mark.start])))
        parts.append(_open_tag(mark))
        pos = mark.start
        stack.append(end)
    while stack:
        parts.append(str(escape(text[pos : stack[-1]])) + "</mark>")
        pos = stack.pop()
    parts.append(str(escape(text[pos:])))
    return Markup("".join(parts))


def _open_tag(mark: Mark) -> str:
    c = mark.claim
    if c is None:
        return str(
            Markup('<mark id="{}" class="k-quote" title="{}">').format(
                mark.anchor, "the sentence quoted on the title page"
            )
        )
    return str(
        Markup('<mark id="{}" class="k-{}{}" data-claim="{}" title="{}">').format(
            mark.anchor,
            c.kind,
            f" part-{mark.part}" if mark.part else "",
            c.id,
            f"{mark.part} of " * bool(mark.part) + claim_summary(c),
        )
    )


def document_page(store: Store, document_id: int) -> dict[str, Any]:
    """The document's metadata, stored text and every claim with its span (the JSON twin)."""
    document = store.document(document_id) if storable_id(store, document_id) else None
    if document is None:
        raise NotFound(f"no document with id {document_id}")
    text = store.document_text(document_id) or ""
    claims = store.claims(document_id=document_id)
    name = source_names(store, {document.id: document})[document.id]
    return {
        "id": document.id,
        "source": document.url or name["file"],
        "label": name["label"],
        "name": name,
        "url": safe_url(document.url),
        "kind": document.kind,
        "subject": document.subject,
        "sha256": document.sha256,
        "text": text,
        "spans": [
            {
                "claim": c.id,
                "kind": c.kind,
                "start": c.span[0],
                "end": c.span[1],
                "anchor": f"span-{c.span[0]}-{c.span[1]}",
                "summary": claim_summary(c),
                "title_id": c.title_id,
                "fact": fact_link(c),
                "data": c.data,
            }
            for c in claims
        ],
    }


def highlighted_text(
    store: Store, document_id: int, quoted: tuple[int, int] | None = None
) -> Markup:
    """The HTML of the document view's text: every claim's span marked, and ``quoted``."""
    text = store.document_text(document_id) or ""
    return highlight(text, store.claims(document_id=document_id), quoted)
