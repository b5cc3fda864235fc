"""Quality gate: database pages of nine sites kansou has no adapter for, read by the general routes.

For every page in ``expected/sites/`` (``page`` is relative to ``../shared/sites/``) the page
goes through ``pipeline.process`` exactly as ``kansou ingest`` runs it (clean, structured
data, general extraction), each claim becomes the tuple of ``FACT_KEYS``, and precision and
recall are counted per fact type over all pages. Facts are compared as sets per page: the
same fact stated twice (by the page's JSON-LD and by its facts box) is one fact, while two
different values of it (24 "studios") are two. Every page is scored on every fact type: a
kind a page does not state is expected empty, so anything extracted there counts against
precision (a listing page has no studio, a movie page no episode rows unless it shows them).

The gate also checks each page's kind and subject, and that each claim's span shows its value.

Unseen sites: imdb, livechart and wikipedia were drawn before any page was read
(``expected/sites/README.md``); no rule was written or tuned on them, and their expected facts
were written only after the rules were frozen (commit ``c19999e``). Measured then, the unseen
sites gave (precision, recall): title (0.39, 0.50), media_type (1.0, 0.36), episode_count
(1.0, 0.50), status (1.0, 1.0), date (0.80, 0.27), studio (0.86, 0.55), site_score (1.0, 1.0),
cast (-, 0.0), episode (0.80, 0.57), listing_entry (0.32, 1.0); kind right on 8 of 16 pages,
subject on 7. A few general rules were added after that measurement, informed by those pages
(commit message of ``Sites, after the first measurement...``); ``UNSEEN_MINIMUMS`` pins the
figures reached with them, which are therefore no longer a measure on unseen pages: the
first-run figures above are.

The minimums are what the rules reached when the gate was written; never lower them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from kansou.errors import DocumentRejected
from kansou.model import Claim, Document, Extraction
from kansou.pipeline import process

pytestmark = pytest.mark.gate

EXPECTED = Path(__file__).resolve().parent / "expected" / "sites"
SITES = Path(__file__).resolve().parents[2] / ".." / "shared" / "sites"

Key = tuple[Any, ...]


def _date_key(d: Mapping[str, Any]) -> Key | None:
    """A run's first and last dates; a one-off "release" is the start of its run."""
    role = d.get("reconciled_role") or d.get("role")
    role = "start" if role == "release" else role
    return (role, d.get("date")) if role in ("start", "end") else None


def _score_key(d: Mapping[str, Any]) -> Key:
    return (d["score"]["value"], d["score"]["scale_max"], d.get("votes"))


#: Claim payload -> the tuple compared with the labels (None: the claim is not of this type).
FACT_KEYS: dict[str, tuple[str, Callable[[Mapping[str, Any]], Key | None]]] = {
    "title": ("title", lambda d: (d["name"],)),
    "media_type": ("media_type", lambda d: (d["value"],)),
    "episode_count": ("episode_count", lambda d: (d["value"],)),
    "status": ("status", lambda d: (d["value"],)),
    "date": ("date", _date_key),
    "studio": ("studio", lambda d: (d["name"],)),
    "site_score": ("site_score", _score_key),
    "cast": ("cast", lambda d: (d["character"], d["actor"]) if d.get("character") else None),
    "cast_member": ("cast", lambda d: None if d.get("character") else (d["actor"],)),
    "episode": ("episode", lambda d: (d["number"], d["title"])),
    "listing_entry": ("listing_entry", lambda d: (d["name"],)),
}

#: (precision, recall) reached per fact type on all pages; never lower these.
MINIMUMS: dict[str, tuple[float, float]] = {
    "title": (0.6792, 0.7826),
    "media_type": (1.0, 0.8205),
    "episode_count": (1.0, 1.0),
    "status": (1.0, 0.7273),
    "date": (0.9804, 0.8929),
    "studio": (0.8205, 0.8205),
    "site_score": (1.0, 1.0),
    "cast": (1.0, 0.9865),
    "cast_member": (1.0, 1.0),
    "episode": (0.9056, 0.7641),
    "listing_entry": (0.9831, 1.0),
}
#: The same on the unseen sites alone.
UNSEEN_MINIMUMS: dict[str, tuple[float, float]] = {
    "title": (0.4118, 0.5),
    "media_type": (1.0, 0.3636),
    "episode_count": (1.0, 1.0),
    "status": (1.0, 1.0),
    "date": (0.9, 0.6),
    "studio": (0.8571, 0.5455),
    "site_score": (1.0, 1.0),
    "cast": (1.0, 0.0),
    "cast_member": (1.0, 1.0),
    "episode": (0.8172, 0.6016),
    "listing_entry": (0.5357, 1.0),
}
#: Share of pages whose kind / subject is the labelled one (all pages, unseen sites). Kinds
#: and subjects are decided by ``kansou.classify`` and ``general.subject``; see the README.
PAGE_MINIMUMS: dict[str, float] = {
    "all kind": 0.4615,
    "all subject": 0.7115,
    "unseen kind": 0.5,
    "unseen subject": 0.5,
}
#: Share of claims per fact type whose span text shows the stated value. A value that is
#: only in the markup (a JSON-LD date, a microdata ``content``) gets the page's title block
#: (``kansou.extract.structured``), which is why dates and cast sit below 1.
SPAN_MINIMUMS: dict[str, float] = {
    "title": 1.0,
    "media_type": 0.8378,
    "episode_count": 1.0,
    "status": 1.0,
    "date": 0.5362,
    "studio": 1.0,
    "site_score": 0.9231,
    "cast": 0.7232,
    "episode": 1.0,
    "listing_entry": 1.0,
}


