"""`cmaplan export`: the calendar, the document, the page and the picture (issue 11)."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import html5lib
import pytest
import vobject
from icalendar import Calendar
from typer.testing import CliRunner, Result

from tests.conftest import ROOT, cli

runner = CliRunner()
SNAPSHOTS = ROOT / "tests" / "snapshots"


def run(*args: str, env: dict[str, str] | None = None, code: int = 0) -> Result:
    """cmaplan ARGS; the test fails unless it exits with `code` (conftest.cli)."""
    return cli(*args, code=code, env=env)


def init(example: str = "img-residency") -> None:
    assert run("init", "--example", example).exit_code == 0


def export(fmt: str, env: dict[str, str] | None = None) -> str:
    result = run("export", fmt, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def steps() -> list[dict[str, Any]]:
    return list(json.loads(run("timeline", "--json").stdout)["steps"])


# --- ics ---------------------------------------------------------------------------------------


def events(text: str) -> dict[str, Any]:
    calendar = Calendar.from_ical(text)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_ics_has_one_event_per_step_and_milestone_on_the_plans_dates() -> None:
    init()
    run("check", "transcripts", "--on", "2026-11-20", "--note", "sent two")
    found = events(export("ics"))
    plan = steps()
    by_step = {uid.split(".")[0]: e for uid, e in found.items()}
    for step in plan:
        event = by_step[step["id"]]
        day = date.fromisoformat(step["done_on"] or step["due"])
        assert event.decoded("dtstart") == day
        assert event.decoded("dtend") == day + timedelta(days=1)
    extra = {k for k in by_step if k not in {s["id"] for s in plan}}
    payments = {k for k in extra if k.startswith("payment-")}  # issue 23: a day's payments
    assert len(payments) >= 2
    assert extra - payments == {"program-start", "category1-ends", "credential-expires"}
    done = by_step["transcripts"]
    assert str(done["status"]) == "CONFIRMED"
    assert str(done["summary"]).startswith("Done: ")
    assert "Your note: sent two" in str(done["description"])
    assert "[x] Order several sealed official copies" in str(done["description"])  # done: all
    assert str(by_step["translation"]["status"]) == "TENTATIVE"


def test_ics_uids_are_stable_and_sequence_grows() -> None:
    init()
    first = events(export("ics"))
    assert events(export("ics")).keys() == first.keys()
    run("check", "transcripts", "translation")  # the forecast moves
    second = events(export("ics"))
    assert second.keys() == first.keys()
    uid = next(u for u in first if u.startswith("credential-eval."))
    assert second[uid].decoded("dtstart") != first[uid].decoded("dtstart")
    assert int(second[uid]["sequence"]) > int(first[uid]["sequence"])
    later = events(export("ics", env={"CMAPLAN_TODAY": "2026-12-01"}))
    assert int(later[uid]["sequence"]) > int(second[uid]["sequence"])  # a day later, also newer


def test_ics_alarms_sit_on_the_deadlines_that_cost_money_or_the_credential(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text(
        "start_date = 2026-12-01\ndiploma = true\nforeign_medical_degree = false\n"
        'program = "certificate"\npace = "full-time"\ngoal = "career"\n'
        "graduated_on = 2026-01-10\n"
    )
    assert run("init", "--answers", str(answers)).exit_code == 0
    found = {uid.split(".")[0]: e for uid, e in events(export("ics")).items()}
    triggers = {
        key: sorted(a.decoded("trigger") for a in e.walk("VALARM")) for key, e in found.items()
    }
    week, month = timedelta(days=-7), timedelta(days=-30)
    assert triggers["exam-apply"] == [week]
    assert triggers["recertify"] == [week]
    assert triggers["category1-ends"] == [week]
    assert triggers["credential-expires"] == [month, week]
    assert triggers["resume"] == []
    assert found["category1-ends"].decoded("dtstart") == date(2027, 1, 10)


def test_ics_passes_a_second_strict_parser() -> None:
    init()
    run("check", "transcripts", "--note", "a note; with, commas\\ and [brackets]")
    text = export("ics")
    parsed = vobject.readOne(text)  # raises on anything it cannot read
    assert parsed.name == "VCALENDAR"
    payments = [e for e in parsed.vevent_list if e.uid.value.startswith("payment-")]
    assert payments  # issue 23: the payments, each with its own event
    # a step each, program start, Category 1 and expiry, besides the payments
    assert len(parsed.vevent_list) - len(payments) == len(steps()) + 3
    for event in parsed.vevent_list:
        assert event.uid.value.endswith("@cmaplan")
        assert event.dtstamp.value.tzinfo is not None
    assert all(len(line.encode()) <= 75 for line in text.splitlines())  # folded lines


# --- markdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize("example", ["img-residency", "high-school-student"])
def test_markdown_snapshots(example: str) -> None:
    init(example)
    run("check", steps()[0]["id"], "--note", "kept the [receipt](x) <b>")
    run("check", f"{steps()[1]['id']}.1")
    text = export("markdown")
    snapshot = SNAPSHOTS / f"{example}.md"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(text)
    assert text == snapshot.read_text(), f"run with UPDATE_SNAPSHOTS=1 to accept {snapshot}"


def test_markdown_has_every_step_with_its_task_state() -> None:
    init()
    run("check", "transcripts", "choose-program")
    run("check", "translation.2")
    text = export("markdown")
    for step in steps():
        line = next(row for row in text.splitlines() if f"(`{step['id']}`)" in row)
        assert line.startswith("- [x]" if step["done"] else "- [ ]"), line
    assert "  - [x] Order extra certified copies." in text
    assert text.rstrip().splitlines()[-1].startswith("Made with cmaplan")
    assert "## Sources" in text


def test_markdown_escapes_text_from_the_plan() -> None:
    init()
    run("note", "transcripts", "[link](http://x) *bold* <script>")
    text = export("markdown")
    # an address is shown as code, where GitHub makes no link of it (tests/test_export_text.py)
    assert "`[link](http://x)` \\*bold\\* \\<script\\>" in text


# --- html and svg -----------------------------------------------------------------------------


def _no_external_loads(text: str) -> None:
    assert "<script" not in text
    assert "<link" not in text
    assert not re.search(r"""<[^>]*\b(?:src|href)\s*=\s*["']?https?:""", text)  # in a tag
    assert not re.search(r"url\(\s*['\"]?https?:", text)
    assert "@import" not in text


