"""The service clients against a real HTTP server replaying the 86 recorded answers.

What a user would notice: an unknown id is a rejection naming the service and
the id; a 429 is waited out as the service asks, within a bound; a 500 is
retried, then refused with the service's own message; a malformed body is
refused with the byte where it breaks; each service is asked no faster than
it documents; answers are cached, ``--offline`` reads only the cache, and a
loopback base needs ``--allow-private``.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import replace
from urllib.parse import urlencode

import httpx
import pytest

from kansou.load.services import SessionSettings, fetch_service_documents, parse_ref
from kansou.load.services.client import SlidingWindowLimiter, Window
from kansou.model import Document, Rejection
from tests.services.replay import ANILIST_PARTS, Recording, ReplayServer

#: How much closer two requests may arrive than they were sent: the first one also opens the
#: connection, so the gap the server sees can shrink by that much on a loaded machine.
ARRIVAL_JITTER = 0.1


def fetch(server: ReplayServer, settings: SessionSettings, *sources: str,
          **env: str) -> list[Document | Rejection]:  # fmt: skip
    refs = [r for s in sources if (r := parse_ref(s)) is not None]
    return list(fetch_service_documents(refs, settings, {**server.env(), **env}))


def reasons(items: list[Document | Rejection]) -> list[str]:
    return [i.reason for i in items if isinstance(i, Rejection)]


def documents(items: list[Document | Rejection]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _ask(server: ReplayServer, r: Recording) -> httpx.Response:
    prefix = {"anilist": "anilist", "jikan": "jikan", "kitsu": "kitsu", "mal": "mal",
              "anidb": "anidb"}[r.service]  # fmt: skip
    url = f"{server.base}/{prefix}{r.path if r.path != '/' else ''}"
    if r.method == "POST":
        variables = json.loads(r.variables) if r.variables else {}
        part = next((w for p, w in ANILIST_PARTS.items() if f"-{p}" in r.file), "")
        body = {"query": f"query {{ Media {{ {part} }} }}", "variables": variables}
        return httpx.post(url, json=body)
    return httpx.get(f"{url}?{urlencode(r.query)}" if r.query else url)


def test_every_recording_is_served_at_its_path_with_its_status(replay: ReplayServer) -> None:
    """All 86 recordings answer their own request (recordings of one request answer in turn)."""
    assert len(replay.recordings) == 86
    served: dict[str, int] = {}
    for _round in range(2):
        for r in replay.recordings:
            response = _ask(replay, r)
            served[response.headers["x-replayed-from"]] = response.status_code
    by_file = {r.file: r for r in replay.recordings}
    assert set(served) == set(by_file)
    for file, status in served.items():
        recording = by_file[file]
        assert status == recording.status, file
    one = by_file["anidb/anidbfortvdb-anime-959-fumoffu.xml"]
    response = _ask(replay, one)
    assert response.headers["content-encoding"] == "gzip"  # httpx undid it
    assert response.content == one.body


def test_unknown_anilist_id_is_rejected_naming_service_and_id(replay, settings) -> None:
    items = fetch(replay, settings, "anilist:999999")
    assert reasons(items) == ["no such anime on AniList: 999999"]
    assert replay.requests[0]["headers"]["Content-Type"] == "application/json"
    assert "Media(id: $id" in json.loads(replay.requests[0]["body"])["query"]


def test_unknown_ids_on_every_service(replay, settings) -> None:
    items = fetch(replay, settings, "kitsu:424242", "jikan:999999", "anidb:424242",
                  "mal:424242")  # fmt: skip
    assert sorted(reasons(items)) == [
        "no such anime on AniDB: 424242",
        "no such anime on Jikan (MyAnimeList): 999999",
        "no such anime on Kitsu: 424242",
        "no such anime on MyAnimeList API: 424242",
    ]
    jikan = [r for r in replay.requests if r["service"] == "jikan"]
    assert [r["path"] for r in jikan] == ["/v4/anime/999999"]  # nothing more asked


def test_429_waits_as_told_then_retries(replay, settings) -> None:
    key = json.dumps({"id": 170942}, separators=(",", ":"))
    replay.script[("anilist", key)] = ["pyanilist-error-429-too-many-requests.json"]
    replay.retry_after = "1"
    items = fetch(replay, settings, "anilist:170942")
    assert reasons(items) == []
    assert b"Ao no Hako" in documents(items)[0].raw
    first, second = (r["time"] for r in replay.requests)
    assert second - first >= 1.0 - ARRIVAL_JITTER


def test_429_asking_too_long_a_wait_is_refused_at_once(replay, settings) -> None:
    key = json.dumps({"id": 170942}, separators=(",", ":"))
    replay.script[("anilist", key)] = ["pyanilist-error-429-too-many-requests.json"]
    items = fetch(replay, replace(settings, max_wait=5.0), "anilist:170942")
    assert reasons(items) == [
        "AniList: HTTP 429 Too Many Requests, asked to wait 60 s (more than the 5 s kansou "
        "waits); try again later"
    ]
    assert len(replay.requests) == 1


def test_500_is_retried_then_rejected_with_the_service_message(replay, settings) -> None:
    path = "/v4/anime/457/statistics"
    replay.script[("jikan", path)] = ["jikanpy-error-500-reviews-anime.json"] * 4
    items = fetch(replay, settings, "jikan:457")
    [reason] = [i.reason for i in items if isinstance(i, Rejection) and "statistics" in i.source]
    assert reason == (
        "Jikan (MyAnimeList) answered HTTP 500 Internal Server Error after 4 attempts: "
        "Unhandled Exception. Please follow report_url to generate an issue on GitHub"
    )
    times = [r["time"] for r in replay.requests if r["path"] == path]
    assert len(times) == 4
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert gaps[1] >= gaps[0] * 1.5  # backing off, not hammering
    assert any(b"Mushishi" in d.raw for d in documents(items))  # the batch went on


def test_malformed_json_is_rejected_naming_service_and_byte(replay, settings) -> None:
    key = json.dumps({"id": 99426}, separators=(",", ":"))
    replay.truncate[("anilist", key)] = 5000
    items = fetch(replay, settings, "anilist:99426")
    body = replay.by_file("pyanilist-media-99426.json").body[:5000].decode("utf-8", "ignore")
    try:
        json.loads(body)
    except json.JSONDecodeError as exc:
        at, why = len(body[: exc.pos].encode("utf-8")), exc.msg
    assert reasons(items) == [f"malformed JSON from AniList at byte {at}: {why}"]
    assert 0 < at <= 5000


def test_malformed_xml_is_rejected_naming_service_and_byte(replay, settings) -> None:
    replay.truncate[("anidb", "/httpapi")] = 3000
    items = fetch(replay, settings, "anidb:959")
    [reason] = reasons(items)
    assert reason.startswith("malformed XML from AniDB at byte 3000: ")


def test_jikan_reads_every_endpoint_of_an_anime_at_its_pace(replay, settings) -> None:
    items = fetch(replay, settings, "jikan:11757")
    sources = [i.source.split(" ")[1] for i in documents(items)]
    assert sources == ["anime", "statistics", "characters", "recommendations", "reviews"]
    assert reasons(items) == ["no episodes on Jikan (MyAnimeList) for anime 11757"]
    times = [r["time"] for r in replay.requests]
    assert all(b - a >= 1.0 - ARRIVAL_JITTER for a, b in zip(times, times[3:], strict=False))


def test_anidb_needs_a_registered_client_and_one_request_per_2s(replay, settings) -> None:
    items = fetch(replay, settings, "anidb:959", KANSOU_ANIDB_CLIENT="")
    assert reasons(items) == [
        "AniDB answers only registered clients: register one at https://anidb.net/software/add "
        "and set KANSOU_ANIDB_CLIENT (and KANSOU_ANIDB_CLIENTVER)"
    ]
    assert replay.requests == []
    items = fetch(replay, settings, "anidb:959", "anidb:1")
    assert [b"Fumoffu" in d.raw for d in documents(items)] == [True, False]
    first, second = replay.requests
    assert first["query"]["client"] == "kansoutest" and first["query"]["protover"] == "1"
    assert second["time"] - first["time"] >= 2.0 - ARRIVAL_JITTER


def test_mal_api_sends_the_client_id_in_a_header(replay, settings) -> None:
    items = fetch(replay, settings, "mal:967", KANSOU_MAL_CLIENT_ID="")
    assert "KANSOU_MAL_CLIENT_ID" in reasons(items)[0] and replay.requests == []
    items = fetch(replay, settings, "mal:967")
    assert b"Hokuto no Ken" in documents(items)[0].raw
    assert replay.requests[0]["headers"]["X-MAL-CLIENT-ID"] == "kansou-test-client"
    assert "kansou-test-client" not in documents(items)[0].source


def test_answers_are_cached_offline_reads_the_cache_refresh_asks_again(replay, settings) -> None:
    first = documents(fetch(replay, settings, "kitsu:1"))
    again = documents(fetch(replay, settings, "kitsu:1"))
    assert len(replay.requests) == 1 and first[0].sha256 == again[0].sha256
    offline = documents(fetch(replay, replace(settings, offline=True), "kitsu:1"))
    assert offline[0].raw == first[0].raw and len(replay.requests) == 1
    missing = fetch(replay, replace(settings, offline=True), "kitsu:1376")
    assert reasons(missing) == ["not in the cache, and offline: fetch it once without --offline"]
    fetch(replay, replace(settings, refresh=True), "kitsu:1")
    assert len(replay.requests) == 2


def test_a_stale_cache_entry_is_asked_again(replay, settings) -> None:
    fetch(replay, settings, "kitsu:1")
    fetch(replay, replace(settings, max_age=0.0), "kitsu:1")
    assert len(replay.requests) == 2


def test_loopback_base_needs_allow_private(replay, settings) -> None:
    items = fetch(replay, replace(settings, allow_private=False), "kitsu:1")
    assert reasons(items) == [
        "host 127.0.0.1 refused: loopback address 127.0.0.1 (use --allow-private to fetch from it)"
    ]
    assert replay.requests == []


def test_services_run_side_by_side_each_at_its_own_pace(replay, settings) -> None:
    """Four services in one call take about as long as the slowest alone (Jikan: 6 requests
    at 3 a second), not the sum."""
    start = time.monotonic()
    items = fetch(replay, settings, "jikan:11757", "anilist:1", "kitsu:1", "anidb:959")
    took = time.monotonic() - start
    assert len(documents(items)) == 8
    assert took < 4.0
    order = [i.source.split(" ")[0] for i in documents(items) if i.source.startswith("jikan")]
    assert order == ["jikan:11757"] * 5


def test_a_degraded_limit_reported_by_the_service_is_obeyed() -> None:
    limiter = SlidingWindowLimiter((Window(90, 60.0),))
    limiter.lower(Window(30, 60.0))
    waits = [limiter.reserve(0.0) for _ in range(31)]
    assert waits[:30] == [0.0] * 30 and waits[30] == 60.0


def test_sliding_windows_hold_every_documented_limit() -> None:
    jikan = SlidingWindowLimiter((Window(3, 1.0), Window(60, 60.0)))
    starts = [jikan.reserve(0.0) for _ in range(61)]
    assert starts[:7] == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0]
    assert starts[60] == 60.0  # the 61st request waits for the minute window
    anidb = SlidingWindowLimiter((Window(1, 2.0),))
    assert [anidb.reserve(0.0) for _ in range(3)] == [0.0, 2.0, 4.0]


def test_anidb_pacing_holds_across_runs(replay, settings) -> None:
    """A second run right after the first still waits AniDB's 2 seconds: bans are per client."""
    fetch(replay, settings, "anidb:959")
    fetch(replay, replace(settings, refresh=True), "anidb:959")
    first, second = replay.requests
    assert second["time"] - first["time"] >= 2.0 - ARRIVAL_JITTER


