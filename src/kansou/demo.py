"""The bundled demo: four real pages about one show, as four different sites wrote them."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir


def demo_inputs() -> list[str]:
    """Paths of the sample documents shipped inside the package."""
    seeds = files("kansou") / "demo_data" / "seeds"
    return [str(Path(str(seeds)))]


def demo_database() -> Path:
    return Path(user_data_dir("kansou", appauthor=False)) / "demo.sqlite"


def demo_title() -> str:
    return "Metallic Rouge"
