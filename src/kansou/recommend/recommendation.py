"""What a recommendation is when it leaves the recommend stage."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Recommendation:
    """One title to watch, its blended score (higher is better) and why it was chosen.

    ``reasons`` are short sentences a reader can check, e.g. "shares studio
    Bones", "38% of people who rated Cowboy Bebop rated it 8+",
    "recommended on 2 sites".
    """

    mal_id: int
    name: str
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return {
            "mal_id": self.mal_id,
            "name": self.name,
            "score": round(self.score, 6),
            "reasons": list(self.reasons),
        }
