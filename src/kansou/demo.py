"""The bundled demo: four real pages about one show, as four different sites wrote them."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir

from kansou.store import Store


def demo_inputs() -> list[str]:
    """Paths of the sample documents shipped inside the package."""
    seeds = files("kansou") / "demo_data" / "seeds"
    return [str(Path(str(seeds)))]


def demo_catalog() -> list[Path]:
    """The bundled catalog slice (MyAnimeList rows and their cross-site ids)."""
    data = Path(str(files("kansou") / "demo_data"))
    return [data / "catalog-slice.csv", data / "catalog-slice-ids.json"]


def import_demo_catalog(store: Store) -> None:
    """Import the slice and link what is already stored to it."""
    from kansou.catalog.link import relink_with_catalog
    from kansou.catalog.merge import import_catalog

    for path in demo_catalog():
        with store.session(write=True) as s:
            import_catalog(s, path, None, None)
    relink_with_catalog(store)


def demo_database() -> Path:
    return Path(user_data_dir("kansou", appauthor=False)) / "demo.sqlite"


def demo_title() -> str:
    return "Metallic Rouge"
