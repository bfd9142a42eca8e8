"""Every command, declared once (commands layer): its words, options, help and body.

The typer app (`cli/build.py`) and the quick path (`commands/reading.py`) are both made from
`COMMANDS`. A body is named, not imported — `(module under cmaplan, function)`, called with one
keyword argument per `Param` — so reading this table costs about 2 ms at start-up, not the
import of every command.

Adding a command: one `Command` here and one function for its body. Adding an option: one
`Param` here and the keyword in its body.
"""

from __future__ import annotations

from cmaplan.commands.money_declared import COSTS
from cmaplan.commands.study_declared import STUDY
from cmaplan.commands.table import Command, Param, arg, flag, opt
from cmaplan.views import exports


def _json(what: str = "") -> Param:
    said = f"Print {what} as one JSON object instead." if what else "One JSON object instead."
    return flag("json_out", "--json", said)


def _program_fields(starts: str) -> tuple[Param, ...]:
    """The options `program add` and `program edit` share (edit changes only those given)."""
    return (
        opt("type", "--type", "TYPE", "certificate or associate."),
        opt("accreditor", "--accreditor", "BODY", "CAAHEP or ABHES."),
        opt("months", "--months", "N", "Full-time length, externship included.", "whole"),
        opt("part_time_months", "--part-time-months", "N", "Part-time length.", "whole"),
        opt("starts", "--starts", "DATE", starts, many=True),
        opt("format", "--format", "FORMAT", "on-campus, hybrid or online-hybrid."),
        opt("cost", "--cost", "USD", "Its tuition, for the whole program: 12500 or 12,500."),
        opt("fees", "--fees", "USD", "Books, supplies, uniforms and other fees."),
        opt(
            "asks",
            "--asks",
            "CHECK",
            "What it asks before day one (repeat): immunizations, background-check, "
            "drug-screen, cpr-bls, minimum-age.",
            many=True,
        ),
        opt("pass_rate", "--pass-rate", "PCT", "First-time CMA pass rate, %.", "number"),
        opt("externship", "--externship", "TEXT", "Where students do it."),
        opt("img_support", "--img-support", "ANSWER", "yes, no or unknown."),
        opt("city", "--city", "TEXT", "Where it is."),
        opt("url", "--url", "URL", "Its web page."),
        opt("note", "--note", "TEXT", "Anything else to remember."),
        flag("past", "--past", "Accept intake dates that have passed."),
    )


_CEU = (
    Command(
        "add",
        "Record a continuing-education activity.",
        ("commands.credential", "ceu_add"),
        (
            opt(
                "area",
                "--area",
                "AREA",
                "general, administrative or clinical.",
                required=True,
                complete="area",
            ),
            opt(
                "points",
                "--points",
                "N",
                "Points (CEUs), in steps of 0.5.",
                "number",
                required=True,
            ),
            opt("title", "--title", "TEXT", "What the activity was.", required=True),
            opt("on", "--on", "DATE", "When you did it (default today).", complete="day"),
            opt("provider", "--provider", "TEXT", "Who gave the credit."),
            flag(
                "approved",
                "--approved",
                "AAMA-approved CEUs or not (not said: approved only without a provider or "
                "from the AAMA).",
                default=None,
                off="--not-approved",
            ),
            opt("proof", "--proof", "FILE", "Where the certificate is kept.", "path"),
        ),
    ),
    Command(
        "list",
        "Every CEU recorded, numbered (for `cmaplan ceu remove N`), by period.",
        ("commands.credential", "ceu_list"),
    ),
    Command(
        "remove",
        "Delete one CEU (recorded in the history; `cmaplan undo` brings it back).",
        ("commands.credential", "ceu_remove"),
        (arg("number", "N", "The number `ceu list` shows.", value="whole", required=True),),
    ),
    Command(
        "import",
        "Add CEUs from a CSV file: date, area, points, title, provider, approved. All or nothing.",
        ("commands.credential", "ceu_import"),
        (arg("file", "FILE", "A CSV file with a header.", value="path", required=True),),
    ),
)

