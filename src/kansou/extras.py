"""Optional parts of kansou and the extra that installs each: one clear error when missing.

``pip install kansou`` is what a fan needs (ingest, show, serve, catalogs, ratings,
recommendations on SQLite). Parts a shared deployment needs are extras:

- ``kansou[scale]``: Dask (``dask.distributed`` and its dashboard, bokeh) for
  ``kansou ingest --workers/--scheduler`` and ``kansou worker``;
- ``kansou[postgres]``: psycopg, the driver of ``--db postgresql://...``.

``require`` is called where a command first needs one; the error names the
extra, so the fix is one command.
"""

from __future__ import annotations

import importlib.util

from kansou.errors import UserError

#: Extra -> (the module that shows it is installed, what it is for).
EXTRAS = {
    "scale": ("distributed", "distributed ingest on Dask"),
    "postgres": ("psycopg", "a PostgreSQL database"),
}


def installed(extra: str) -> bool:
    module, _what = EXTRAS[extra]
    return importlib.util.find_spec(module) is not None


def require(extra: str) -> None:
    """Raise a ``UserError`` naming ``kansou[extra]`` when that extra is not installed."""
    if installed(extra):
        return
    module, what = EXTRAS[extra]
    raise UserError(
        f"{what} needs the '{extra}' extra ({module} is not installed): "
        f"pip install 'kansou[{extra}]'"
    )
