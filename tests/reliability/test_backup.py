"""Backup, restore and the full JSON archive: copies that are whole, never overwrite,
never escape their directory, and rebuild a database with nothing lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kansou.aggregate.export import export_json
from kansou.backup import export_archive
from kansou.cli import app
from kansou.store import open_store
from tests.reliability.conftest import kansou_argv, sqlite_rows
from tests.reliability.corpus import write_batch


def cli(db: Path | str, *args: str, **env: str) -> Any:
    return CliRunner().invoke(app, ["--db", str(db), *args], env=env or None)


def counts(db: Path) -> dict[str, int]:
    store = open_store(db)
    try:
        return store.counts()
    finally:
        store.close()


def whole(db: Path) -> None:
    """The database passes SQLite's checks and every document holds all its claims."""
    assert sqlite_rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert sqlite_rows(db, "PRAGMA foreign_key_check") == []
    half = sqlite_rows(
        db,
        "SELECT d.id FROM documents d WHERE d.n_claims != "
        "(SELECT count(*) FROM claims c WHERE c.document_id = d.id)",
    )
    assert half == []


@pytest.fixture
def seeded(tmp_path: Path, seeds: Path) -> Path:
    db = tmp_path / "live.sqlite"
    result = cli(db, "ingest", str(seeds))
    assert result.exit_code == 0, result.output
    return db