_PROGRAM = (
    Command(
        "add",
        "Record a program you are considering, with what the school told you.",
        ("commands.programs", "program_add"),
        (
            arg("name", "NAME", "What you call the program.", required=True),
            *_program_fields("An intake date (repeat)."),
        ),
    ),
    Command(
        "edit",
        "Change what you recorded about a program (only the options you give).",
        ("commands.programs", "program_edit"),
        (
            arg("name", "NAME", "The program to change.", required=True, complete="program"),
            opt("new_name", "--name", "NEW", "A new name."),
            *_program_fields("An intake date (repeat); replaces the dates."),
        ),
    ),
    Command(
        "remove",
        "Forget a program (`cmaplan undo` brings it back).",
        ("commands.programs", "program_remove"),
        (arg("name", "NAME", required=True, complete="program"),),
    ),
    Command(
        "list",
        "The programs you are considering, and the one you chose.",
        ("commands.programs", "program_list"),
    ),
    Command(
        "compare",
        "Your programs side by side: the questions to ask, and the dates each gives you.",
        ("commands.programs", "program_compare"),
        (_json(),),
    ),
    Command(
        "choose",
        "Plan on the program you chose: its type, length and intake dates.",
        ("commands.programs", "program_choose"),
        (
            arg("name", "NAME", "The program you chose.", complete="program"),
            flag("none", "--none", "Stop using a chosen program: plan from your answers again."),
            opt("on", "--on", "DATE", "When you chose (default today)."),
        ),
    ),
)