def test_html_is_well_formed_complete_and_self_contained() -> None:
    init()
    run("note", "transcripts", "<img src=http://evil/x.png> & [red]")
    text = export("html")
    parser = html5lib.HTMLParser(strict=True)
    document = parser.parse(text)  # raises on any parse error
    assert document is not None
    for step in steps():
        assert f'id="step-{step["id"]}"' in text
    _no_external_loads(text)
    assert "&lt;img src=http://evil/x.png&gt; &amp; [red]" in text
    headings = [int(h) for h in re.findall(r"<h([1-6])", text)]
    assert headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))  # in order
    assert '<th scope="col">' in text
    assert "<caption>" in text
    assert 'role="img"' in text
    assert "@media print" in text


def test_svg_is_well_formed_and_names_every_step() -> None:
    init()
    text = export("svg")
    root = ET.fromstring(text.split("?>", 1)[1])  # strict XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    for step in steps():
        assert any(t and f"({step['id']})" in t for t in titles), step["id"]
    _no_external_loads(text)


@pytest.mark.skipif(
    not os.environ.get("CMAPLAN_BROWSER_TESTS")
    and not (
        (shutil.which("chromium-headless-shell") or shutil.which("chromium"))
        and shutil.which("pdftotext")
    ),
    reason="needs headless Chromium and pdftotext (poppler-utils); .ci/run installs both and "
    "sets CMAPLAN_BROWSER_TESTS=1",
)
def test_a_real_browser_prints_the_page_with_every_step(tmp_path: Path) -> None:
    browser = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    assert browser, "CMAPLAN_BROWSER_TESTS is set but no Chromium was found"
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed with the browser"
    init()
    run("check", "transcripts", "--note", "done early")
    page = tmp_path / "plan.html"
    assert run("export", "html", "-o", str(page)).exit_code == 0
    pdf = tmp_path / "plan.pdf"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    for step in steps():
        assert step["title"] in flat, step["title"]
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) == len([p for p in pages if p != ""])  # no blank
    assert "done early" in flat


