"""The plan as a Markdown document (views layer: pure): reads well as plain text, in a GitHub or
GitLab preview, and printed.

Each step is a task-list item (`- [x]` done, `- [ ]` open) with its dates, id, why, its
checklist as nested task items and the person's note; the sources come last. Text from the plan
is escaped (`escape`), so a note can never turn into a link, an image, HTML or a block of its
own, not even where GitHub links a bare address; only the sources' addresses are links.
"""

from __future__ import annotations

import re

from cmaplan.core.model import Forecast, Plan
from cmaplan.core.plaintext import visible
from cmaplan.views.exports.outline import StepOutline, outline

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
# GitHub reads $...$ (no space inside either mark) and $$...$$ as math: where a text holds such a
# pair, its dollar signs are escaped. "$125 or $250" is no pair, and stays as it reads.
_SPECIAL_MATH = re.compile(r"([\\`*_\[\]<>|~#&$])")
_MATH = re.compile(r"\$\$|\$(?=[^\s$])[^$]*(?<=[^\s$\\])\$|\$[^\s$]\$")
# The words of a text, and each backtick between them: a word is shown as itself, escaped, or
# as code when GitHub would make a link of it. GitHub finds its extended autolinks (www.,
# http://, https://, ftp://, an e-mail address, mailto: and xmpp:, both of which hold "@") in the
# text as read, after the backslashes are gone, so no escape stops them: but no link is looked
# for in a code span. Over-reaching is harmless ("@here" becomes code too). GitHub's later
# filters also read the text as shown: a mention (@name), an emoji (:name:), a reference to an
# issue (#12, GH-12): such a word too is shown as code.
_TOKEN = re.compile(r"[^\s`]+|`")
_LINKABLE = re.compile(r"://|www\.|@|:[\w+-]+:|#[0-9]|\bgh-[0-9]", re.IGNORECASE)
# What would start a block at the start of a line: a list item ("- ", "+ ", "1. ", "1) "), a
# thematic break or a setext underline ("---", "==="). Its first mark is escaped.
_BLOCK = re.compile(r"[-+](?=\s|$)|[-=](?=[-=\s]*$)|[0-9]{1,9}[.)](?=\s|$)")


def escape(text: str) -> str:
    """Text shown as itself in Markdown, wherever it is put: no emphasis, link, autolink,
    image, HTML, table cell or block is made of it; a web or mail address is shown as code.
    Spaces around it are dropped (Markdown would drop them, or make code of four)."""
    shown = visible(text).strip()
    special = _SPECIAL_MATH if _MATH.search(shown) else _SPECIAL
    # Word by word only where there is an address: most texts have none, and are many.
    if _LINKABLE.search(shown):
        out = _TOKEN.sub(lambda found: _token(found.group(), special), shown)
    else:
        out = special.sub(r"\\\1", shown)
    block = _BLOCK.match(shown)  # in the first word, which is no address and has no escape
    if block:
        mark = block.end() - 1  # the mark ends the match: "-", "=", the "." of "1."
        out = f"{out[:mark]}\\{out[mark:]}"
    return out


def _token(word: str, special: re.Pattern[str]) -> str:
    if _LINKABLE.search(word):
        return f"`{word}`"  # no math, link or emoji is made in a code span
    return special.sub(r"\\\1", word)


def _cited(source: str) -> str:
    """A source as knowledge.toml cites it, never a person: its address stays a link."""
    return _SPECIAL.sub(r"\\\1", visible(source))


def _step(step: StepOutline) -> list[str]:
    box = "x" if step.done else " "
    lines = [
        f"- [{box}] **{escape(step.title)}** (`{step.id}`): {escape(step.when)}",
    ]
    body: list[str] = []
    for warning in step.warnings:
        body.append(f"**Heads-up:** {escape(warning)}")
    body.extend(escape(paragraph) for paragraph in step.why)
    for paragraph in body:
        lines.extend(["", f"  {paragraph}"])
    if step.checklist:
        lines.append("")
        lines.extend(f"  - [{'x' if i.ticked else ' '}] {escape(i.text)}" for i in step.checklist)
    if step.note:
        lines.extend(["", f"  > Your note: {escape(step.note)}"])
    lines.append("")
    return lines


def markdown(plan: Plan, result: Forecast) -> str:
    """The whole plan as one Markdown document."""
    doc = outline(plan, result)
    lines = [f"# {escape(doc.title)}", ""]
    facts = [escape(doc.who)] if doc.who else []
    facts += [f"as of {doc.today}", doc.progress]
    lines += [" · ".join(facts), "", f"**{escape(doc.finish)}**", ""]
    if doc.goal:
        lines += [f"**{escape(doc.goal)}**", ""]
    for note in (*doc.notes, doc.credential):
        if note:
            lines += [escape(note), ""]
    for phase in doc.phases:
        lines += [f"## {escape(phase.title)}", ""]
        for step in phase.steps:
            lines += _step(step)
    if doc.study:
        lines += ["## Studying for the exam, week by week", ""]
        lines += [f"- {escape(week)}" for week in doc.study]
        lines += ["", "Run `cmaplan study` for this week, your scores and readiness.", ""]
    if doc.costs:
        # A list, as the steps are: text from a person in a table cell could end the cell.
        lines += ["## What it costs", ""]
        lines += [
            f"- {row.due}: **{escape(row.what)}**, {escape(row.amount)}"
            + (f" ({escape(row.note)})" if row.note else "")
            for row in doc.costs
        ]
        lines.append("")
        lines += [escape(words) + "\n" for words in doc.money]
    if doc.funding:
        lines += ["### How you might pay", ""]
        lines += [f"- {escape(way)}" for way in doc.funding]
        lines.append("")
    lines += ["## Sources", ""]
    lines += [f"{n}. {_cited(source)}" for n, source in enumerate(doc.sources, 1)]
    lines += [
        "",
        "Made with cmaplan, a planning aid (not advice from the AAMA). Figures marked "
        "(our estimate) are ours; check fees and rules with the AAMA before you pay.",
    ]
    return "\n".join(lines) + "\n"
