"""Rich renderings for the terminal: the ingest summary and the reception card.

Scraped text is printed with ``markup=False`` / ``Text`` objects so that a
page's brackets can never be read as Rich markup.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kansou.aggregate.catalog import season_words
from kansou.store import StoredDocument
from kansou.wording import byline, counted, is_hashtag, origin_words, shorten, words

if TYPE_CHECKING:
    from kansou.pipeline import IngestReport


def render_ingest_summary(console: Console, report: IngestReport) -> None:
    table = Table(title="Ingest", show_edge=False)
    for col in ("document", "status", "kind", "facts"):
        table.add_column(col, overflow="fold")
    for o in report.outcomes:
        facts = ", ".join(counted(n, k) for k, n in sorted(o.counts.items())) if o.counts else ""
        table.add_row(
            Text(_short(o.source)), o.status, o.kind or "", Text(facts or str(o.n_claims or ""))
        )
    console.print(table)
    kinds = Counter(o.kind for o in report.outcomes if o.kind)
    _line(
        console,
        Text(
            f"{report.count('stored')} stored, {report.count('unchanged')} unchanged, "
            f"{report.count('rejected')} rejected"
            + (f"  ({', '.join(counted(n, k) for k, n in kinds.most_common())})" if kinds else "")
        ),
    )


def _line(console: Console, text: Text) -> None:
    """One line of the card, never wrapped mid-fact (terminals and pipes alike)."""
    console.print(text, soft_wrap=True)


def _short(source: str) -> str:
    return source if len(source) <= 60 else "…" + source[-59:]


def _fmt(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def render_card(
    console: Console, title: dict[str, Any], documents: dict[int, StoredDocument]
) -> None:
    """The reception card: facts, consensus, site scores, reviews, episodes, cast, similar."""
    _line(console, Text(title["name"], style="bold"))
    names = [a for a in title["aliases"] if not is_hashtag(a)]
    tags = [a for a in title["aliases"] if is_hashtag(a)]
    if names:
        _line(console, Text("also written: " + " · ".join(names), style="dim"))
    if tags:
        _line(console, Text("tagged " + " ".join(tags), style="dim"))
    facts = [
        title.get("type"),
        counted(title["episodes"], "episode") if title.get("episodes") else None,
        f"{title['episode_minutes']} min" if title.get("episode_minutes") else None,
        title.get("status"),
        " to ".join(d for d in (title.get("start_date"), title.get("end_date")) if d) or None,
        season_words(title.get("season")),
        ", ".join(title["studios"]) or None,
        ", ".join(title.get("genres") or []) or None,
    ]
    _line(console, Text(" · ".join(str(f) for f in facts if f)))
    _consensus(console, title)
    render_service_scores(console, title)
    _aspects(console, title)
    _points(console, title)
    _reviews(console, title, documents)
    _episodes(console, title)
    _cast(console, title)
    if title["similar"]:
        _line(console, Text("Similar: " + ", ".join(title["similar"])))
    for conflict in title["conflicts"]:
        said = [f"{s['value']} ({_label(title, s['document'])})" for s in conflict["stated"]]
        said += [f"{s['value']} ({_catalog_source(s)})" for s in conflict.get("catalog", [])]
        _line(console, Text(f"sources disagree on {words(conflict['field'])}: {'; '.join(said)}",
                            style="yellow"))  # fmt: skip


def _label(title: dict[str, Any], document: int | None) -> str:
    """A document as the reader names it (``aggregate.sources``)."""
    return str((title.get("sources") or {}).get(str(document), {}).get("label") or "a page")


def _catalog_source(statement: dict[str, Any]) -> str:
    return f"{statement['catalog_name']} catalog, {statement['file']} line {statement['line']}"


def _consensus(console: Console, title: dict[str, Any]) -> None:
    c = title["consensus"]
    verdict = c.get("verdict") or {}
    if c["n"]:
        _line(
            console,
            Text(
                f"Consensus {_fmt(c['score'])}/100: {verdict.get('words', '')}  "
                f"({int(c['interval'] * 100)}% interval {_fmt(c['low'])}–{_fmt(c['high'])}, "
                f"{counted(c['n'], 'review')}; the reviews' own mean {_fmt(c['raw_mean'])})",
                style="bold",
            ),
        )
        if verdict.get("could_be"):
            _line(console, Text(f"  could still be {' or '.join(verdict['could_be'])}"))
    else:
        console.print("Consensus: no verdict yet (no review with a score has been read)")
    if verdict.get("why") and c["n"]:
        _line(console, Text(f"  {verdict['why']}", style="dim"))
    cal = title.get("consensus_calibrated") or {}
    if cal.get("n"):
        _line(
            console,
            Text(
                f"Calibrated for each reviewer's leniency: {_fmt(cal['score'])}/100 "
                f"({_fmt(cal['low'])}–{_fmt(cal['high'])})"
            ),
        )
    for s in title["site_scores"]:
        votes = f", {counted(s['votes'], 'vote')}" if s.get("votes") else ""
        if s.get("members"):
            votes += f", {counted(s['members'], 'member')}"
        where = _catalog_source(s["catalog"]) if s.get("catalog") else _label(title, s["document"])
        _line(
            console,
            Text(
                f"Site score {s['value']:g}/{s['scale_max']:g} = {_fmt(s['normalized'])}/100 "
                f"({where}{votes}; a site aggregate, not a review)"
            ),
        )


def render_service_scores(console: Console, title: dict[str, Any]) -> None:
    """Every site's own score side by side, and how they differ from the reviews."""
    scores = title.get("service_scores") or {}
    if not scores.get("sites"):
        return
    table = Table(title="Every site's own score", show_edge=False)
    for col in ("site", "as written", "/100", "votes", "rank", "popularity", "fetched", "link"):
        table.add_column(col, overflow="fold")
    for s in scores["sites"]:
        table.add_row(
            Text(s["site"] + ("" if s["measure"] == "score" else f" ({s['measure']})")),
            Text(s["shown"]),
            _fmt(s["normalized"]),
            *(f"{s[f]:,}" if isinstance(s.get(f), int) else "–"
              for f in ("votes", "rank", "popularity")),
            Text(s["fetched_at"] or "from a page"),
            Text(s.get("link") or ""),
        )  # fmt: skip
    console.print(table)
    comparison = scores["comparison"]
    said = comparison["summary"] + (
        f": {comparison['differences']}" if comparison.get("differences") else ""
    )
    _line(console, Text(said))