@pytest.mark.skipif(
    not os.environ.get("CMAPLAN_BROWSER_TESTS")
    and not (shutil.which("chromium-headless-shell") or shutil.which("chromium")),
    reason="no headless Chromium here (.ci/run installs one and sets CMAPLAN_BROWSER_TESTS=1)",
)
@pytest.mark.parametrize("years", [0, 1, 3])
def test_in_a_real_browser_no_text_of_the_chart_runs_past_its_edge(
    tmp_path: Path, years: int
) -> None:
    """Chromium lays the SVG out and measures every text in it: none ends past the picture's
    right edge (the last year on the axis was cut)."""
    browser = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    assert browser, "CMAPLAN_BROWSER_TESTS is set but no Chromium was found"
    init()
    on = {"CMAPLAN_TODAY": f"{2026 + years}-12-20"}
    svg = run("export", "svg", "-o", "-", env=on).stdout
    page = tmp_path / "measure.html"
    page.write_text(
        "<!doctype html><html><body>" + svg.split("?>", 1)[-1] + "<pre id=out></pre><script>"
        "const svg = document.querySelector('svg'); const width = svg.viewBox.baseVal.width;"
        "const out = [...svg.querySelectorAll('text')].filter(t => {"
        " const b = t.getBBox(); return b.x + b.width > width || b.x < 0; })"
        " .map(t => t.textContent);"
        "document.getElementById('out').textContent = 'PAST:' + JSON.stringify(out);"
        "</script></body></html>",
        encoding="utf-8",
    )
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "PAST:[]" in dom, dom[dom.find("PAST:") :][:300]


# --- the command --------------------------------------------------------------------------------


def test_export_to_a_file_replaces_it_whole(tmp_path: Path) -> None:
    init()
    out = tmp_path / "plan.ics"
    out.write_text("old content that is much longer than nothing " * 100)
    result = run("export", "ics", "-o", str(out))
    assert result.exit_code == 0
    assert f"Wrote your plan as ics to {out}." in result.stdout
    assert out.read_text().startswith("BEGIN:VCALENDAR")
    assert "old content" not in out.read_text()
    assert run("export", "ics", "-o", "-").stdout.startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    ("kind", "code"), [("folder", 64), ("fifo", 74), ("device", 74), ("plan", 64), ("backup", 64)]
)
def test_export_refuses_paths_it_must_not_write(
    kind: str, code: int, plan_path: Path, tmp_path: Path
) -> None:
    init()
    run("check", "transcripts")  # makes the backup
    target = {
        "folder": tmp_path,
        "fifo": tmp_path / "fifo",
        "device": Path("/dev/null"),
        "plan": plan_path,
        "backup": plan_path.with_name("plan.toml.bak"),
    }[kind]
    if kind == "fifo":
        os.mkfifo(target)
    before = plan_path.read_bytes()
    result = run("export", "html", "-o", str(target), code=code)
    assert len(result.stderr.strip().splitlines()) == 1
    assert plan_path.read_bytes() == before
    if kind == "device":
        assert Path("/dev/null").is_char_device()


