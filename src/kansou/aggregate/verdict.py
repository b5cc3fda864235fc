"""The verdict of a title beyond its facts: aspects, praise and criticism, episode
timeline, and the consensus calibrated for each source's leniency.

Inputs are the reception's review dicts (``reception.review_json``) plus the
documents' stored text, so every quote and text-derived aspect keeps an
absolute span into its document.

Decisions:

- A review's text is read where it stands in its document (its ``text_span``,
  else the review's own span), never from a re-joined copy, so spans stay true.
- Praise and criticism read reviews and the news articles about the title:
  an article saying "the pacing is all over the place" is criticism too.
- A source (for leniency) is the review's author, else the site it came from;
  leniency is learned from every review in the store, so a harsh critic's 6/10
  counts for more than a lenient one's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kansou.aggregate.aspects import review_aspects, title_aspects
from kansou.aggregate.calibration import LeniencyModel, Rated, consensus_pair, learn_leniency
from kansou.aggregate.episodes import episode_timeline
from kansou.aggregate.points import ReviewText, recurring_points

TextOf = Callable[[int], str]
SCORE_FIELDS = ("value", "scale_max", "normalized", "scale", "as_written")


def review_text(review: dict[str, Any], text_of: TextOf) -> tuple[str, int] | None:
    """The review's body as it stands in its document, with its start offset."""
    where = review.get("text_span") or review.get("span")
    if not where:
        return None
    start, end = int(where[0]), int(where[1])
    body = text_of(int(review["document"]))[start:end]
    return (body, start) if body.strip() else None


def consensus_score(review: Mapping[str, Any]) -> float | None:
    """A review's score on 0-100 where it counts toward the title's consensus: a scale
    the page wrote (an unstated maximum is never guessed), and a review of the whole
    title (an episode review's score belongs to that episode's timeline)."""
    score = review.get("score")
    if not score or score.get("normalized") is None or review.get("episode") is not None:
        return None
    return float(score["normalized"])


def stated_scores(reviews: Sequence[dict[str, Any]]) -> list[float]:
    """The overall scores the reviews state, on 0-100 (those that count, see above)."""
    return [s for r in reviews if (s := consensus_score(r)) is not None]


def with_aspects(reviews: list[dict[str, Any]], text_of: TextOf) -> None:
    """Fill each review's ``aspects``: stated sub-scores, then aspects read from its text."""
    scores = stated_scores(reviews)
    level = sum(scores) / len(scores) if scores else None
    for review in reviews:
        found = review_text(review, text_of)
        text, offset = found if found else (None, 0)
        stated = {
            name: {k: a[k] for k in SCORE_FIELDS if k in a}
            for name, a in (review.get("aspects") or {}).items()
            if a.get("normalized") is not None and a.get("origin", "stated") == "stated"
        }
        aspects = review_aspects(stated, text, offset)
        score = review.get("score") or {}
        own = float(score["normalized"]) if score.get("normalized") is not None else None
        anchor_to_overall(aspects, own if own is not None else level, own is not None)
        review["aspects"] = aspects


def anchor_to_overall(
    aspects: dict[str, dict[str, Any]], level: float | None, own: bool = True
) -> None:
    """Put text-derived aspect scores on the level the scores stated about the title set.

    The clause reader's text-alone reading sits on MyAnimeList's level (its
    reviewers' sub-scores average ~85), which no other site shares: alone it
    would read a 30/100 review's story as a 70. What the text tells across
    sites is relative: how much above or below the review's own overall score
    an aspect reads (``relative``). So a review with an overall score gets
    that score plus ``relative`` (clipped to 0-100); an unscored review of a
    title whose other reviews are scored gets their mean plus ``relative``;
    only where no review states a score does the text alone speak.
    """
    if level is None:
        how = "the text alone (no review of this title states a score)"
    else:
        how = "the review's overall score" if own else "the mean of the title's review scores"
    for entry in aspects.values():
        if entry.get("origin") != "text" or entry.get("method") != "clause reader":
            continue
        normalized = float(entry["normalized"])
        if level is not None:
            normalized = round(min(100.0, max(0.0, level + float(entry["relative"]))), 1)
        entry.update(
            normalized=normalized,
            value=round(normalized / 10.0, 1),
            scale_max=10.0,
            method=f"clause reader, anchored to {how}",
        )


def praise_and_criticism(
    reviews: Sequence[dict[str, Any]], news_documents: Sequence[int], text_of: TextOf
) -> dict[str, list[dict[str, Any]]]:
    texts = []
    for review in reviews:
        found = review_text(review, text_of)
        if found:
            texts.append(ReviewText(int(review["document"]), found[0], found[1]))
    texts += [ReviewText(doc, text_of(doc), 0) for doc in news_documents]
    return recurring_points(texts)


def leniency_model(history: Sequence[tuple[str, int, float]]) -> LeniencyModel:
    """Learn every source's leniency from ``(source, title_id, normalized)`` rows."""
    return learn_leniency(Rated(source, str(title), score) for source, title, score in history)


def review_source(review: dict[str, Any], site: str) -> str:
    return str(review.get("author") or site)


def verdict(
    reviews: list[dict[str, Any]],
    episodes: Sequence[dict[str, Any]],
    news_documents: Sequence[int],
    sites: dict[int, str],
    text_of: TextOf,
    leniency: LeniencyModel,
) -> dict[str, Any]:
    """The verdict fields of a title's reception (reviews gain their ``aspects``)."""
    with_aspects(reviews, text_of)
    scored = [
        (review_source(r, sites.get(int(r["document"]), "")), s)
        for r in reviews
        if (s := consensus_score(r)) is not None
    ]
    found = praise_and_criticism(reviews, news_documents, text_of)
    rows = [
        {"number": e["number"], "title": e.get("title"), "score": score}
        for e in episodes
        for score in e.get("scores") or [None]
    ]
    return {
        "consensus_calibrated": consensus_pair(scored, leniency)["calibrated"],
        "aspects": title_aspects([r["aspects"] for r in reviews], stated_scores(reviews)),
        "praise": found["praise"],
        "criticism": found["criticism"],
        "timeline": episode_timeline(rows).to_dict(),
    }
