"""Issue 16: inputs that stopped a batch, hung it or were misread, run through ``kansou ingest``
as a user runs it, asserting what the user reads (exit status, stdout, stderr) and what is stored."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kansou.errors import DocumentRejected
from kansou.load.files import read_capped
from kansou.load.warc import iter_warc_documents, write_warc
from kansou.model import Document
from tests.conftest import Kansou
from tests.reliability.conftest import kansou_argv

NINES = "9" * 310
REVIEW = (
    "<html><head><title>Starfall Academy review</title></head><body><article>"
    "<h1>Starfall Academy review</h1><p>Rating: 7/10</p>"
    "<p>The story moves fast and the music carries every episode to its end.</p>"
    "</article></body></html>"
)


def review(n: int) -> bytes:
    return REVIEW.replace("7/10", f"{n}/10").encode()


def test_a_file_name_of_any_bytes_is_read_and_reported_escaped(
    kansou: Kansou, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a-first.html").write_bytes(review(6))
    Path(os.fsdecode(bytes(folder) + b"/latin1-\xe9\xff.html")).write_bytes(review(7))
    (folder / "z-after.html").write_bytes(review(8))
    result = kansou("ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "3 stored, 0 unchanged, 0 rejected" in result.stdout
    sources = {d["source"] for d in kansou.export()["documents"]}
    assert f"{folder}/latin1-\\xe9\\xff.html" in sources
    assert f"{folder}/z-after.html" in sources


def test_a_non_utf8_name_rejected_is_reported_with_its_bytes_escaped(
    kansou: Kansou, tmp_path: Path
) -> None:
    empty = Path(os.fsdecode(bytes(tmp_path) + b"/empty-\xff.txt"))
    empty.write_bytes(b"")
    result = kansou("ingest", str(empty))
    assert result.exit_code == 1
    assert f"rejected: {tmp_path}/empty-\\xff.txt: empty document" in result.stderr


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe.html"
    os.mkfifo(path)
    yield path


def test_a_fifo_or_a_device_is_refused_by_its_type_and_the_batch_goes_on(
    fifo: Path, tmp_path: Path
) -> None:
    after = tmp_path / "after.html"
    after.write_bytes(review(8))
    argv = kansou_argv(tmp_path / "k.sqlite", "ingest", str(fifo), "/dev/zero", str(after))
    # Before issue 16 the FIFO blocked this command until killed, /dev/zero ate memory.
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"rejected: {fifo}: not a regular file (a FIFO): only regular files are read" in (
        done.stderr
    )
    assert "rejected: /dev/zero: not a regular file (a character device)" in done.stderr
    assert "1 stored, 0 unchanged, 2 rejected" in done.stdout


def test_special_files_in_a_directory_are_reported_not_skipped(
    kansou: Kansou, tmp_path: Path
) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    os.mkfifo(folder / "fifo")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "sock"))
    (folder / "page.html").write_bytes(review(9))
    try:
        result = kansou("ingest", str(folder))
    finally:
        listener.close()
    assert result.exit_code == 1
    assert f"rejected: {folder}/fifo: not a regular file (a FIFO)" in result.stderr
    assert f"rejected: {folder}/sock: not a regular file (a socket)" in result.stderr
    assert "1 stored, 0 unchanged, 2 rejected" in result.stdout


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")
def test_reads_are_capped_by_the_bytes_read_not_the_size_reported() -> None:
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0  # it reports nothing and holds kilobytes
    with pytest.raises(DocumentRejected, match=r"too large: more than 100 bytes read"):
        read_capped(maps, limit=100)


def test_symbolic_links_that_lead_nowhere_say_so(kansou: Kansou, tmp_path: Path) -> None:
    (tmp_path / "self").symlink_to("self")
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    (tmp_path / "dangling").symlink_to("gone.html")
    names = [str(tmp_path / n) for n in ("self", "a", "dangling", "missing")]
    result = kansou("ingest", *names)
    assert result.exit_code == 1
    assert f"rejected: {names[0]}: symbolic link to itself" in result.stderr
    assert f"rejected: {names[1]}: symbolic link loop: following it never reaches a file" in (
        result.stderr
    )
    assert (
        f"rejected: {names[2]}: broken symbolic link (to gone.html, which does not exist)"
        in result.stderr
    )
    assert f"rejected: {names[3]}: no such file or directory" in result.stderr


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_as_text(kansou: Kansou, tmp_path: Path, encoding: str) -> None:
    page = tmp_path / "utf16.html"
    page.write_bytes(review(7).decode().encode(encoding))
    result = kansou("ingest", str(page))
    assert result.exit_code == 0, result.output
    [document] = kansou.export("--include-text")["documents"]
    assert "The story moves fast" in document["text"]
    [stored] = kansou.export()["reviews"]
    assert stored["score"]["as_written"] == "7/10"


def test_an_oversized_number_is_a_dropped_claim_and_the_page_is_stored(
    kansou: Kansou, tmp_path: Path
) -> None:
    page = tmp_path / "title.txt"
    page.write_text(
        f"Starfall Academy\nType: TV\nEpisodes: {NINES}\nMembers: {NINES}\n"
        "Studios: Bones\nStatus: Finished Airing\n",
        encoding="utf-8",
    )
    result = kansou("ingest", str(page))
    assert result.exit_code == 0, result.output
    assert "kansou bug" not in result.output
    assert "1 stored, 0 unchanged, 0 rejected" in result.stdout
    assert (
        f"dropped: {page}: stat members 999999999999… (310 digits) is out of range: "
        "a count or rank is 0 to 10,000,000,000; that claim was dropped"
    ) in result.stderr
    [title] = kansou.export()["titles"]
    assert title["episodes"] is None and title["members"] is None
    assert title["type"] == "TV" and title["studios"] == ["Bones"]


def test_a_javascript_url_is_never_written_as_a_warc_record(tmp_path: Path) -> None:
    warc = tmp_path / "out.warc.gz"
    with pytest.raises(ValueError, match="cannot write 'javascript:alert\\(1\\)' as a WARC"):
        write_warc(warc, [("javascript:alert(1)", b"<html>x</html>", "text/html")])
    pages = [
        ("HTTP://Example.ORG/a", review(6), "text/html"),
        ("https://example.org/b", review(7), "text/html"),
    ]
    assert write_warc(warc, pages) == 2
    read = list(iter_warc_documents(warc))
    assert all(isinstance(d, Document) for d in read), read
    assert [d.url for d in read if isinstance(d, Document)] == [
        "http://Example.ORG/a",
        "https://example.org/b",
    ]


def test_a_fifo_named_like_a_warc_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    os.mkfifo(path)
    code = "import sys; from pathlib import Path; from kansou.load.warc import iter_warc_documents;"
    code += "print(list(iter_warc_documents(Path(sys.argv[1]))))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "not a regular file (a FIFO): only regular files are read" in done.stdout