def test_export_refuses_a_folder_name_or_a_missing_folder(tmp_path: Path) -> None:
    init()
    result = run("export", "ics", "-o", f"{tmp_path}/exports/", code=64)
    assert f"names a folder; give a file name, such as {tmp_path}/exports/plan.ics" in (
        result.stderr
    )
    (tmp_path / "there").mkdir()  # a folder that exists, typed without its slash: the same
    result = run("export", "ics", "-o", str(tmp_path / "there"), code=64)
    assert f"names a folder; give a file name, such as {tmp_path}/there/plan.ics" in (result.stderr)
    result = run("export", "ics", "-o", str(tmp_path / "typo" / "plan.ics"), code=64)
    assert result.exit_code == 64
    assert f"the folder {tmp_path / 'typo'} does not exist" in result.stderr
    assert not (tmp_path / "exports").exists()
    assert not (tmp_path / "typo").exists()


def test_a_new_export_is_private_and_a_replaced_one_keeps_its_permissions(tmp_path: Path) -> None:
    init()
    fresh = tmp_path / "new.html"
    assert run("export", "html", "-o", str(fresh)).exit_code == 0
    assert fresh.stat().st_mode & 0o777 == 0o600
    shared = tmp_path / "shared.html"
    shared.write_text("old")
    shared.chmod(0o644)  # the person chose to share this one
    assert run("export", "html", "-o", str(shared)).exit_code == 0
    assert shared.stat().st_mode & 0o777 == 0o644
    assert shared.read_text().startswith("<!DOCTYPE html>")


def test_an_unknown_format_is_a_usage_error() -> None:
    init()
    result = run("export", "pdf", code=2)
    assert result.exit_code == 2
    assert 'there is no export format "pdf"; the formats are ics, markdown, html, svg' in (
        result.stderr
    )
    assert run("export", "MD").exit_code == 0  # case and short names are fine


def test_export_ics_needs_no_terminal_and_no_network(tmp_path: Path) -> None:
    """Run as a person would: a separate process, output to a file."""
    plan = tmp_path / "plan.toml"
    env = {**os.environ, "CMAPLAN_PLAN": str(plan)}
    subprocess.run(
        [sys.executable, "-m", "cmaplan", "init", "--example", "img-residency"],
        env=env,
        check=True,
        capture_output=True,
    )
    out = tmp_path / "plan.ics"
    done = subprocess.run(
        [sys.executable, "-m", "cmaplan", "export", "ics", "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert Calendar.from_ical(out.read_bytes())


def test_a_done_steps_checklist_is_shown_ticked_everywhere(plan_path: Path) -> None:
    """Marking a step done ticks its whole checklist in show and in every export."""
    init()
    run("check", "transcripts")
    shown = run("show", "transcripts").stdout
    assert "☑ 1." in shown
    assert "☐" not in shown
    markdown = run("export", "markdown").stdout
    start = markdown.index("**Request official transcripts")
    section = markdown[start : markdown.index("- [ ] **", start)]
    assert "  - [x] Order several sealed official copies" in section
    assert "[ ]" not in section


def test_the_picture_follows_today_after_the_first_job() -> None:
    """Once the first job is reached the svg still runs a year past today, like the terminal
    chart: the steps of the goal ahead get bars, not only "→ date" labels."""
    import xml.etree.ElementTree as ET

    init()
    on = {"CMAPLAN_TODAY": "2028-08-01"}
    before_job = [s["id"] for s in steps() if s["phase"] in {"prepare", "program", "exam"}]
    run("check", *before_job, "--on", "2028-05-01", env=on)
    run(
        "check",
        "resume",
        "employer-policy",
        "job-search",
        "first-job",
        "--on",
        "2028-07-15",
        env=on,
    )
    svg = ET.fromstring(run("export", "svg", env=on).stdout)
    labels = [
        t.text for t in svg.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "axis"
    ]
    assert "2029" in labels, labels
    beyond = [t.removeprefix("→ ") for t in labels if t and t.startswith("→ ")]
    assert all(day > "2029-08-01" for day in beyond), beyond  # only what is a year away