COMMANDS: tuple[Command, ...] = (
    Command(
        "init",
        "Make your plan (or change your answers).\n\nAnswer a few questions, or give --answers "
        "FILE or --example NAME; the plan is saved. Run it again to change your answers: your "
        "progress carries over.",
        ("commands.making", "init"),
        (
            opt(
                "answers",
                "--answers -a",
                "FILE",
                "Read your answers from FILE (TOML) instead of asking.",
                "path",
            ),
            opt(
                "example",
                "--example",
                "NAME",
                "Start from a shipped example (below).",
                complete="example",
            ),
            opt(
                "save_answers",
                "--save-answers",
                "FILE",
                "Also write your answers to FILE, to keep, edit or reuse with --answers.",
                "path",
            ),
            flag(
                "force",
                "--force",
                "With --answers or --example: replace an existing plan (progress carries over).",
            ),
        ),
        epilog=("commands.making", "examples_epilog"),
    ),
    Command(
        "status",
        "The short daily view.\n\nProgress, what is next (overdue first), warnings and the "
        "expected finish.",
        ("commands.views", "status"),
        (
            flag("history", "--history", "Also list the latest changes to the plan."),
            _json("the daily view"),
        ),
    ),
    Command(
        "timeline",
        "Your whole plan, phase by phase.\n\nDates, status and a bar chart of the months ahead; "
        "--json for one JSON object.",
        ("commands.views", "timeline"),
        (
            flag("show_all", "--all", "Also list the steps of phases finished long ago."),
            opt(
                "phase",
                "--phase",
                "NAME",
                "Show only this phase (repeatable): prepare, program, exam, work, next, keep, "
                'or its heading, e.g. "get ready".',
                many=True,
                complete="phase",
            ),
            flag("no_bars", "--no-bars", "Leave out the bar chart."),
            _json("the plan"),
        ),
    ),
    Command(
        "show",
        "One step in full.\n\nWhy it matters for you, its checklist, dates, what it waits for, "
        "your note and sources.",
        ("commands.views", "show_step"),
        (arg("step_id", "ID", "A step id, e.g. externship.", required=True, complete="step"),),
    ),
    Command(
        "check",
        "Mark steps done or tick checklist items.\n\nThe rest of the plan moves to match. With "
        "no ID, pick from a list.",
        ("commands.progress", "check"),
        (
            arg(
                "targets",
                "[ID|ID.N]...",
                "Steps (externship) or checklist items (choose-program.2); none: a list.",
                many=True,
                complete="target",
            ),
            opt(
                "on",
                "--on",
                "DATE",
                "The day you did it: YYYY-MM-DD, today or yesterday (default today).",
                complete="day",
            ),
            flag("undo", "--undo", "Reopen the steps, or untick the items."),
            opt("note", "--note", "TEXT", "Keep a note on the steps."),
            flag(
                "failed",
                "--failed",
                "With exam: record a failed attempt (with --undo: take the latest back).",
            ),
        ),
    ),
    Command(
        "note",
        'Keep a note on a step.\n\nThe step is not marked done; "" clears the note.',
        ("commands.progress", "note"),
        (
            arg("step_id", "ID", "The step to keep a note on.", required=True, complete="target"),
            arg("text", "TEXT", 'The note; "" clears it.', required=True),
        ),
    ),
    Command(
        "undo",
        "Take back the latest change.\n\nA check, an untick, a note or new answers; run it again "
        "to go further back.",
        ("commands.progress", "undo_change"),
    ),
    Command(
        "ceu",
        "Your continuing-education log, against the recertification rule.\n\nAlone, `cmaplan "
        "ceu` shows your CEUs this period: points per area, approved or not, what is missing, "
        "the deadline.",
        ("commands.credential", "ceu_summary"),
        (_json("the summary"),),
        _CEU,
    ),
    Command(
        "costs",
        "What your route costs: every payment dated, by phase and month, and how to pay.\n\n"
        "Alone, `cmaplan costs` lists them; add, set, edit and remove change what you recorded.",
        ("commands.money", "costs"),
        (flag("json_out", "--json", "Print the costs as one JSON object instead."),),
        COSTS,
    ),
    Command(
        "study",
        "The months before the exam: week by week, your practice scores, how ready they say "
        "you are.\n\nAlone, `cmaplan study` shows the plan; score, remove, target and calendar "
        "change what you recorded.",
        ("commands.study", "study_show"),
        (_json("the study plan"),),
        STUDY,
    ),
    Command(
        "recertify",
        "Choose how you will renew the credential: continuing education (ce) or the exam.",
        ("commands.credential", "recertify"),
        (opt("by", "--by", "ROUTE", "ce or exam.", required=True),),
    ),
    Command(
        "program",
        "The programs you are considering, compared, and the one you chose.\n\nAlone, `cmaplan "
        "program` lists them, as `cmaplan program list` does.",
        ("commands.programs", "program_list"),
        (),
        _PROGRAM,
    ),
    Command(
        "compare",
        "What if: every route side by side, without changing your plan.",
        ("commands.routes", "compare"),
        (
            _json(),
            opt("pace", "--pace", "PACE", "full-time or part-time only."),
            opt("program", "--program", "NAME", "Only this program."),
            opt("start", "--start", "DATE", "As if you started then."),
        ),
    ),
    Command(
        "export",
        "Export your plan to a file for another program (FORMAT says which formats).\n\n"
        "Made from the plan as forecast today, with your notes and ticked items.",
        ("commands.exporting", "export"),
        (
            arg(
                "fmt",
                "FORMAT",
                f"{exports.listed()}.",
                required=True,
                complete="format",
            ),
            opt(
                "output",
                "--output -o",
                "FILE",
                "Write to FILE (replaced whole); - or none: stdout.",
            ),
        ),
    ),
    Command(
        "help",
        "Help for cmaplan, or for one command.",
        ("cli.helping", "help_command"),
        (
            arg(
                "command",
                "COMMAND",
                "A command, e.g. check or ceu add.",
                "command",
                many=True,
                complete="command",
            ),
        ),
        door="typer",
    ),
    Command(
        "completion",
        "Print a shell completion script.\n\nIt completes commands, options, phase names and the "
        "step ids of your plan.",
        ("cli.helping", "completion"),
        (
            arg(
                "shell",
                "SHELL",
                "bash, zsh, fish, powershell or pwsh.",
                required=True,
                complete="shell",
            ),
        ),
        door="typer",
    ),
)

# The options that go before the command.
PLAN = opt(
    "plan", "--plan", "FILE", "Plan file to use (default: plan.toml in your data folder).", "path"
)
VERSION = flag("version", "--version", "Show the version.")
HELP_WORDS = ("-h", "--help")
