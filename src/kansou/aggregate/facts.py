"""A title's facts chosen from every document's claims, with conflicts kept visible.

Decisions:

- A field's value is the one with the most support: claims are grouped by
  value and ranked by (best confidence, number of documents). Lower-ranked
  values are not dropped: they are listed as a conflict with their sources.
- Dates: a claim counts for the role it was reconciled to ("RELEASE April 4"
  on a page that also says it "Ended in April 4" is an end date); an
  unreconciled "release" date is read as a start date only when nothing
  else names a start.
- Studios are grouped by ``studio_key`` ("bones", "BONES", "Bones Studios" are
  one studio) and shown in their best-cased spelling.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from kansou.resolve.names import display_preference, studio_key
from kansou.store import StoredClaim

DATE_ROLES = ("start", "end")


@dataclass(frozen=True)
class Choice:
    """The chosen value of one field and every value stated for it, with sources."""

    value: Any
    stated: list[dict[str, Any]]

    @property
    def conflicting(self) -> bool:
        return len({repr(s["value"]) for s in self.stated}) > 1


def provenance(claim: StoredClaim, value: Any) -> dict[str, Any]:
    return {
        "value": value,
        "document": claim.document_id,
        "span": list(claim.span),
        "confidence": claim.confidence,
        "claim": claim.id,
    }


def choose(
    claims: Iterable[StoredClaim],
    value_of: Callable[[StoredClaim], Any],
    key: Callable[[Any], Hashable] = lambda v: v,
) -> Choice | None:
    """Pick the best-supported value; keep every statement for the conflict view."""
    groups: dict[Hashable, list[tuple[StoredClaim, Any]]] = defaultdict(list)
    for claim in claims:
        value = value_of(claim)
        if value is not None:
            groups[key(value)].append((claim, value))
    if not groups:
        return None

    def support(items: list[tuple[StoredClaim, Any]]) -> tuple[float, int]:
        return (max(c.confidence for c, _ in items), len({c.document_id for c, _ in items}))

    best = max(groups.values(), key=support)
    stated = [provenance(c, v) for items in groups.values() for c, v in items]
    return Choice(best[0][1], stated)


def date_choices(claims: list[StoredClaim]) -> dict[str, Choice | None]:
    dates = [c for c in claims if c.kind == "date"]

    def role(c: StoredClaim) -> str:
        return str(c.data.get("reconciled_role") or c.data.get("role"))

    out = {
        r: choose([c for c in dates if role(c) == r], lambda c: c.data.get("date"))
        for r in DATE_ROLES
    }
    if out["start"] is None:
        out["start"] = choose(
            [c for c in dates if role(c) == "release"], lambda c: c.data.get("date")
        )
    return out


def studios(claims: list[StoredClaim]) -> list[dict[str, Any]]:
    """One entry per studio, best spelling first, every spelling seen kept."""
    groups: dict[str, list[StoredClaim]] = defaultdict(list)
    for c in claims:
        if c.kind == "studio" and c.data.get("name"):
            groups[studio_key(c.data["name"])].append(c)
    out = []
    for items in groups.values():
        spellings = sorted({str(c.data["name"]) for c in items}, key=display_preference)
        stated_plainly = [c for c in items if not c.data.get("mention")]
        name = sorted(
            {_studio_display(str(c.data["name"])) for c in stated_plainly or items},
            key=display_preference,
        )[0]
        out.append(
            {
                "name": name,
                "spellings": spellings,
                "documents": sorted({c.document_id for c in items}),
                "confidence": max(c.confidence for c in items),
            }
        )
    return sorted(out, key=lambda s: (-s["confidence"], -len(s["documents"])))


def _studio_display(name: str) -> str:
    """ "Bones Studios" is shown as its key's words in the spelling the page used."""
    key_words = studio_key(name).split()
    words = name.split()
    return " ".join(words[: len(key_words)]) if len(words) > len(key_words) else name