def test_banned_client_stops_asking_anidb(replay, settings, tmp_path) -> None:
    banned = tmp_path / "banned.xml"
    banned.write_text("<error>Banned</error>", encoding="utf-8")
    recording = replay.by_file("anidbfortvdb-anime-1-seikai-no-monshou.xml")
    fake = replace(recording, file=str(banned), service="anidb")
    replay.recordings.append(fake)
    try:
        replay.script[("anidb", "/httpapi")] = [str(banned)]
        items = fetch(replay, settings, "anidb:1", "anidb:959")
    finally:
        replay.recordings.remove(fake)
    assert reasons(items) == [
        "AniDB answered an error: Banned",
        "AniDB answered an error: Banned (no more AniDB requests this run)",
    ]
    assert len(replay.requests) == 1


def test_gzip_answers_are_bounded(replay, settings) -> None:
    items = fetch(replay, replace(settings, max_bytes=10_000), "anidb:959")
    # AniDB's answers arrive gzip-compressed (24,037 bytes here); the limit counts the
    # inflated bytes (81,550), so the answer is refused while it is being inflated.
    assert reasons(items) == ["response larger than 10000 bytes"]


def test_sources_name_the_request(replay, settings) -> None:
    [doc] = documents(fetch(replay, settings, "anilist:1"))
    assert doc.source == (f'anilist:1 media POST {replay.base}/anilist media.graphql {{"id": 1}}')
    assert doc.media_type == "application/json" and doc.fetched_at
    assert doc.url == f"{replay.base}/anilist"


@pytest.mark.parametrize("value", ["anilist:21", "JIKAN:1", "kitsu:0001"])
def test_service_sources_parse(value: str) -> None:
    ref = parse_ref(value)
    assert ref is not None and ref.anime_id == str(int(value.split(":")[1]))


@pytest.mark.parametrize("value", ["anilist:", "anilist:abc", "imdb:1", "c:/x", "https://x"])
def test_other_inputs_are_not_service_sources(value: str) -> None:
    assert parse_ref(value) is None