#: Reviews shown on the card; the rest are counted (all are in the export and the UI).
CARD_REVIEWS = 12


def _reviews(console: Console, title: dict[str, Any], documents: dict[int, StoredDocument]) -> None:
    every = title.get("reviews") or []
    if not every:
        return
    reviews = sorted(every, key=lambda r: -(r.get("helpful") or 0))[:CARD_REVIEWS]
    table = Table(title="Reviews", show_edge=False)
    for col in ("score", "/100", "author", "headline", "source"):
        table.add_column(col, overflow="fold")
    for r in reviews:
        score = r["score"]
        table.add_row(
            Text(
                score.get("as_written") or f"{score['value']:g}/{score['scale_max']:g}"
                if score
                else (r.get("status") or "no score")
            ),
            _fmt(score["normalized"] if score else None, 0),
            Text(byline(r.get("author"))),
            Text(shorten(r.get("headline") or "", 80)),
            Text(_label(title, r["document"])),
        )
    console.print(table)
    if len(every) > len(reviews):
        more = counted(len(every) - len(reviews), "more review")
        _line(console, Text(f"… and {more} (the most helpful are shown)"))


def _aspects(console: Console, title: dict[str, Any]) -> None:
    aspects = title.get("aspects") or {}
    if not aspects:
        return
    table = Table(title="Aspects", show_edge=False)
    for col in ("aspect", "/100", "interval", "reviews", "from"):
        table.add_column(col)
    for name, a in aspects.items():
        origin = origin_words(a.get("stated", 0), a.get("text", 0))
        table.add_row(
            words(name),
            _fmt(a["score"]),
            f"{_fmt(a['low'])}–{_fmt(a['high'])}",
            str(a["n"]),
            origin,
        )
    console.print(table)
    for name, a in aspects.items():
        if a.get("disagreement"):
            note = f"  {words(name)}: sources differ: {a['disagreement']['note']}"
            _line(console, Text(note, style="yellow"))


