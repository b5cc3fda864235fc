"""Quality gate: the source adapters on the 86 recorded answers, against facts read from them.

Every expected fact of ``tests/services/expected.py`` must be found (recall),
every site aggregate and review found must be expected (precision), the
counts of listed things must be exact, and every claim's span must show its
value in the stored text, so the title page's links land on the field. The
figures are pinned at 1.0. No service was held out: each adapter was written
from its own service's recordings (one schema per service), so the figure
says the adapters read those schemas, not that they generalise to an unseen one.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from kansou.model import Claim, Document
from kansou.pipeline import Processed, process
from tests.conftest import shared_path
from tests.services.expected import EXPECTED, NOTHING
from tests.services.replay import read_recordings

pytestmark = pytest.mark.gate
VALUE_KEYS = ("name", "character", "actor", "person", "value", "number", "title", "author")


def _process(path: str, request: str | None = None) -> Processed:
    raw = shared_path("apis", *path.split("/")).read_bytes()
    media = "application/xml" if path.endswith(".xml") else "application/json"
    return process(Document(source=request or f"file {path}", raw=raw, media_type=media))


def _contains(claim: Claim, data: dict[str, Any]) -> bool:
    return all(claim.data.get(k) == v for k, v in data.items())


def _scores(processed: Processed) -> set[tuple[Any, ...]]:
    return {
        (c.data["measure"], c.data["score"]["as_written"], c.data["score"]["scale_max"],
         c.data.get("votes"))
        for c in processed.extraction.claims if c.kind == "site_score"
    }  # fmt: skip


@pytest.fixture(scope="module")
def results() -> dict[str, Processed]:
    return {path: _process(path, e.get("request")) for path, e in EXPECTED.items()}


#: Recording folder -> the adapter that must read its answers.
ADAPTERS = {"anilist": "anilist", "jikan-v4": "jikan", "jikan-v3": "jikan", "kitsu": "kitsu",
            "mal-v2": "mal-api", "anidb": "anidb"}  # fmt: skip


def test_every_recorded_answer_is_read_by_its_own_services_adapter() -> None:
    """Each 200 answer (the 49 with expected facts and the rest) is read by the adapter of
    its service, and only by it; the 9 that state nothing about an anime are refused."""
    recorded = [r for r in read_recordings(shared_path("apis")) if r.status == 200]
    readable = [r.file for r in recorded if not r.file.endswith(".html")]
    assert set(EXPECTED) <= set(readable)
    read = 0
    for path in readable:
        if path in NOTHING:  # the 7 of them recorded as a 200 answer
            continue
        got = _process(path, EXPECTED.get(path, {}).get("request"))
        assert got.extraction.extractors == (ADAPTERS[path.split("/")[0]],), path
        read += 1
    assert read == len(readable) - len(set(NOTHING) & set(readable)) == 71


@pytest.mark.parametrize("path", NOTHING)
def test_answers_without_anime_facts_store_nothing(path: str) -> None:
    from kansou.errors import DocumentRejected

    with pytest.raises(DocumentRejected):
        _process(path)


def test_gate_recall_precision_and_counts(results: dict[str, Processed]) -> None:
    expected_n = found_n = extra = 0
    misses: list[str] = []
    for path, e in EXPECTED.items():
        got = results[path]
        claims = got.extraction.claims
        checks: list[tuple[str, bool]] = [("subject", got.extraction.subject == e["subject"])]
        title = next((c for c in claims if c.kind == "title"), None)
        for site, ident in e.get("ids", {}).items():
            ids = title.data.get("source_ids", {}) if title else {}
            checks.append((f"id {site}", ids.get(site) == ident))
        if "scores" in e:
            want, have = set(e["scores"]), _scores(got)
            checks += [(f"score {s}", s in have) for s in want]
            extra += len(have - want)
            misses += [f"{path}: unexpected score {s}" for s in have - want]
        counts = Counter(str(c.kind) for c in claims)
        checks += [(f"{k} count {n} (got {counts[k]})", counts[k] == n)
                   for k, n in e.get("counts", {}).items()]  # fmt: skip
        checks += [(f"{kind} {data}", any(c.kind == kind and _contains(c, data) for c in claims))
                   for kind, data in e.get("facts", [])]  # fmt: skip
        checks += _review_checks(claims, e)
        checks += _episode_checks(claims, e)
        for name, ok in checks:
            expected_n += 1
            found_n += ok
            if not ok:
                misses.append(f"{path}: {name}")
    recall = found_n / expected_n
    print(f"\nservice adapters: {found_n}/{expected_n} expected facts, {extra} unexpected scores")
    assert misses == []
    assert recall == 1.0 and extra == 0
    assert expected_n >= 210


def _review_checks(claims: tuple[Claim, ...], e: dict[str, Any]) -> list[tuple[str, bool]]:
    reviews = [c for c in claims if c.kind == "review"]
    out = []
    for written, scale, aspects in e.get("reviews", []):
        match = [
            r for r in reviews if r.data["score"]["as_written"] == written
            and r.data["score"]["scale_max"] == scale
            and {k: v["as_written"] for k, v in r.data["aspects"].items()} == aspects
        ]  # fmt: skip
        out.append((f"review {written}/{scale:g} {aspects}", len(match) == 1))
    for subject in e.get("subjects", []):
        out.append((f"review of {subject}", any(r.subject == subject for r in reviews)))
    return out


def _episode_checks(claims: tuple[Claim, ...], e: dict[str, Any]) -> list[tuple[str, bool]]:
    episodes = {c.data["number"]: c for c in claims if c.kind == "episode"}
    return [
        (f"episode {n} scored {w}",
         n in episodes and (episodes[n].data.get("score") or {}).get("as_written") == w)
        for n, w in e.get("episode_scores", {}).items()
    ]  # fmt: skip


def _flat(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _flat(v)
    elif isinstance(value, list):
        for v in value:
            yield from _flat(v)
    else:
        yield str(value)


def _shown(text: str, value: Any) -> bool:
    """Whether the span's text states ``value``: as JSON (a field, a list item) or as XML."""
    wanted = str(value)
    if wanted in html.unescape(text):
        return True
    for candidate in (text, "{" + text + "}"):
        try:
            decoded = json.loads(candidate)
        except ValueError:
            continue
        return any(wanted in part for part in _flat(decoded))
    return False


def test_every_claim_span_shows_its_value(results: dict[str, Processed]) -> None:
    """The stored text under each claim's span holds what the claim says; a score's own
    span is exactly the number as written."""
    bad: list[str] = []
    checked = 0
    for path, got in results.items():
        text = got.cleaned.text
        for c in got.extraction.claims:
            shown = text[c.span.start : c.span.end]
            score = c.data.get("score") if isinstance(c.data.get("score"), dict) else None
            if score and score.get("span"):
                start, end = score["span"]
                checked += 1
                if text[start:end].strip('"') != score["as_written"] and not _shown(
                    text[start:end], score["as_written"]
                ):
                    bad.append(f"{path}: score {score['as_written']!r} at {text[start:end]!r}")
            if c.kind == "date":  # a date is written as its parts ({"year": 1998, ...})
                checked += 1
                if str(c.data["date"])[:4] not in shown:
                    bad.append(f"{path}: date {c.data['date']} not in {shown[:80]!r}")
                continue
            for key in ("as_written", *VALUE_KEYS):
                value = c.data.get(key)
                if value is None or (c.kind == "title" and key != "name"):
                    continue
                checked += 1
                if not _shown(shown, value):
                    bad.append(f"{path}: {c.kind}.{key} {value!r} not in {shown[:80]!r}")
                break
    assert bad == []
    assert checked >= 2596
