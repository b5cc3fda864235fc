"""The replay server of the recorded service answers, one per test module, knobs reset per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kansou.load.services import SessionSettings
from tests.conftest import shared_path
from tests.services.replay import ReplayServer, read_recordings, replay_server


@pytest.fixture(scope="module")
def _server() -> Iterator[ReplayServer]:
    apis = shared_path("apis")
    with replay_server(read_recordings(apis)) as server:
        yield server


@pytest.fixture
def replay(_server: ReplayServer) -> ReplayServer:
    """The module's replay server, with no scripted answers and an empty request log."""
    _server.script.clear()
    _server.truncate.clear()
    _server.retry_after = None
    _server.requests.clear()
    _server.turns.clear()
    return _server


@pytest.fixture
def settings(tmp_path: Path) -> SessionSettings:
    """Sessions that may reach the loopback replay server, with a short backoff."""
    return SessionSettings(cache_dir=tmp_path / "cache", allow_private=True, backoff=0.05)