#: Recurring points shown per side on the card.
CARD_POINTS = 4


def _points(console: Console, title: dict[str, Any]) -> None:
    for side, style in (("praise", "green"), ("criticism", "red")):
        for point in (title.get(side) or [])[:CARD_POINTS]:
            _line(
                console,
                Text(
                    f"{'+' if side == 'praise' else '-'} {point['point']} "
                    f"({counted(point['n_reviews'], 'review')})",
                    style=style,
                ),
            )
            if point["quotes"]:
                quote = point["quotes"][0]["text"]
                _line(console, Text(f"    “{shorten(quote, 160)}”", style="dim"))


def _as_written(score: dict[str, Any]) -> str:
    """The score as the page wrote it, with its scale when the page left it implicit."""
    written = str(score.get("as_written") or "")
    if written and not written.replace(".", "").isdigit():
        return written
    return f"{score['value']:g}/{score['scale_max']:g}"


def _episodes(console: Console, title: dict[str, Any]) -> None:
    rows = title["episodes_list"]
    if not rows:
        return
    timeline = title.get("timeline") or {}
    table = Table(title="Episodes", show_edge=False)
    for col in ("#", "title", "score", "/100"):
        table.add_column(col)
    for row in rows:
        scores = row["scores"]
        written = ", ".join(f"{s['value']:g}/{s['scale_max']:g}" for s in scores)
        mean = sum(s["normalized"] for s in scores) / len(scores) if scores else None
        table.add_row(str(row["number"]), Text(row["title"] or ""), written, _fmt(mean, 0))
    console.print(table)
    for side in ("weakest", "strongest"):
        named = ", ".join(f"{e['number']} ({e['title'] or '?'})" for e in timeline.get(side, []))
        if named:
            _line(console, Text(f"{side.capitalize()} episodes: {named}"))


def _cast(console: Console, title: dict[str, Any]) -> None:
    if not title["cast"]:
        return
    table = Table(title="Cast", show_edge=False)
    table.add_column("character")
    table.add_column("voice actor")
    cast = title["cast"]
    languages = {c.get("language") for c in cast}
    if "Japanese" in languages:  # the original cast; dubs are in the export and the UI
        cast = [c for c in cast if c.get("language") in ("Japanese", None)]
    for pair in cast[:30]:
        table.add_row(Text(pair["character"] or ""), Text(pair["actor"] or "–"))
    console.print(table)


def render_inspection(console: Console, reading: dict[str, Any]) -> None:
    """How one page was read (``kansou inspect``): the verdict on the page, its subjects,
    and a table of every score candidate with its decision and the reasons."""
    _line(console, Text(reading["source"], style="bold"))
    if not reading.get("stored"):
        _line(console, Text(f"  not stored: {reading.get('reason')}"))
    detail = reading.get("reading") or {}
    if "kind" not in reading:
        return
    _line(
        console,
        Text(
            f"  kind {reading['kind']}"
            + (f" ({detail['why']})" if detail.get("why") else "")
            + f" · language {reading.get('language') or 'unknown'}"
        ),
    )
    if detail.get("headline"):
        _line(console, Text(f"  headline: {detail['headline']}"))
    subject = detail.get("subject")
    if subject:
        _line(console, Text(f"  about: {subject['name']} (from the {subject['found_by']})"))
    for review in reading.get("reviews") or []:
        score = review["score"] or "no score"
        episode = f" episode {review['episode']}" if review.get("episode") is not None else ""
        _line(
            console,
            Text(f"  review of {review['subject'] or 'the page subject'}{episode}: {score}"),
        )
    candidates = detail.get("candidates") or []
    if not candidates:
        return
    table = Table(show_edge=False, title="score candidates")
    for col in ("line", "written", "label", "decision", "for", "weight", "reasons"):
        table.add_column(col, overflow="fold")
    for c in candidates:
        decision = c["decision"] + (f" ({c['aspect']})" if c.get("aspect") else "")
        table.add_row(
            str(c["line"]),
            Text(c["text"]),
            Text(c["label"] or ""),
            decision,
            Text(c.get("review") or ""),
            f"{c['weight']:+g}",
            Text(", ".join(c["reasons"])),
        )
    console.print(table)
