"""The `cmaplan costs` group's subcommands, declared once (commands layer): `declared.py` puts
them under `costs` (kept here so that neither module passes about 400 lines)."""

from __future__ import annotations

from cmaplan.commands.table import Command, arg, flag, opt

COSTS = (
    Command(
        "add",
        "Add a cost of your own (a laptop, a bus pass), or money coming in with --aid.",
        ("commands.money", "costs_add"),
        (
            arg("what", "WHAT", "What it is for.", required=True),
            arg("amount", "AMOUNT", "US dollars: 600, 1,250.50, or a range 40-60.", required=True),
            opt("on", "--on", "DATE", "The day it is due.", complete="day"),
            opt("step", "--step", "ID", "Due when this step starts.", complete="step"),
            flag("aid", "--aid", "Money coming in: aid, a scholarship, an employer's help."),
        ),
    ),
    Command(
        "set",
        "Fill in a line that has no price yet (`cmaplan costs` names them).",
        ("commands.money", "costs_set"),
        (
            arg("line", "LINE", "The line, e.g. background-check.", required=True),
            arg("amount", "AMOUNT", "US dollars, or a range 40-60.", required=True),
        ),
    ),
    Command(
        "edit",
        "Change a line you added (only the options you give).",
        ("commands.money", "costs_edit"),
        (
            arg("number", "N", "The number `cmaplan costs` shows.", value="whole", required=True),
            opt("what", "--what", "TEXT", "What it is for."),
            opt("amount", "--amount", "AMOUNT", "US dollars, or a range 40-60."),
            opt("on", "--on", "DATE", "The day it is due.", complete="day"),
            opt("step", "--step", "ID", "Due when this step starts.", complete="step"),
            opt("kind", "--kind", "KIND", "cost, or aid for money coming in."),
        ),
    ),
    Command(
        "remove",
        "Remove a line you added, or the amount you set (`cmaplan undo` brings it back).",
        ("commands.money", "costs_remove"),
        (arg("line", "N|LINE", "Its number, or the line you set.", required=True),),
    ),
)