def _shown(claim: Claim) -> list[str]:
    """Strings of which a span of this claim must show one."""
    d = claim.data
    kind = claim.kind.value
    if kind in ("title", "studio", "listing_entry"):
        return [d["name"]]
    if kind in ("media_type", "episode_count", "status"):
        return [str(d.get("as_written") or d["value"])]
    if kind == "date":
        return [str(d.get("as_written") or d["date"])]
    if kind == "site_score":
        return [str(d["score"]["as_written"]).split("/")[0]]
    if kind == "cast":
        return [d["actor"] or d["character"]]
    if kind == "episode":
        return [d["title"] or str(d["number"])]
    return []


def _extract(page: Path) -> tuple[str, Extraction | None]:
    document = Document(str(page), page.read_bytes(), "text/html")
    try:
        processed = process(document)
    except DocumentRejected:
        return "", None
    return processed.cleaned.text, processed.extraction


class Tally:
    """Per fact type: true positives, extracted and expected counts; page and span checks."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.got: Counter[str] = Counter()
        self.want: Counter[str] = Counter()
        self.pages: Counter[str] = Counter()
        self.span_ok: Counter[str] = Counter()
        self.claims: Counter[str] = Counter()
        self.misses: list[str] = []

    def add(self, fact: str, got: set[Key], want: set[Key], page: str) -> None:
        self.tp[fact] += len(got & want)
        self.got[fact] += len(got)
        self.want[fact] += len(want)
        for key in sorted(got - want, key=repr)[:3]:
            self.misses.append(f"{page}: {fact} extra {key}")
        for key in sorted(want - got, key=repr)[:3]:
            self.misses.append(f"{page}: {fact} missing {key}")

    def scores(self) -> dict[str, tuple[float, float]]:
        return {
            k: (round(self.tp[k] / self.got[k], 4) if self.got[k] else 1.0,
                round(self.tp[k] / self.want[k], 4) if self.want[k] else 1.0)
            for k in FACT_KEYS
        }  # fmt: skip


def _score_page(tally: Tally, spec: Mapping[str, Any]) -> None:
    text, extraction = _extract(SITES / spec["page"])
    claims = list(extraction.claims) if extraction else []
    for fact, (kind, key) in FACT_KEYS.items():
        mine = [c for c in claims if c.kind.value == kind]
        got = {k for c in mine if (k := key(c.data)) is not None}
        want = {tuple(x) for x in spec["facts"].get(fact, [])}
        tally.add(fact, got, want, spec["page"])
    for claim in claims:
        shown = text[claim.span.start : claim.span.end]
        tally.claims[claim.kind.value] += 1
        tally.span_ok[claim.kind.value] += any(s and s in shown for s in _shown(claim))
    tally.pages["pages"] += 1
    tally.pages["kind"] += (extraction.kind.value if extraction else None) == spec["kind"]
    tally.pages["subject"] += (extraction.subject if extraction else None) == spec["subject"]


@pytest.fixture(scope="module")
def tallies() -> dict[str, Tally]:
    if not SITES.exists():
        pytest.skip(f"../shared is missing ({SITES}): clone the project with shared/ beside it")
    out = {"all": Tally(), "unseen": Tally()}
    for path in sorted(EXPECTED.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        _score_page(out["all"], spec)
        if spec["unseen"]:
            _score_page(out["unseen"], spec)
    return out


def _report(name: str, tally: Tally) -> str:
    rows = [
        f"{k:14} precision {p:.4f} recall {r:.4f}  ({tally.tp[k]} of {tally.got[k]} extracted, "
        f"{tally.want[k]} expected)"
        for k, (p, r) in tally.scores().items()
    ]
    pages = tally.pages["pages"]
    rows.append(f"kind right on {tally.pages['kind']} of {pages} pages, "
                f"subject right on {tally.pages['subject']} of {pages}")  # fmt: skip
    return f"{name}:\n" + "\n".join(rows)


def _check(scores: Mapping[str, tuple[float, float]], floors: Mapping[str, tuple[float, float]],
           name: str) -> None:  # fmt: skip
    assert set(floors) == set(FACT_KEYS), "pin a minimum for every fact type"
    for fact, (precision, recall) in scores.items():
        floor_p, floor_r = floors[fact]
        assert precision >= floor_p, f"{name} {fact} precision {precision} < {floor_p}"
        assert recall >= floor_r, f"{name} {fact} recall {recall} < {floor_r}"


def test_precision_and_recall_per_fact_type(tallies: dict[str, Tally]) -> None:
    print(_report("all site pages", tallies["all"]))
    _check(tallies["all"].scores(), MINIMUMS, "all")


def test_unseen_sites(tallies: dict[str, Tally]) -> None:
    print(_report("unseen sites (imdb, livechart, wikipedia)", tallies["unseen"]))
    _check(tallies["unseen"].scores(), UNSEEN_MINIMUMS, "unseen")


def test_page_kind_and_subject(tallies: dict[str, Tally]) -> None:
    for name, tally in tallies.items():
        pages = tally.pages["pages"]
        for check in ("kind", "subject"):
            share = round(tally.pages[check] / pages, 4)
            floor = PAGE_MINIMUMS[f"{name} {check}"]
            assert share >= floor, f"{name}: {check} right on {share} of pages < {floor}"


def test_spans_show_the_stated_values(tallies: dict[str, Tally]) -> None:
    all_ = tallies["all"]
    shares = {
        k: round(all_.span_ok[k] / n, 4) for k, n in all_.claims.items() if k in SPAN_MINIMUMS
    }
    print("span shows value:", shares)
    for kind, floor in SPAN_MINIMUMS.items():
        assert shares.get(kind, 1.0) >= floor, f"{kind}: {shares.get(kind)} of spans show the value"
