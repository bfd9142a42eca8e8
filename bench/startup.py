"""How long each of cmaplan's commands takes as a whole process, against a bare interpreter.

    python bench/startup.py [--runs N] [--plan-variable] [--typer SPEC] [--keep]

It builds a wheel of this checkout, installs it (with its dependencies, from the package index)
into a scratch virtual environment — never an editable install — and runs each command as the
installed console script, alternating with the floor F = that environment's `python -c pass`,
so that both see the same machine load. Bytecode is written as usual (PYTHONDONTWRITEBYTECODE
is unset), and one warm-up run of each command comes first. It prints the median of each, the
ratio to F and the budget of issue 14.

The plan is the IMG residency example, kept where a user's plan lives (the default data folder,
found by platformdirs), in the scratch folder: HOME, XDG_DATA_HOME and LOCALAPPDATA point there,
so your own plan is never touched. --plan-variable names it with $CMAPLAN_PLAN instead. `check`
marks a step done and `check --undo` reopens it, in turns, so every run of either saves.
--typer installs another typer over the pinned one (e.g. --typer "typer==0.29.*") to weigh it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (arguments, budget as a multiple of F, or None where the issue sets none)
ANSWERS = "{answers}"  # stands for the answers file written in the scratch folder
COMMANDS: list[tuple[list[str], float | None]] = [
    (["--help"], 6),
    (["check", "resume"], 6),
    (["check", "resume", "--undo"], 6),
    (["status"], 8),
    (["timeline"], 10),
    # Every other command within 10×F (issue 20).
    (["status", "--json"], 10),
    (["timeline", "--json"], 10),
    (["show", "coursework"], 10),
    (["init", "--answers", ANSWERS, "--force"], 10),
    (["export", "ics"], 10),
    (["export", "markdown"], 10),
    (["export", "html"], 10),
    (["export", "svg"], 10),
    (["export", "answers"], 10),
    (["ceu"], 10),
    (["study"], 10),
    (["study", "--json"], 10),
    (["program", "list"], 10),
    (["program", "compare"], 10),
    (["compare"], 10),
    (["check", "--help"], 10),  # a command line the quick path leaves to typer
]


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def _install(scratch: Path, typer: str | None) -> Path:
    """A fresh virtual environment with cmaplan installed from a wheel; its bin folder."""
    wheels = scratch / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    env_dir = scratch / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    wheel = next(wheels.glob("cmaplan-*.whl"))
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(wheel)], check=True)
    if typer:
        subprocess.run([*pip, typer], check=True)
    return bin_dir


def _typer_version(python: str) -> str:
    code = "import importlib.metadata as m; print(m.version('typer'))"
    return subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (default 21)")
    parser.add_argument(
        "--plan-variable", action="store_true", help="name the plan with $CMAPLAN_PLAN"
    )
    parser.add_argument("--typer", metavar="SPEC", help='install this typer, e.g. "typer==0.29.*"')
    parser.add_argument("--keep", action="store_true", help="keep the scratch environment")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="cmaplan-bench-"))
    try:
        bin_dir = _install(scratch, options.typer)
        python, cmaplan = str(bin_dir / "python"), str(bin_dir / "cmaplan")
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONDONTWRITEBYTECODE", "CMAPLAN_PLAN")
        }
        env |= {"CMAPLAN_TODAY": "2026-11-26", "COLUMNS": "120", "NO_COLOR": "1"}
        # The default data folder, inside the scratch folder on every system.
        env |= {"HOME": str(scratch), "XDG_DATA_HOME": str(scratch / "data"),
                "LOCALAPPDATA": str(scratch / "data")}  # fmt: skip
        if options.plan_variable:
            env["CMAPLAN_PLAN"] = str(scratch / "plan.toml")
        subprocess.run([cmaplan, "init", "--example", "img-residency"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        answers = str(scratch / "answers.toml")
        for args in (["export", "answers", "-o", answers],
                     ["program", "add", "Valley", "--type", "certificate", "--accreditor",
                      "CAAHEP", "--months", "10"]):  # fmt: skip
            subprocess.run([cmaplan, *args], env=env, check=True, stdout=subprocess.DEVNULL)
        commands = [([answers if a == ANSWERS else a for a in args], b) for args, b in COMMANDS]
        # `ceu` needs a credential: a second plan whose exam is passed.
        ceu_env = env | {"CMAPLAN_PLAN": str(scratch / "graduate.toml")}
        for args in (["init", "--example", "recent-graduate"],
                     ["check", "exam-apply", "exam", "--on", "2026-11-20"]):  # fmt: skip
            subprocess.run([cmaplan, *args], env=ceu_env, check=True, stdout=subprocess.DEVNULL)
        for args, _ in commands:  # warm-up: bytecode written, files cached
            _time([cmaplan, *args], ceu_env if args[0] == "ceu" else env)
        floor: list[float] = []
        times: dict[str, list[float]] = {" ".join(args): [] for args, _ in commands}
        for _ in range(options.runs):
            # Every command in turn, each after a run of F: `check` then `check --undo`.
            for args, _ in commands:
                use = ceu_env if args[0] == "ceu" else env
                floor.append(_time([python, "-c", "pass"], use))
                times[" ".join(args)].append(_time([cmaplan, *args], use))
        rows = [(name, statistics.median(times[name]), budget)
                for name, budget in ((" ".join(a), b) for a, b in commands)]  # fmt: skip
        f = statistics.median(floor)
        where = "$CMAPLAN_PLAN" if options.plan_variable else "the default data folder"
        print(f"plan: the IMG residency example in {where}; typer {_typer_version(python)}")
        print(f"F = python -c pass: {f:.1f} ms (median of {len(floor)} runs)")
        print(f"{'cmaplan ...':24} {'median ms':>10} {'× F':>6} {'budget':>8}")
        for name, median, budget in rows:
            limit = f"≤ {budget:g}×F" if budget else "-"
            mark = "" if budget is None else ("  ok" if median / f <= budget else "  OVER")
            print(f"{name:24} {median:10.1f} {median / f:6.1f} {limit:>8}{mark}")
    finally:
        if options.keep:
            print(f"scratch environment kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
