"""Coverage-guided fuzzing of ingestion (atheris): text and HTML documents through
``kansou.pipeline.process`` for a fixed time, counting executions and crashes.

A crash is any exception other than kansou's own ``DocumentRejected`` /
``UnknownScale``, or a result that breaks the pipeline's promises (a span
outside the text, a block that is not its slice of the text, a score off
0-100). Each distinct crash (exception type and the innermost kansou frame) is
saved once under ``--artifacts`` as ``crash-<key>.bin`` with its traceback
beside it, and fuzzing goes on; every one found becomes a regression test in
``tests/reliability/test_fuzz_regressions.py``.

The fuzzer runs in a child process (libFuzzer ends its process when time is
up); this script reads its statistics and prints, as its last line, one JSON
object: ``executions``, ``crashes``, ``seconds``, ``executions_per_second``,
and ``baseline_executions_per_second`` (the same inputs without coverage
instrumentation, timed in this process, to show the instrumentation's cost).

    python benchmarks/fuzz.py --seconds 120
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
#: Inputs longer than this are cut: long pages slow every execution and the
#: regex limits are measured separately (benchmarks/limits.py).
MAX_LEN = 4_096


def seed_corpus(directory: Path) -> int:
    """Real pages (seeds, MAL pages cut to MAX_LEN) as the fuzzer's starting inputs."""
    directory.mkdir(parents=True, exist_ok=True)
    sources = (
        sorted((SHARED / "seeds").glob("*")) + sorted((SHARED / "corpus").rglob("*.html"))[:12]
    )
    for i, path in enumerate(sources):
        flag = b"\x01" if path.suffix == ".html" else b"\x00"
        (directory / f"seed-{i:03d}").write_bytes(flag + path.read_bytes()[: MAX_LEN - 1])
    return len(sources)


def check(raw: bytes, html: bool) -> None:
    """Process one document and assert the pipeline's promises; raise on a crash."""
    from kansou.errors import DocumentRejected, UnknownScale
    from kansou.model import Document
    from kansou.pipeline import process

    try:
        result = process(Document("fuzz", raw, "text/html" if html else "text/plain"))
    except (DocumentRejected, UnknownScale):
        return
    text = result.cleaned.text
    for block in result.cleaned.blocks:
        assert text[block.start : block.end] == block.text, f"block {block.index} off its text"
    for claim in result.extraction.claims:
        assert 0 <= claim.span.start <= claim.span.end <= len(text), f"span out: {claim}"
        for score in _scores(dict(claim.data)):
            n = score["normalized"]
            assert isinstance(n, int | float) and math.isfinite(n) and 0 <= n <= 100, score


def _scores(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        found = [value] if {"value", "scale_max", "normalized"} <= value.keys() else []
        return found + [s for v in value.values() for s in _scores(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _scores(v)]
    return []


def crash_key(exc: BaseException) -> str:
    """Exception type plus the innermost frame inside kansou: one key per distinct bug."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/kansou/" in f.filename]
    where = f"{frames[-1].filename.rsplit('/kansou/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}@{where}"


def run_child(artifacts: Path) -> None:
    """The fuzz target (runs under libFuzzer's control in the child process)."""
    import atheris

    with atheris.instrument_imports(include=["kansou"]):
        import kansou.pipeline  # noqa: F401

    seen: set[str] = set()

    def one_input(data: bytes) -> None:
        html = bool(data[:1]) and data[0] & 1 == 1
        try:
            check(data[1:], html)
        except Exception as exc:
            key = crash_key(exc)
            if key in seen:
                return
            seen.add(key)
            name = hashlib.sha256(key.encode()).hexdigest()[:12]
            (artifacts / f"crash-{name}.bin").write_bytes(data)
            (artifacts / f"crash-{name}.txt").write_text(
                f"{key}\nhtml={html}\n" + "".join(traceback.format_exception(exc))
            )
            print(f"CRASH {key}", file=sys.stderr, flush=True)

    atheris.Setup(sys.argv[:1] + sys.argv[sys.argv.index("--libfuzzer") + 1 :], one_input)
    atheris.Fuzz()


def baseline_rate(corpus: Path, seconds: float) -> float:
    """Executions per second of ``check`` on the seed inputs, uninstrumented, here."""
    inputs = [p.read_bytes() for p in sorted(corpus.iterdir())]
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for data in inputs:
            with contextlib.suppress(Exception):  # crashes are counted by the fuzzer
                check(data[1:], data[0] & 1 == 1)
            done += 1
    return done / (time.perf_counter() - started)


def fuzz(seconds: int, artifacts: Path, workdir: Path) -> dict[str, Any]:
    corpus = workdir / "corpus"
    n_seeds = seed_corpus(corpus)
    argv = [sys.executable, __file__, "--child", str(artifacts), "--libfuzzer"]
    argv += [f"-max_total_time={seconds}", f"-max_len={MAX_LEN}", "-print_final_stats=1"]
    argv += ["-timeout=30", "-rss_limit_mb=4096", str(corpus)]
    started = time.monotonic()
    child = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    stats = dict(re.findall(r"stat::(\w+):\s*(\d+)", child.stderr))
    executions = int(stats.get("number_of_executed_units", 0))
    crashes = sorted(p.read_text().splitlines()[0] for p in artifacts.glob("crash-*.txt"))
    if not stats:
        sys.stderr.write(child.stderr[-4000:])
    return {
        "executions": executions,
        "crashes": len(crashes),
        "crash_keys": crashes,
        "seconds": round(elapsed, 1),
        "executions_per_second": round(executions / max(elapsed, 1e-9), 1),
        "seed_inputs": n_seeds,
        "coverage_edges": int(re.findall(r"cov: (\d+)", child.stderr)[-1])
        if "cov: " in child.stderr
        else None,
    }


def main() -> None:
    if "--child" in sys.argv:
        run_child(Path(sys.argv[sys.argv.index("--child") + 1]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=120, help="How long to fuzz.")
    parser.add_argument(
        "--artifacts", type=Path, default=None, help="Where crash inputs are kept [a temp dir]."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kansou-fuzz-") as tmp:
        artifacts = args.artifacts or Path(tmp) / "artifacts"
        artifacts.mkdir(parents=True, exist_ok=True)
        figures = fuzz(args.seconds, artifacts, Path(tmp))
        figures["baseline_executions_per_second"] = round(
            baseline_rate(Path(tmp) / "corpus", min(10.0, args.seconds / 4)), 1
        )
        if args.artifacts is None and figures["crashes"]:
            kept = Path(tempfile.mkdtemp(prefix="kansou-fuzz-crashes-"))
            shutil.copytree(artifacts, kept, dirs_exist_ok=True)
            figures["artifacts"] = str(kept)
    print(f"fuzzed {figures['executions']:,} inputs in {figures['seconds']} s", file=sys.stderr)
    print(json.dumps(figures))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
