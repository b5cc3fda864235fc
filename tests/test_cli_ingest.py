"""Ingest through the CLI: bad inputs get one clear line each, the rest of the batch lands."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Kansou

SEED_LINE = "Title: Example Show\nType: TV\nEpisodes: 12\nStatus: Finished Airing\n"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_bad_files_are_rejected_with_reasons_and_good_ones_stored(
    kansou: Kansou, tmp_path: Path, seeds_dir: Path
) -> None:
    batch = tmp_path / "batch"
    write(batch / "empty.txt", b"")
    write(batch / "blank.txt", b"   \n\n  ")
    write(batch / "image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write(batch / "nul.bin", b"abc\x00def" * 100)
    write(batch / "nothing.txt", b"Just some words here.\nNothing else at all.\n")
    write(batch / "good.txt", SEED_LINE.encode())
    empty_dir = tmp_path / "nothing-here"
    empty_dir.mkdir()
    result = kansou(
        "ingest", str(batch), str(empty_dir), str(seeds_dir / "003_2142908cda100573.txt")
    )
    assert result.exit_code == 1
    err = result.stderr
    assert f"rejected: {batch / 'empty.txt'}: empty document: no text to read" in err
    assert f"rejected: {batch / 'blank.txt'}: empty document: no text to read" in err
    assert (
        f"rejected: {batch / 'image.png'}: binary file (a PNG image), not a text or HTML page"
        in err
    )
    assert f"rejected: {batch / 'nul.bin'}: binary file (NUL bytes), not a text or HTML page" in err
    assert (
        f"rejected: {batch / 'nothing.txt'}: nothing to extract: no scores, reviews, facts "
        "or title found"
    ) in err
    assert f"rejected: {empty_dir}: directory holds no documents" in err
    assert "2 stored, 0 unchanged, 6 rejected" in result.stdout
    data = kansou.export()
    assert sorted(Path(d["source"]).name for d in data["documents"]) == [
        "003_2142908cda100573.txt",
        "good.txt",
    ]
    example = next(t for t in data["titles"] if t["name"] == "Example Show")
    assert (example["type"], example["episodes"], example["status"]) == ("TV", 12, "finished")


def test_text_in_another_encoding_is_decoded_not_mangled(kansou: Kansou, tmp_path: Path) -> None:
    page = "Title: Pokémon: Mewtwo Strikes Back — Évolution\nType: Movie\nStatus: Finished\n"
    path = write(tmp_path / "latin.txt", page.replace("—", "-").encode("cp1252"))
    assert kansou("ingest", str(path)).exit_code == 0
    [title] = kansou.export()["titles"]
    assert title["name"] == "Pokémon: Mewtwo Strikes Back - Évolution"


def test_missing_path_is_rejected(kansou: Kansou, tmp_path: Path) -> None:
    result = kansou("ingest", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert f"rejected: {tmp_path / 'nope.txt'}: no such file or directory" in result.stderr


def test_same_bytes_under_two_names_are_one_document(kansou: Kansou, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", SEED_LINE.encode())
    b = write(tmp_path / "b.txt", SEED_LINE.encode())
    result = kansou("ingest", str(a), str(b))
    assert result.exit_code == 0
    assert "1 stored, 1 unchanged, 0 rejected" in result.stdout
    assert len(kansou.export()["documents"]) == 1


def test_show_prints_the_reception_card(kansou: Kansou, seeds_dir: Path) -> None:
    assert kansou("ingest", str(seeds_dir)).exit_code == 0
    result = kansou("show", "metallic rouge")
    assert result.exit_code == 0
    out = result.stdout
    assert "Metallic Rouge" in out
    assert (
        "TV · 13 episodes · 23 min · finished · 2024-01-11 to 2024-04-04 · Winter 2024 · Bones"
        in out
    )
    assert "Site score 2.95/5 = 59.0/100" in out
    assert "a site aggregate, not a review" in out
    for text in (
        "ZNote",
        "30/100",
        "unevaluated",
        "Crimson Is The Sound of Dawn",
        "Minami Tsuda",
        "Lycoris Recoil",
    ):
        assert text in out


def test_show_unknown_title_is_an_error_naming_it(kansou: Kansou, seeds_dir: Path) -> None:
    assert kansou("ingest", str(seeds_dir)).exit_code == 0
    result = kansou("show", "Cowboy Bebop")
    assert result.exit_code == 1
    assert (
        result.stderr == "error: no title matches 'Cowboy Bebop' (known titles: Metallic Rouge)\n"
    )


def test_demo_ingests_the_bundled_documents(kansou: Kansou) -> None:
    result = kansou("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert "4 stored, 0 unchanged, 0 rejected" in result.stdout
    assert "Consensus" in result.stdout and "Metallic Rouge" in result.stdout
    again = kansou("demo", "--no-serve")
    assert "0 stored, 4 unchanged, 0 rejected" in again.stdout  # a --db is never wiped
    [title] = [t for t in kansou.export()["titles"] if t["name"] == "Metallic Rouge"]
    assert title["source_ids"]["myanimelist"] == "54794"  # linked to the bundled catalog slice
    catalog = {(f["source"], f["field"]): f["value"] for f in title["catalog"]}
    assert catalog[("myanimelist", "episodes")] == 13
    mal = [s for s in title["site_scores"] if s["source"] == "MyAnimeList (catalog)"]
    assert [s["scale_max"] for s in mal] == [10.0]
