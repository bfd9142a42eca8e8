"""The `cmaplan study` group's subcommands, declared once (commands layer): `declared.py` puts
them under `study` (kept here so that neither module passes about 400 lines)."""

from __future__ import annotations

from cmaplan.commands.table import Command, arg, opt

_AREA_HELP = "This area's percent, 0 to 100."

STUDY = (
    Command(
        "score",
        "Record a practice test: its overall percent and any area's.",
        ("commands.study", "study_score"),
        (
            arg("overall", "PERCENT", "The overall percent, 0 to 100 (72 or 72%)."),
            opt("general", "--general", "PERCENT", _AREA_HELP),
            opt("administrative", "--administrative", "PERCENT", _AREA_HELP),
            opt("clinical", "--clinical", "PERCENT", _AREA_HELP),
            opt("on", "--on", "DATE", "When you took it (default today).", complete="day"),
            opt(
                "source",
                "--source",
                "SOURCE",
                "aama (the AAMA's practice exam), other (default), or exam (the score report "
                "of a real attempt).",
            ),
        ),
    ),
    Command(
        "remove",
        "Remove a practice score (`cmaplan undo` brings it back).",
        ("commands.study", "study_remove"),
        (arg("number", "N", "The number `cmaplan study` shows.", value="whole", required=True),),
    ),
    Command(
        "target",
        "Set the practice percent you aim for before the exam.",
        ("commands.study", "study_target"),
        (arg("percent", "PERCENT", "A whole percent, 1 to 100.", required=True),),
    ),
    Command(
        "calendar",
        "Put your study weeks into `cmaplan export ics`, or take them out.",
        ("commands.study", "study_calendar"),
        (arg("state", "on|off", "on or off.", required=True),),
    ),
)