def test_backup_is_one_whole_file_with_every_row(seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite"
    result = cli(seeded, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"backed up to {target} (")
    assert not Path(f"{target}-wal").exists()
    assert sqlite_rows(target, "PRAGMA journal_mode") == [("delete",)]
    whole(target)
    assert counts(target) == counts(seeded)
    assert counts(target)["documents"] == 4
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_backup_never_overwrites(seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    result = cli(seeded, "backup", str(target))
    assert result.exit_code == 1
    assert (
        result.output
        == f"error: backup target '{target}' already exists: backups never overwrite\n"
    )
    assert target.read_text() == "keep me"


def test_backup_refuses_a_dangling_symlink(seeded: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.sqlite"
    link.symlink_to(tmp_path / "elsewhere" / "x.sqlite")
    result = cli(seeded, "backup", str(link))
    assert result.exit_code == 1
    assert "already exists: backups never overwrite" in result.output


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("https://example.org/x.sqlite", " is not a file path: give a new file name"),
        ("missing-dir/x.sqlite", ": directory 'missing-dir' does not exist"),
    ],
)
def test_backup_refuses_what_is_not_a_new_file(
    seeded: Path, tmp_path: Path, target: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(seeded, "backup", target)
    assert result.exit_code == 1
    assert result.output == f"error: backup target '{target}'{message}\n"


def test_backup_refuses_the_database_itself(seeded: Path) -> None:
    for target in (seeded, Path(f"{seeded}-wal"), seeded.parent / "." / seeded.name):
        result = cli(seeded, "backup", str(target))
        assert result.exit_code == 1
        assert result.output == f"error: backup target '{target}' is the database itself\n"


def test_backup_cannot_escape_the_backup_directory(seeded: Path, tmp_path: Path) -> None:
    root = tmp_path / "backups"
    root.mkdir()
    (root / "out").symlink_to(tmp_path)
    env = {"KANSOU_BACKUP_DIR": str(root)}
    for escaping in (root / ".." / "escaped.sqlite", root / "out" / "escaped.sqlite"):
        result = cli(seeded, "backup", str(escaping), **env)
        assert result.exit_code == 1
        assert "lies outside KANSOU_BACKUP_DIR" in result.output
        assert not (tmp_path / "escaped.sqlite").exists()
    inside = cli(seeded, "backup", str(root / "nightly.sqlite"), **env)
    assert inside.exit_code == 0, inside.output


def test_backup_while_an_ingest_writes_is_consistent(seeded: Path, tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "batch", 80, rejects=False)
    writer = subprocess.Popen(kansou_argv(seeded, "ingest", str(batch)), stdout=subprocess.DEVNULL)
    copies = []
    try:
        while writer.poll() is None and len(copies) < 20:
            target = tmp_path / f"during-{len(copies)}.sqlite"
            result = cli(seeded, "backup", str(target))
            assert result.exit_code == 0, result.output
            copies.append(target)
    finally:
        assert writer.wait(timeout=300) == 0
    assert copies, "the ingest finished before a backup could be taken"
    for copy in copies:
        whole(copy)
    assert counts(copies[0])["documents"] >= 4


def test_restore_brings_back_the_backup_and_keeps_the_previous_database(
    seeded: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "saved.sqlite"
    assert cli(seeded, "backup", str(saved)).exit_code == 0
    before = counts(seeded)
    batch = write_batch(tmp_path / "batch", 5, rejects=False)
    assert cli(seeded, "ingest", str(batch)).exit_code == 0
    grown = counts(seeded)
    assert grown["documents"] == before["documents"] + 5

    result = cli(seeded, "restore", str(saved))
    assert result.exit_code == 0, result.output
    kept = Path(f"{seeded}.bak")
    assert result.output == f"restored from {saved}; previous database kept as {kept}\n"
    assert counts(seeded) == before
    assert counts(kept) == grown
    whole(seeded)
    again = cli(seeded, "restore", str(saved))
    assert again.output.endswith(f"previous database kept as {seeded}.bak.1\n")
    assert counts(kept) == grown  # an earlier .bak is never replaced


def _not_kansou(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")


def _truncated(path: Path, source: Path) -> None:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _future(path: Path, source: Path) -> None:
    path.write_bytes(source.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p, s: p.write_text("just text"), "is not a SQLite database (no SQLite header)"),
        (lambda p, s: _not_kansou(p), "is not a kansou database (no table alembic_version"),
        (_truncated, "SQLite"),
        (_future, "has schema revision 9999, unknown to this kansou"),
    ],
    ids=["text", "other-sqlite", "truncated", "newer-schema"],
)
def test_restore_refuses_what_is_not_an_intact_kansou_backup(
    seeded: Path, tmp_path: Path, make: Any, message: str
) -> None:
    saved = tmp_path / "saved.sqlite"
    assert cli(seeded, "backup", str(saved)).exit_code == 0
    bad = tmp_path / "bad.sqlite"
    make(bad, saved)
    before = counts(seeded)
    result = cli(seeded, "restore", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith(f"error: '{bad}' ") or "SQLite" in result.output
    assert message in result.output
    assert counts(seeded) == before
    assert not Path(f"{seeded}.bak").exists()


def write_archive(db: Path, path: Path) -> str:
    store = open_store(db)
    try:
        text = json.dumps(export_archive(store), ensure_ascii=False, indent=2)
    finally:
        store.close()
    path.write_text(text, encoding="utf-8")
    return text


def plain_export(db: str | Path) -> str:
    store = open_store(db)
    try:
        return export_json(store)
    finally:
        store.close()


def test_full_export_then_import_round_trips_with_nothing_lost(
    seeded: Path, tmp_path: Path
) -> None:
    batch = write_batch(tmp_path / "batch", 12)
    cli(seeded, "ingest", str(batch))
    archive = tmp_path / "full.json"
    first = write_archive(seeded, archive)
    fresh = tmp_path / "fresh.sqlite"
    result = cli(fresh, "import", "json", str(archive))
    assert result.exit_code == 0, result.output
    assert "16 documents" in result.output
    assert write_archive(fresh, tmp_path / "again.json") == first
    assert plain_export(fresh) == plain_export(seeded)
    store = open_store(fresh)
    try:
        raw = {d.sha256: store.document_raw(d.id) for d in store.documents()}
    finally:
        store.close()
    assert raw[next(iter(raw))] is not None
    assert all(raw.values()) and len(raw) == 16
    whole(fresh)
    more = write_batch(tmp_path / "more", 2, seed=99, rejects=False)
    assert cli(fresh, "ingest", str(more)).exit_code == 0  # ids continue after the import
    assert counts(fresh)["documents"] == 18


def test_import_refuses_a_database_that_is_not_empty(seeded: Path, tmp_path: Path) -> None:
    archive = tmp_path / "full.json"
    write_archive(seeded, archive)
    result = cli(seeded, "import", "json", str(archive))
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: import json needs an empty database; this one has rows in"
    )


def test_import_refuses_a_plain_export(seeded: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.json"
    plain.write_text(plain_export(seeded))
    result = cli(tmp_path / "fresh.sqlite", "import", "json", str(plain))
    assert result.exit_code == 1
    assert result.output == (
        "error: this JSON holds no archive (it has no raw documents): "
        "make one with 'kansou export json --full'\n"
    )


@pytest.mark.postgres
def test_archive_moves_a_sqlite_database_to_postgresql(
    seeded: Path, tmp_path: Path, postgres_url: str
) -> None:
    archive = tmp_path / "full.json"
    write_archive(seeded, archive)
    result = cli(postgres_url, "import", "json", str(archive))
    assert result.exit_code == 0, result.output
    assert plain_export(postgres_url) == plain_export(seeded)
    more = write_batch(tmp_path / "more", 2, seed=99, rejects=False)
    assert cli(postgres_url, "ingest", str(more)).exit_code == 0  # sequences moved past the ids
    store = open_store(postgres_url)
    try:
        assert store.counts()["documents"] == 6
    finally:
        store.close()


@pytest.mark.postgres
def test_backup_of_postgresql_points_to_pg_dump(postgres_url: str, tmp_path: Path) -> None:
    result = cli(postgres_url, "backup", str(tmp_path / "x.sqlite"))
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: back up PostgreSQL with pg_dump: pg_dump --format=custom"
    )
    assert "postgres" in result.output and "pg_restore" in result.output
    assert os.listdir(tmp_path) == []
