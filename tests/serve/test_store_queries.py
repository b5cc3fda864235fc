"""Search, views and exports on real databases: the SQLite file as-is, PostgreSQL full-text,
and the CSV/Parquet tables the CLI writes."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kansou.pipeline import ingest
from kansou.store import open_store
from kansou.store.queries import browse, browse_rows, fts_expression, query_words, search
from tests.conftest import Kansou
from tests.serve.conftest import seeds

TABLES = ["titles", "aliases", "reviews", "scores", "episodes", "aspects", "cast", "people",
          "documents", "spans"]  # fmt: skip


def test_views_read_the_sqlite_file_as_is(seeded_db: Path) -> None:
    with sqlite3.connect(seeded_db) as conn:
        title = conn.execute(
            "SELECT name, type, episodes, scored_reviews FROM v_titles WHERE name = 'Metallic Rouge'"
        ).fetchone()
        reviews = conn.execute(
            "SELECT author, score_as_written, score_0_100 FROM v_reviews "
            "WHERE title = 'Metallic Rouge' ORDER BY id"
        ).fetchall()
        cast = conn.execute(
            "SELECT voice_actor FROM v_cast WHERE character = 'Naomi Orthmann'"
        ).fetchall()
        episodes = conn.execute("SELECT count(*) FROM v_episode_scores").fetchone()
        roles = conn.execute(
            "SELECT title, role FROM v_people_roles WHERE person = 'Tomoyo Kurosawa'"
        ).fetchall()
        docs = conn.execute("SELECT count(*), min(text_chars) FROM v_documents").fetchone()
    assert title == ("Metallic Rouge", "TV", 13, 4)
    assert ("ZNote", "30/100", 30.0) in reviews and ("Stretch", None, None) in reviews
    assert cast == [("Tomoyo Kurosawa",)]
    assert episodes == (13,)
    assert roles == [("Metallic Rouge", "Naomi Orthmann")]
    assert docs[0] == 5 and docs[1] > 0


def test_query_words_become_quoted_prefix_terms() -> None:
    words = query_words('rouge" OR title:x NEAR(a) *')
    assert words == ["rouge", "OR", "title", "x", "NEAR", "a"]
    assert fts_expression(words[:2]) == '"rouge"* "OR"*'


def test_browse_sorts_by_divisiveness_and_consensus(seeded_db: Path) -> None:
    rows = browse_rows(open_store(str(seeded_db)))
    by_consensus = [r.name for r in browse(rows, sort="consensus") if r.consensus is not None]
    scores = [r.consensus for r in browse(rows, sort="consensus") if r.consensus is not None]
    assert scores == sorted(scores, reverse=True) and len(by_consensus) == 2
    divisive = [r.spread for r in browse(rows, sort="divisive") if r.spread is not None]
    assert divisive == sorted(divisive, reverse=True)


def test_export_csv_and_parquet_write_one_file_per_table(kansou: Kansou, tmp_path: Path) -> None:
    assert kansou("ingest", str(seeds())).exit_code == 0
    out = tmp_path / "csv"
    result = kansou("export", "csv", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    with (out / "reviews.csv").open(encoding="utf-8") as f:
        reviews = list(csv.DictReader(f))
    assert {r["score_as_written"] for r in reviews} >= {"30/100", "6/10"}
    with (out / "spans.csv").open(encoding="utf-8") as f:
        spans = list(csv.DictReader(f))
    assert any(s["kind"] == "review" and s["text"] for s in spans)
    assert kansou("export", "parquet", str(tmp_path / "pq")).exit_code == 0
    scores = pq.read_table(tmp_path / "pq" / "scores.parquet").to_pylist()
    assert {"review", "site_score", "episode"} <= {s["kind"] for s in scores}
    assert all(0 <= s["score_0_100"] <= 100 for s in scores)
    assert pq.read_table(tmp_path / "pq" / "aspects.parquet").column_names[0] == "review_id"


def test_export_into_a_file_is_refused(kansou: Kansou, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = kansou("export", "csv", str(target))
    assert result.exit_code == 1
    assert f"cannot export into '{target}': it is a file, expected a directory" in result.output


@pytest.mark.postgres
def test_postgres_full_text_search(postgres_url: str) -> None:
    store = open_store(postgres_url)
    ingest([str(seeds())], store)
    assert [t.name for t in search(store, "Metallic").titles] == ["Metallic Rouge"]
    assert [p.name for p in search(store, "Kurosawa").people] == ["Tomoyo Kurosawa"]
    asimov = search(store, "Asimov").reviews
    assert asimov and "\ue000Asimov\ue001" in (asimov[0].snippet or "")
    fuzzy = search(store, "metalic ruge")
    assert fuzzy.fuzzy and fuzzy.titles[0].name == "Metallic Rouge"
    for hostile in ["'; DROP TABLE titles; --", "a & b | !c", "x:*", "(", "\\"]:
        search(store, hostile)
    assert search(store, "Metallic").titles
    store.close()


@pytest.mark.postgres
def test_the_app_serves_a_postgres_store(postgres_url: str) -> None:
    from fastapi.testclient import TestClient

    from kansou.serve.app import create_app

    ingest([str(seeds())], open_store(postgres_url))
    with TestClient(create_app(postgres_url)) as c:
        found = c.get("/api/v1/titles", params={"q": "Metallic"}).json()["data"]
        title = c.get(f"/api/v1/titles/{found[0]['id']}").json()["data"]
        assert title["consensus"]["n"] == 4
        assert c.get(f"/titles/{found[0]['id']}").status_code == 200
        assert c.get("/api/v1/search", params={"q": "Asimov"}).json()["data"]["reviews"]
        assert c.get("/documents/2").status_code == 200
        assert c.get("/api/v1/titles").headers["last-modified"].endswith("GMT")
