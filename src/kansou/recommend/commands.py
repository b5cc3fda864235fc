"""``kansou recommend``: titles to watch next, for typed titles or for a rater.

``register_commands(app)`` adds the command. Titles, their names and their
content (genres, themes, studios, synopsis) come from what the database holds:
the imported catalogs and the stored pages (``harvest.records_from_store``);
a MAL catalog CSV named by ``--catalog`` / ``KANSOU_CATALOG_CSV`` is read
instead when given. Harvested "similar" links come from the stored pages.
Loading and training show a spinner on a terminal: with a full catalog and
the ratings they take seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from kansou.recommend.blend import SimilarLink
    from kansou.recommend.content import TitleRecord
    from kansou.recommend.recommendation import Recommendation


def catalog_records(ctx: typer.Context, catalog: Path | None) -> list[TitleRecord]:
    """The titles the recommender knows by name and content: the database's, or a CSV's."""
    from kansou.errors import UserError
    from kansou.recommend.catalog import load_mal_catalog_csv

    if catalog is None:
        from kansou.recommend.harvest import records_from_store
        from kansou.store import open_store

        return records_from_store(open_store(ctx.obj.get("db") if ctx.obj else None))
    if not catalog.is_file():
        raise UserError(
            f"no such catalog '{catalog}': expected a MAL catalog CSV (.csv or .csv.gz)"
        )
    return load_mal_catalog_csv(catalog)


def harvested_links(ctx: typer.Context) -> list[SimilarLink]:
    """ "Similar" / recommendation links harvested from the pages in the store."""
    from kansou.recommend.harvest import links_from_store
    from kansou.store import open_store

    return links_from_store(open_store(ctx.obj.get("db") if ctx.obj else None))


def recommend_command(
    ctx: typer.Context,
    titles: Annotated[
        list[str] | None, typer.Argument(help="Titles you liked (names or MAL ids).")
    ] = None,
    user: Annotated[
        int | None, typer.Option("--user", help="A user id of the imported ratings.")
    ] = None,
    n: Annotated[int, typer.Option("-n", "--count", min=1, help="How many titles.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            envvar="KANSOU_CATALOG_CSV",
            help="A MAL catalog CSV for names and content.",
        ),
    ] = None,
) -> None:
    """Recommend what to watch next, each title with the reasons it was chosen."""
    from kansou.errors import UserError
    from kansou.recommend.personal import open_recommender
    from kansou.store import database_url

    if not titles and user is None:
        raise UserError("nothing to recommend from: give liked titles, --user ID, or both")
    with _working("reading the catalog") as status:
        records = catalog_records(ctx, catalog)
        named = [t for t in titles or [] if not t.strip().isdigit()]
        if named and not records:
            raise UserError(
                f"cannot look up '{named[0]}': the database holds no title with a MyAnimeList "
                "id; import a catalog (kansou catalog import FILE), give MAL ids, or name a "
                "MAL catalog CSV with --catalog FILE"
            )
        status.update("training on the ratings (saved for the next run)")
        db_url = database_url(ctx.obj.get("db") if ctx.obj else None)
        recommender = open_recommender(db_url, records, harvested_links(ctx))
        status.update("ranking")
        results: list[Recommendation] = []
        if titles:
            liked = [recommender.resolve(t) for t in titles]
            results = recommender.recommend_for_titles(liked, n)
        if user is not None:
            results = _merged(results, recommender.recommend_for_user(user, n), n)
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        _print_table(results)


@contextmanager
def _working(what: str) -> Iterator[Any]:
    """A spinner on stderr naming the step under way (nothing when stderr is not a terminal)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield _Silent()
        return
    with console.status(what) as status:
        yield status


class _Silent:
    def update(self, _what: str) -> None:
        """No terminal: nothing to show."""


def _merged(
    first: list[Recommendation], second: list[Recommendation], n: int
) -> list[Recommendation]:
    """Both lists interleaved by score, each title once."""
    seen: dict[int, Recommendation] = {}
    for rec in sorted(first + second, key=lambda r: -r.score):
        seen.setdefault(rec.mal_id, rec)
    return list(seen.values())[:n]


def _print_table(results: list[Recommendation]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Watch next")
    table.add_column("#", justify="right")
    table.add_column("title")
    table.add_column("MAL id", justify="right")
    table.add_column("score", justify="right")
    table.add_column("why")
    for i, rec in enumerate(results, 1):
        why = "; ".join(rec.reasons) or "-"
        table.add_row(str(i), rec.name, str(rec.mal_id), f"{rec.score:.3f}", why)
    Console().print(table)


def register_commands(app: typer.Typer) -> None:
    """Add ``kansou recommend`` to ``app``."""
    app.command("recommend")(recommend_command)
