"""The plan as one self-contained web page (views layer: pure): inline CSS, the timeline picture
inline, no script and nothing loaded from the network; laid out for the screen and for printing
on Letter or A4 in black and white.

Accessible: headings in order, a table per phase with header cells and a caption, a text
alternative for the picture, and colours with enough contrast. Every text is escaped.
"""

from __future__ import annotations

from html import escape

from cmaplan.core.model import Forecast, Plan
from cmaplan.core.plaintext import visible
from cmaplan.views.exports.outline import (
    STATUS_WORDS,
    Outline,
    PhaseOutline,
    StepOutline,
    outline,
)
from cmaplan.views.exports.svg import picture

CSS = """
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.45;
       max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #1a1a1a; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
.meta { color: #333333; margin-top: 0; }
.finish { font-weight: 700; font-size: 1.1rem; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 700; padding: .3rem 0; }
th, td { border: 1px solid #8c8c8c; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eeeeee; }
td.when, td.id { white-space: nowrap; }
code { font-size: .95em; }
.step { border-left: 4px solid #8c8c8c; padding-left: .8rem; margin: 1rem 0; }
.step.done { border-left-color: #1b5e20; }
.step.overdue { border-left-color: #b71c1c; }
ul.checklist { list-style: none; padding-left: .2rem; }
.heads-up { font-weight: 700; }
.note { font-style: italic; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
footer { margin-top: 2rem; font-size: .9rem; color: #333333; }
@media print {
  @page { margin: 15mm; }
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  :root, body { color: #000000; background: #ffffff; }
  h2 { break-after: avoid; }
  tr, .step, figure { break-inside: avoid; }
  figure { overflow: visible; }
  a { color: #000000; text-decoration: none; }
}
"""


def _text(value: str) -> str:
    return escape(visible(value))


def _table(phase: PhaseOutline) -> str:
    rows = "".join(
        f'<tr><th scope="row">{_text(s.title)}</th><td class="id"><code>{s.id}</code></td>'
        f'<td class="when">{_text(s.when)}</td><td>{_text(_status(s))}</td></tr>'
        for s in phase.steps
    )
    return (
        f"<table><caption>{_text(phase.title)}: dates</caption>"
        '<thead><tr><th scope="col">Step</th><th scope="col">id</th>'
        '<th scope="col">When</th><th scope="col">Status</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _status(step: StepOutline) -> str:
    return STATUS_WORDS[step.status]


def _step(step: StepOutline) -> str:
    parts = [f'<section class="step {step.status.value}" id="step-{step.id}">']
    parts.append(f"<h3>{_text(step.title)} <code>{step.id}</code></h3>")
    parts.append(f"<p><strong>{_text(step.when.capitalize())}</strong></p>")
    parts += [f'<p class="heads-up">Heads-up: {_text(w)}</p>' for w in step.warnings]
    parts += [f"<p>{_text(p)}</p>" for p in step.why]
    if step.checklist:
        items = "".join(
            f'<li><span aria-hidden="true">{"☑" if i.ticked else "☐"}</span> '
            f'<span class="sr">{"Done: " if i.ticked else "To do: "}</span>{_text(i.text)}</li>'
            for i in step.checklist
        )
        parts.append(f'<ul class="checklist" aria-label="Checklist">{items}</ul>')
    if step.note:
        parts.append(f'<p class="note">Your note: {_text(step.note)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _costs(doc: Outline) -> list[str]:
    """What the route costs: a table, the totals, and the ways to pay."""
    if not doc.costs:
        return []
    rows = "".join(
        f'<tr><td>{_text(r.due)}</td><th scope="row">{_text(r.what)}</th>'
        f'<td class="amount">{_text(r.amount)}</td><td>{_text(r.note)}</td></tr>'
        for r in doc.costs
    )
    parts = [
        "<h2>What it costs</h2>",
        "<table><caption>Costs in US dollars, by the day each is due</caption>"
        '<thead><tr><th scope="col">Due</th><th scope="col">What</th>'
        '<th scope="col">Amount</th><th scope="col">Where the amount comes from</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>",
        *(f"<p>{_text(words)}</p>" for words in doc.money),
    ]
    if doc.funding:
        ways = "".join(f"<li>{_text(way)}</li>" for way in doc.funding)
        parts += ["<h3>How you might pay</h3>", f"<ul>{ways}</ul>"]
    return parts


def page(plan: Plan, result: Forecast) -> str:
    """The whole plan as one html page."""
    doc = outline(plan, result)
    meta = " · ".join(x for x in (doc.who, f"as of {doc.today}", doc.progress) if x)
    body = [
        "<header>",
        f"<h1>{_text(doc.title)}</h1>",
        f'<p class="meta">{_text(meta)}</p>',
        f'<p class="finish">{_text(doc.finish)}</p>',
        *([f'<p class="finish">{_text(doc.goal)}</p>'] if doc.goal else []),
        *(f"<p>{_text(n)}</p>" for n in (*doc.notes, doc.credential) if n),
        "</header>",
        "<main>",
        "<h2>Timeline</h2>",
        f"<figure>{picture(plan, result, standalone=False)}"
        "<figcaption>Each bar runs from a step's start to its due date; the dashed line, to the "
        "latest it may take. The shaded band is the range of the expected finish.</figcaption>"
        "</figure>",
    ]
    for phase in doc.phases:
        body.append(f"<h2>{_text(phase.title)}</h2>")
        body.append(_table(phase))
        body += [_step(s) for s in phase.steps]
    if doc.study:
        weeks = "".join(f"<li>{_text(week)}</li>" for week in doc.study)
        body += ["<h2>Studying for the exam, week by week</h2>", f"<ul>{weeks}</ul>"]
    body += _costs(doc)
    body += ["<h2>Sources</h2>", "<ol>", *(f"<li>{_text(s)}</li>" for s in doc.sources), "</ol>"]
    body += [
        "</main>",
        "<footer><p>Made with cmaplan, a planning aid, not advice from the AAMA. Figures marked "
        "(our estimate) are ours; check fees and rules with the AAMA before you pay.</p></footer>",
    ]
    title = _text(doc.title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
