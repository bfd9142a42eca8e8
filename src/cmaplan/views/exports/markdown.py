"""The plan as a Markdown document (views layer: pure): reads well as plain text, in a GitHub or
GitLab preview, and printed.

Each step is a task-list item (`- [x]` done, `- [ ]` open) with its dates, id, why, its
checklist as nested task items and the person's note; the sources come last. Text from the plan
is escaped, so a note can never turn into a link, an image or HTML.
"""

from __future__ import annotations

import re

from cmaplan.core.model import Forecast, Plan
from cmaplan.core.plaintext import visible
from cmaplan.views.exports.outline import StepOutline, outline

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")


def escape(text: str) -> str:
    """Text shown as itself in Markdown: no emphasis, link, image, HTML or table cell."""
    return _SPECIAL.sub(r"\\\1", visible(text))


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
    lines += ["## Sources", ""]
    lines += [f"{n}. {escape(source)}" for n, source in enumerate(doc.sources, 1)]
    lines += [
        "",
        "Made with cmaplan, a planning aid (not advice from the AAMA). Figures marked "
        "(our estimate) are ours; check fees and rules with the AAMA before you pay.",
    ]
    return "\n".join(lines) + "\n"
