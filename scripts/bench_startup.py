"""Measure how long cmaplan's everyday commands take, start-up included.

Run from the repository root, in the environment where cmaplan is installed:
    python scripts/bench_startup.py [--runs N]
Each command runs N times (default 15) as a fresh process against a throw-away plan made from
the img-residency example; the table gives the median and the fastest run in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [
    ["--version"],
    ["timeline", "--json"],
    ["timeline"],
    ["status"],
    ["check", "resume"],
    ["check", "resume", "--undo"],
    ["show", "externship"],
]


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cmaplan", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CMAPLAN_PLAN": str(Path(folder) / "plan.toml"), "COLUMNS": "120"}
        run(
            [
                "init",
                "--example",
                "img-residency",
            ],
            env,
        )
        run(["--version"], env)  # warm the file cache
        print(f"{'command':32} {'median ms':>10} {'fastest ms':>11}")
        bare = []
        for _ in range(options.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            bare.append((time.perf_counter() - start) * 1000)
        print(f"{'(python itself)':32} {statistics.median(bare):10.0f} {min(bare):11.0f}")
        for args in COMMANDS:
            times = [run(args, env) for _ in range(options.runs)]
            label = "cmaplan " + " ".join(args)
            print(f"{label:32} {statistics.median(times):10.0f} {min(times):11.0f}")


if __name__ == "__main__":
    main()
