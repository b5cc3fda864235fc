"""Hostile HTTP clients on loopback, and a real ``kansou serve`` whose memory is read from /proc.

Shared by the regression tests (``test_hostile_clients.py``) and the figures of
``benchmarks/limits.py``:

- ``ServedKansou`` runs ``python -m kansou serve`` on a free port, with its log
  in a file; ``peak_mb()`` is the process's peak RSS (``VmHWM``), which
  ``reset_peak()`` starts again (``/proc/PID/clear_refs``);
- ``hold_connections`` opens idle connections from a child process (so that
  the test's own file descriptors are not spent) that send nothing, part of a
  request line, or one byte every few seconds, and says what the server did
  with each of them;
- ``streamed`` is a request body of any size that is generated, never held.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.reliability.conftest import kansou_argv

MB = 1_000_000

HOLDER = r"""
import asyncio, json, resource, sys, time

host, port, count, bind, kind, seconds, drip = sys.argv[1:8]
port, count, seconds, drip = int(port), int(count), float(seconds), float(drip)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
REQUEST = b"GET /api/v1/titles HTTP/1.1\r\nHost: kansou\r\nUser-Agent: slow\r\n"
stats = {"opened": 0, "connect_failed": 0, "held_to_end": 0, "ended_by_server": 0,
         "answers": {}, "ended_after": []}


async def hold(gate):
    async with gate:
        try:
            reader, writer = await asyncio.open_connection(host, port, local_addr=(bind, 0))
        except OSError:
            stats["connect_failed"] += 1
            return None
    stats["opened"] += 1
    return reader, writer, time.monotonic()


async def watch(reader, writer, opened, end):
    sent = 0
    if kind == "partial":
        writer.write(REQUEST[:15])
    try:
        while (left := end - time.monotonic()) > 0:
            if kind == "drip" and sent < len(REQUEST):
                writer.write(REQUEST[sent:sent + 1])
                sent += 1
            wait = min(left, drip) if kind == "drip" else left
            try:
                data = await asyncio.wait_for(reader.read(64), wait)
            except asyncio.TimeoutError:
                continue
            answer = data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else "closed"
            stats["answers"][answer] = stats["answers"].get(answer, 0) + 1
            break
        else:
            stats["held_to_end"] += 1
            return
    except OSError:
        stats["answers"]["reset"] = stats["answers"].get("reset", 0) + 1
    stats["ended_by_server"] += 1
    stats["ended_after"].append(round(time.monotonic() - opened, 2))


async def main():
    started = time.monotonic()
    gate = asyncio.Semaphore(200)
    opened = await asyncio.gather(*(hold(gate) for _ in range(count)))
    stats["open_seconds"] = round(time.monotonic() - started, 2)
    print("ready", stats["opened"], flush=True)
    end = time.monotonic() + seconds  # the hold starts once every connection is open
    await asyncio.gather(*(watch(*c, end) for c in opened if c is not None))
    after = sorted(stats.pop("ended_after"))
    stats["ended_after_s"] = {
        "min": after[0] if after else None,
        "median": after[len(after) // 2] if after else None,
        "max": after[-1] if after else None,
    }
    print(json.dumps(stats), flush=True)


asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServedKansou:
    """``kansou serve`` on a free loopback port, its stderr in ``log``; stop with ``stop()``."""

    def __init__(self, db: Path, log: Path, *args: str, token: str | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {k: v for k, v in os.environ.items() if k != "KANSOU_API_TOKEN"}
        if token:
            env["KANSOU_API_TOKEN"] = token
        argv = kansou_argv(db, "serve", "--port", str(self.port), *args)
        with log.open("wb") as handle:
            self.proc = subprocess.Popen(argv, env=env, stdout=handle, stderr=handle)
        self._wait_until_answering()

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kansou serve exited: {self.log_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/titles", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("kansou serve did not answer within 60 s")

    def _status_kb(self, field: str) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
        raise KeyError(field)

    def peak_mb(self) -> float:
        """Peak resident memory of the server process since start or ``reset_peak``."""
        return round(self._status_kb("VmHWM") / 1024, 1)

    def rss_mb(self) -> float:
        return round(self._status_kb("VmRSS") / 1024, 1)

    def reset_peak(self) -> None:
        Path(f"/proc/{self.proc.pid}/clear_refs").write_text("5")

    def cpu_seconds(self) -> float:
        """CPU time the server process has used (user and system)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)

    def open_descriptors(self) -> int:
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


#: TCP states as /proc/net/tcp writes them.
TCP_STATES = {"01": "established", "03": "syn_recv", "06": "time_wait", "08": "close_wait"}


def server_side_sockets(port: int) -> dict[str, int]:
    """The kernel's sockets on local ``port`` by state, accepted by the server or still queued."""
    counts: dict[str, int] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] != "0A":
                state = TCP_STATES.get(fields[3], fields[3])
                counts[state] = counts.get(state, 0) + 1
    return counts


def hold_connections(
    port: int, count: int, kind: str, seconds: float, bind: str = "127.0.0.1", drip: float = 5.0
) -> subprocess.Popen[str]:
    """A child process holding ``count`` connections of ``kind`` (nothing, partial, drip);
    its first line is ``ready N`` once all are opened, its last the JSON of what happened."""
    argv = [sys.executable, "-c", HOLDER, "127.0.0.1", str(port), str(count), bind, kind]
    return subprocess.Popen(
        [*argv, str(seconds), str(drip)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def ready(holder: subprocess.Popen[str]) -> int:
    """Wait for a holder's connections to be opened; how many were."""
    assert holder.stdout is not None
    line = holder.stdout.readline().split()
    if not line or line[0] != "ready":
        raise RuntimeError(f"holder failed: {' '.join(line)} {holder.stdout.read()[-2000:]}")
    return int(line[1])


def outcome(holder: subprocess.Popen[str], timeout: float = 300) -> dict[str, Any]:
    """What happened to a holder's connections (its JSON line), once it ends."""
    assert holder.stdout is not None
    out = holder.stdout.read()  # the rest of its output, read to its end
    holder.wait(timeout=timeout)
    lines = out.strip().splitlines()
    if holder.returncode != 0 or not lines:
        raise RuntimeError(f"holder failed ({holder.returncode}): {out[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def timed_get(url: str, source: str = "127.0.0.1", timeout: float = 30) -> tuple[int, float]:
    """``(status, seconds)`` of one GET on a fresh connection from the address ``source``."""
    started = time.monotonic()
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, timeout=timeout) as client:
        status = client.get(url).status_code
    return status, round(time.monotonic() - started, 3)


def streamed(total: int, chunk: int = MB) -> Iterator[bytes]:
    """A JSON document upload of exactly ``total`` bytes, made as it is sent."""
    head, tail = b'{"body": "', b'"}'
    yield head
    left = total - len(head) - len(tail)
    while left > 0:
        yield b"x" * min(chunk, left)
        left -= chunk
    yield tail
