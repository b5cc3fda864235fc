"""What the README says about the CLI is what the CLI does; every extension point is documented."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from kansou.cli import app
from kansou.extract import registered

README = Path(__file__).resolve().parents[1] / "README.md"
_ROW = re.compile(r"^\| `(kansou [^`]+)` \| (.*) \|$")


def command_rows() -> list[tuple[str, str]]:
    """``(kansou <command>, first line of its help)`` for every command and sub-command."""
    rows: list[tuple[str, str]] = []

    def walk(group: object, prefix: str) -> None:
        for name, sub in sorted(getattr(group, "commands", {}).items()):
            full = f"{prefix} {name}".strip()
            rows.append((f"kansou {full}", (sub.help or "").strip().splitlines()[0]))
            walk(sub, full)

    walk(get_command(app), "")
    return rows


def test_readme_command_table_matches_the_cli_help() -> None:
    documented = [m.groups() for line in README.read_text().splitlines() if (m := _ROW.match(line))]
    assert documented == command_rows()


def test_every_command_and_extractor_has_a_docstring() -> None:
    for command, help_line in command_rows():
        assert help_line, f"{command} has no help text"
    for name, extractor in registered().items():
        assert (type(extractor).__doc__ or "").strip(), f"extractor {name} has no docstring"


def test_readme_quick_start_is_two_commands_that_ci_runs() -> None:
    text = README.read_text()
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in quick.splitlines() if line.startswith("    ")]
    assert commands[0] == "pip install . && kansou demo"
    test_command = commands[1].split(" && ", 1)[1]
    ci = (README.parent / ".ci" / "run").read_text()
    assert test_command in ci
