"""``kansou ingest service:id``, ``kansou sync TITLE`` and every site's score side by side.

Against the replay server: what lands in the store (each answer a document,
its claims linked to the title by id), what ``kansou show``, the title page
and the API say ("AniList users 86, Kitsu users 82, MyAnimeList users 88,
reviews ..."), and that a changed answer is a new document with the old
score kept as history.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kansou.serve.app import create_app
from tests.conftest import Kansou, shared_path
from tests.services.replay import ReplayServer


@pytest.fixture
def env(replay: ReplayServer, monkeypatch: pytest.MonkeyPatch) -> ReplayServer:
    for name, value in replay.env().items():
        monkeypatch.setenv(name, value)
    return replay


def _cache(tmp_path: Path) -> list[str]:
    return ["--allow-private", "--cache-dir", str(tmp_path / "cache")]


def catalog_slice(tmp_path: Path, mal_ids: set[int]) -> list[str]:
    """The real MAL catalog rows and Fribb mapping entries of ``mal_ids``, as two small files."""
    mappings = json.loads(gzip.decompress(
        shared_path("data", "catalog", "anime-list-full-2022.json.gz").read_bytes()))  # fmt: skip
    entries = [e for e in mappings if e.get("mal_id") in mal_ids]
    (tmp_path / "anime-list.json").write_text(json.dumps(entries), encoding="utf-8")
    text = gzip.decompress(shared_path("data", "catalog", "mal-anime-2024.csv.gz").read_bytes())
    reader = csv.reader(io.StringIO(text.decode("utf-8")))
    header = next(reader)
    rows = [r for r in reader if r and r[0].isdigit() and int(r[0]) in mal_ids]
    with (tmp_path / "mal.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return [str(tmp_path / "mal.csv"), str(tmp_path / "anime-list.json")]


def test_ingest_service_sources_and_show_scores_side_by_side(env, kansou: Kansou, tmp_path) -> None:
    result = kansou("ingest", *_cache(tmp_path), "anilist:1", "kitsu:1", "anilist:999999")
    assert result.exit_code == 1
    assert "rejected: anilist:999999 media POST" in result.stderr
    assert result.stderr.strip().endswith("no such anime on AniList: 999999")
    shown = kansou("show", "Cowboy Bebop")
    assert shown.exit_code == 0, shown.output
    assert "AniList users 86, Kitsu users 82: the sites agree within 5 points" in shown.stdout
    again = kansou("ingest", *_cache(tmp_path), "anilist:1", "kitsu:1")
    assert again.exit_code == 0 and "0 stored, 2 unchanged, 0 rejected" in again.stdout


def test_sync_asks_every_service_the_catalog_has_an_id_for(env, kansou: Kansou, tmp_path) -> None:
    imported = kansou("catalog", "import", *catalog_slice(tmp_path, {1}))
    assert imported.exit_code == 0, imported.output
    pages = shared_path("corpus", "mal-2021", "cowboy-bebop")
    assert (
        kansou("ingest", str(pages / "details.html"), str(pages / "reviews_1.html")).exit_code == 0
    )
    result = kansou("sync", "Cowboy Bebop", *_cache(tmp_path))
    assert "Cowboy Bebop: asked anilist:1, jikan:1, mal:1, kitsu:1, anidb:23" in result.stderr
    # Only AniList's and Kitsu's answers about Cowboy Bebop were recorded; the replay
    # server answers the other ids as the services answer an unknown one.
    assert sorted(line[line.index(": no such ") + 2 :] for line in result.stderr.splitlines()
                  if line.startswith("rejected:")) == [
        "no such anime on AniDB: 23", "no such anime on Jikan (MyAnimeList): 1",
        "no such anime on MyAnimeList API: 1",
    ]  # fmt: skip
    assert result.exit_code == 1
    assert "AniList users 86, Kitsu users 82, MyAnimeList users 88, reviews " in result.stdout
    data = kansou.export()
    [title] = [t for t in data["titles"] if t["name"] == "Cowboy Bebop"]
    sites = {s["site"]: s for s in title["service_scores"]["sites"]}
    assert set(sites) == {"AniList", "Kitsu", "MyAnimeList"}
    assert (sites["AniList"]["as_written"], sites["AniList"]["votes"]) == ("86", 120712)
    assert sites["AniList"]["link"] == "https://anilist.co/anime/1"
    assert sites["AniList"]["fetched_at"] and sites["MyAnimeList"]["fetched_at"] is None
    assert sites["MyAnimeList"]["shown"] == "8.78/10"  # the MyAnimeList page's own score
    summary = title["service_scores"]["comparison"]["summary"]
    n = title["consensus"]["n"]
    assert summary.startswith("AniList users 86, Kitsu users 82, MyAnimeList users 88, reviews ")
    assert summary.endswith(f"(consensus of {n})")
    assert title["source_ids"]["anilist"] == "1" and title["source_ids"]["kitsu"] == "1"


def test_sync_of_a_title_without_ids_says_what_is_missing(env, kansou: Kansou, tmp_path) -> None:
    pages = shared_path("corpus", "mal-2021", "cowboy-bebop")
    kansou("ingest", str(pages / "details.html"))
    result = kansou("sync", "Cowboy Bebop", "--services", "anilist,kitsu", *_cache(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: no service can be asked about 'Cowboy Bebop': anilist: the catalog knows no "
        "anilist id for this title; kitsu: the catalog knows no kitsu id for this title"
    )
    unknown = kansou("sync", "Cowboy Bebop", "--services", "imdb")
    assert unknown.stderr.strip() == (
        "error: unknown service imdb: expected one of anilist, jikan, mal, kitsu, anidb"
    )


def test_answers_about_an_id_link_to_the_title_holding_it(env, kansou: Kansou, tmp_path) -> None:
    result = kansou("ingest", *_cache(tmp_path), "jikan:11757")
    assert "no episodes on Jikan (MyAnimeList) for anime 11757" in result.stderr
    data = kansou.export()
    [title] = [t for t in data["titles"] if t["name"] == "Sword Art Online"]
    assert len(data["titles"]) == 1  # statistics, reviews, cast: all on the one title
    reviews = [r for r in data["reviews"] if r["title_id"] == title["id"]]
    assert [r["score"]["as_written"] for r in reviews] == ["4"]
    assert title["score_distribution"]["10"] == 274569
    assert [c["actor"] for c in title["cast"]] == ["Papenbrook, Bryce", "Matsuoka, Yoshitsugu"]
    assert title["similar"] == ["Log Horizon"]


def test_a_changed_answer_is_a_new_document_and_the_old_score_is_kept(
    env, kansou: Kansou, tmp_path, monkeypatch
) -> None:
    """Jikan v3 was recorded twice for Mushishi (2018: 8.74, 2020: 8.71)."""
    monkeypatch.setenv("KANSOU_JIKAN_URL", f"{env.base}/jikan/v3")
    kansou("ingest", *_cache(tmp_path), "jikan:457")
    kansou("ingest", *_cache(tmp_path), "--refresh", "jikan:457")
    data = kansou.export()
    [title] = [t for t in data["titles"] if t["name"] == "Mushishi"]
    [row] = title["service_scores"]["sites"]
    assert (row["as_written"], row["votes"]) == ("8.71", 182575)
    assert [(h["as_written"], h["votes"]) for h in row["history"]] == [("8.74", 151668)]
    assert len({s["document"] for s in title["site_scores"]}) == 2


def test_title_page_and_api_show_every_site_score(env, kansou: Kansou, tmp_path) -> None:
    kansou("ingest", *_cache(tmp_path), "anilist:1", "kitsu:1")
    with TestClient(create_app(str(kansou.db))) as client:
        found = client.get("/api/v1/search", params={"q": "Cowboy Bebop"}).json()["data"]
        title_id = found["titles"][0]["id"]
        api = client.get(f"/api/v1/titles/{title_id}").json()["data"]
        page = client.get(f"/titles/{title_id}").text
    sites = api["service_scores"]["sites"]
    assert [(s["site"], s["as_written"], s["normalized"]) for s in sites] == [
        ("AniList", "86", 86.0), ("Kitsu", "82.23", 82.23)]  # fmt: skip
    assert 'id="service-scores"' in page and "AniList users 86, Kitsu users 82" in page
    assert 'href="https://kitsu.app/anime/cowboy-bebop"' in page
    kitsu = sites[1]
    start, end = kitsu["spans"]["score"]
    assert f"/documents/{kitsu['document']}?hl={start}-{end}" in page


def test_the_api_accepts_service_sources_under_the_same_address_policy(env, tmp_path) -> None:
    """``{"url": "anilist:1"}`` is fetched like a URL: the loopback replay server is refused
    there, since the API never fetches from private addresses."""
    auth = {"authorization": "Bearer s3cret"}
    with TestClient(create_app(str(tmp_path / "k.sqlite"), token="s3cret")) as client:
        answer = client.post("/api/v1/documents", json={"url": "anilist:1"}, headers=auth)
        wrong = client.post("/api/v1/documents", json={"url": "imdb:1"}, headers=auth)
    assert answer.status_code == 422
    assert answer.json()["error"].endswith(
        "host 127.0.0.1 refused: loopback address 127.0.0.1 (use --allow-private to fetch from it)"
    )
    assert wrong.json()["error"] == (
        "unsupported URL 'imdb:1': expected http://, https:// or service:id "
        "(anilist:21, jikan:1, kitsu:1, anidb:69, mal:1)"
    )
    assert env.requests == []


def test_distributed_ingest_gives_each_service_its_own_task() -> None:
    from kansou.distributed.plan import plan_tasks

    plan = plan_tasks(["anilist:1", "jikan:1", "anilist:5", "https://example.org/a"])
    assert sorted(t.inputs for t in plan.tasks) == [
        ("anilist:1", "anilist:5"),
        ("https://example.org/a",),
        ("jikan:1",),
    ]


def test_service_sources_leave_the_progress_total_unknown() -> None:
    """A service source is one input but several answers (Jikan asks six endpoints)."""
    from kansou.cli import count_local_inputs

    assert count_local_inputs(["anilist:1"]) is None
