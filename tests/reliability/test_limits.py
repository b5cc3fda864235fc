"""Resource limits: oversized documents, compression bombs, deep nesting, and input shaped
to make regular expressions backtrack. Each page is processed in a child process with a
timeout, so a catastrophic pattern fails the test instead of hanging it; time is CPU time
(``time.process_time``), which the load of other processes does not inflate."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kansou.load.files import MAX_DOCUMENT_BYTES
from tests.reliability.conftest import run_kansou

#: CPU seconds one hostile page may take. The seeds take ~0.05 s each here; a 1 MB
#: page of real prose ~0.5 s; 2 s leaves a margin of four without hiding a quadratic
#: pattern (those took minutes on these inputs before they were bounded).
PAGE_CPU_SECONDS = 2.0
MB = 1_000_000

#: One line of 1 MB each: runs that make a lazy or nested quantifier try every split.
PATHOLOGICAL_LINES = {
    "digits and slashes": "1/2" * (MB // 3),
    "a/ repeated": "a/" * (MB // 2),
    "capitals": "A" * MB,
    "capitalized words": "Metallic Rouge " * (MB // 15),
    "spaces": "a" + " " * MB + "!",
    "digits": "9" * MB,
    "dots": "1." * (MB // 2),
    "labels": "Score: " * (MB // 7),
    "episodes": "Episode 1 " * (MB // 10),
    "stars": "★" * (MB // 3),
    "dashes": "- " * (MB // 2),
    "separators": "Ab1/2.3: -| " * (MB // 12),
    "commas": "1," * (MB // 2),
    "angle brackets": "<" * MB,
    "by": "by " * (MB // 3),
}

TIME_PAGES = textwrap.dedent(
    """
    import json, sys, time
    from kansou.errors import DocumentRejected
    from kansou.model import Document
    from kansou.pipeline import process

    media_type, pages = sys.argv[1], json.load(sys.stdin)
    for name, text in pages.items():
        started = time.process_time()
        try:
            process(Document("limits", text.encode(), media_type))
            outcome = "stored"
        except DocumentRejected as exc:
            outcome = exc.message
        cpu = time.process_time() - started
        print(json.dumps({"name": name, "cpu": cpu, "outcome": outcome}), flush=True)
    """
)


def time_pages(pages: dict[str, str], media_type: str, timeout: float = 300) -> dict[str, float]:
    """CPU seconds of processing each page, in one child process; a hang names its page."""
    proc = subprocess.Popen(
        [sys.executable, "-c", TIME_PAGES, media_type],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(json.dumps(pages), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    done = {r["name"]: r["cpu"] for r in map(json.loads, out.splitlines())}
    hung = next((name for name in pages if name not in done), None)
    assert hung is None, f"page '{hung}' ({media_type}) did not end in {timeout} s: {err[-800:]}"
    return done


def time_page(raw: bytes, media_type: str) -> dict[str, object]:
    return {"cpu": time_pages({"page": raw.decode()}, media_type)["page"]}


@pytest.fixture(scope="module")
def pathological_times() -> dict[str, dict[str, float]]:
    as_html = {k: f"<html><body><p>{v}</p></body></html>" for k, v in PATHOLOGICAL_LINES.items()}
    return {
        "text/plain": time_pages(PATHOLOGICAL_LINES, "text/plain"),
        "text/html": time_pages(as_html, "text/html"),
    }


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_LINES))
@pytest.mark.parametrize("media_type", ["text/plain", "text/html"])
def test_a_pathological_megabyte_line_is_processed_in_bounded_time(
    pathological_times: dict[str, dict[str, float]], name: str, media_type: str
) -> None:
    assert pathological_times[media_type][name] < PAGE_CPU_SECONDS


def test_many_short_lines_take_time_linear_in_their_number() -> None:
    small = time_page("".join(f"line {i}\n" for i in range(10_000)).encode(), "text/plain")
    large = time_page("".join(f"line {i}\n" for i in range(40_000)).encode(), "text/plain")
    assert float(large["cpu"]) < 8 * max(float(small["cpu"]), 0.05), (small, large)


def test_a_hundred_thousand_nested_divs_are_processed_in_bounded_time() -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + "Deep review. Score: 7/10" + "</div>" * depth
    result = time_page((page + "</body></html>").encode(), "text/html")
    assert result["cpu"] < PAGE_CPU_SECONDS, result


def test_unclosed_nesting_is_processed_in_bounded_time() -> None:
    page = "<html><body>" + "<div><span><b><i>" * 50_000 + "text"
    result = time_page(page.encode(), "text/html")
    assert result["cpu"] < PAGE_CPU_SECONDS, result


def test_a_document_over_the_size_limit_is_rejected_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: no 20 MB written to disk
    result = run_kansou(tmp_path / "db.sqlite", "ingest", str(big))
    assert result.returncode == 1
    assert (
        f"rejected: {big}: too large: {MAX_DOCUMENT_BYTES + 1:,} bytes "
        f"(limit {MAX_DOCUMENT_BYTES:,})" in result.stderr
    )


def warc_bomb(path: Path, inflated_bytes: int) -> Path:
    """A .warc.gz whose one page record inflates to ``inflated_bytes`` of zeros."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    class Zeros(io.RawIOBase):
        def __init__(self, n: int) -> None:
            self.left = n

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            n = min(len(buffer), self.left)
            buffer[:n] = bytes(n)
            self.left -= n
            return n

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Length", str(inflated_bytes))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            "https://example.org/bomb",
            "response",
            payload=io.BufferedReader(Zeros(inflated_bytes), 1 << 20),
            http_headers=headers,
            length=inflated_bytes,
        )
        writer.write_record(record)
    return path


def peak_rss_mb(argv: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``argv``; return its result and the peak RSS of the child (MB, from wait4)."""
    import os
    import time

    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        assert time.monotonic() < deadline, "the command did not end"
        time.sleep(0.05)
    out, err = proc.stdout.read() if proc.stdout else "", proc.stderr.read() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    return subprocess.CompletedProcess(argv, code, out, err), usage.ru_maxrss / 1024


def test_a_warc_gzip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    bomb = warc_bomb(tmp_path / "bomb.warc.gz", 100 * MB)
    assert bomb.stat().st_size < 2 * MB
    from tests.reliability.conftest import kansou_argv

    small = tmp_path / "small.txt"
    small.write_text("Title: Small Show\nType: TV\nEpisodes: 12\n", encoding="utf-8")
    _, base = peak_rss_mb(kansou_argv(tmp_path / "base.sqlite", "ingest", str(small)))
    result, rss = peak_rss_mb(kansou_argv(tmp_path / "db.sqlite", "ingest", str(bomb)))
    assert result.returncode == 1
    assert "bomb.warc.gz" in result.stderr and "Traceback" not in result.stderr
    # Measured against the same command on a tiny page (the interpreter and its libraries
    # weigh differently from one environment to the next): the 100 MB never sit in memory.
    assert rss - base < 100, f"peak RSS {rss:.0f} MB for a 100 MB bomb, {base:.0f} MB for a page"


def test_a_gzip_page_is_not_inflated(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(gzip.compress(b"<html>" + b"a" * 5 * MB))
    result = run_kansou(tmp_path / "db.sqlite", "ingest", str(page))
    assert result.returncode == 1
    assert "binary file (gzip-compressed data)" in result.stderr
