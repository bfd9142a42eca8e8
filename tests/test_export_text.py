"""Text from a person or a file in every export (issue 21): whatever the plan's person-typed fields
hold (any code point, a lone surrogate too, and the characters each format is known to choke
on), every format of `views/exports.REGISTRY` is well formed in its own terms, shows that text
visibly (`core/plaintext.visible`), keeps it on the line it belongs to, and makes no markup of it.

The markdown export is read by cmark-gfm, GitHub's own Markdown reader (its bindings, cmarkgfm,
are a test dependency for this): no link, image or HTML may come from the plan's text, only the
links to the sources the knowledge cites.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cmarkgfm
import html5lib
import pytest
import vobject
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from cmaplan.core.model import (
    Area,
    Candidate,
    Ceu,
    Change,
    Experience,
    Forecast,
    Plan,
    Program,
    Progress,
)
from cmaplan.core.plaintext import visible, visible_lines
from cmaplan.core.planner import build_plan
from cmaplan.core.schedule import forecast
from cmaplan.views.exports import REGISTRY, export
from cmaplan.views.exports.outline import outline
from tests.conftest import TODAY, cli, make_profile

SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# What each format is known to choke on, and what a person pastes: every character XML 1.0
# forbids, the line breaks of line-based formats, markup of every export, addresses GitHub links.
TARGETS = [
    *"\x00\x01\x08\x0b\x0c\x0e\x1b\x1c\x1d\x1e\x1f\x7f\x80\x85\x9f\t\r\n",
    *"\u2028\u2029\u202e\u2066\ufeff\ufdd0\ufdef\ufffe\uffff\ud800\udbff\udc80\udcff\udfff",
    *("\U0001fffe", "\U0010ffff", "\r\n", "]]>", "<![CDATA[", "&amp;", "&#0;", "&#xfffe;", "<!--"),
    *("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"', "'", "\\", "\\n"),
    "\\N",  # icalendar's own escaping takes it for a line break
    *("\\,", "`", "``", "```", "*", "_", "~~", "|", "[^1]", "{", "}", "{name}", "%s", ";", ","),
    *("[x](http://e.com)", "![i](http://e.com/i.png)", "- ", "+ ", "1. ", "2) ", "---", "==="),
    *("# ", "> ", "    ", ":", "BEGIN:VEVENT", "\r\nSUMMARY:injected", "\nDESCRIPTION:injected"),
    *("http://e.com", "https://e.com/a_b?c=d#e", "HTTP://E.COM", "ftp://f.io", "www.e.org"),
    *("WWW.E.ORG", "(www.e.org)", "a@b.co", "first.last+tag@mail.example.com", "mailto:a@b.co"),
    *("xmpp:a@b.co/r", "<http://e.com>", "<a@b.co>"),
]
CHARACTERS = st.characters(codec=None, exclude_categories=())  # every category, Cs too
TEXTS = st.lists(
    st.one_of(st.sampled_from(TARGETS), st.text(CHARACTERS, max_size=6)), max_size=5
).map("".join)
# The characters Python's splitlines (and editors) break a line at, besides "\n".
LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def plan_with(text: Callable[[], str]) -> Plan:
    """A plan whose every person-typed field holds a text of `text()`: the answers' name, state
    and specialty, the chosen program (its name, accreditor, city, address, ...), a note on
    every step, a CEU, a history entry. The readers would refuse some of it (a state that is no
    US state, a name on two lines): the exports must not count on them."""
    program = text()
    profile = make_profile()._replace(
        name=text(),
        state=text(),
        specialty=text(),
        program_choice=program,
        experience=Experience.UNCERTIFIED_MA,
    )
    chosen = Candidate(
        name=program,
        type=Program.CERTIFICATE,
        accreditor=text() or "unknown",  # not CAAHEP or ABHES: a warning names both
        months=9,
        externship=text(),
        city=text(),
        url=text(),
        note=text(),
    )
    plan = build_plan(profile, today=TODAY, candidates=(chosen,))
    first = plan.steps[0].id
    progress = {s.id: Progress(note=text()) for s in plan.steps}
    progress[first] = progress[first]._replace(done_on=TODAY)
    ceu = Ceu(TODAY, Area.GENERAL, 1.0, text(), text(), proof=text())
    history = (Change(TODAY, first, "note", text()),)
    return plan._replace(progress=progress, ceus=(ceu,), history=history)


@st.composite
def hostile_plans(draw: st.DrawFn) -> Plan:
    return plan_with(lambda: draw(TEXTS))


def shown(plan: Plan, result: Forecast) -> Iterator[str]:
    """Every text of the plan as forecast that a written export shows: whose plan it is, the
    notes on the whole plan, and each step's title (the person's answers are in some), why,
    checklist, warnings and note."""
    doc = outline(plan, result)
    yield doc.title
    yield from doc.notes
    for item in result.steps:
        yield item.step.title
        yield from item.step.why
        yield from item.step.checklist
        yield from item.warnings
        if item.progress.note:
            yield item.progress.note


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- each format, read by a reader of its own ---------------------------------------------------


def check_svg(plan: Plan, result: Forecast, data: bytes) -> None:
    text = data.decode("utf-8")
    assert not XML_FORBIDDEN.search(text)
    root = ET.fromstring(data)  # strict XML 1.0
    who = f"{plan.profile.name}'s plan" if plan.profile.name else "Your plan"
    assert root.findtext(SVG + "title") == visible(f"{who} to the CMA (AAMA): timeline")
    labels = [t.text for t in root.iter(SVG + "text")]
    for item in result.steps:
        assert ("✔ " if item.is_done else "") + visible(item.step.title) in labels


def check_html(plan: Plan, result: Forecast, data: bytes) -> None:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"))
    document = parser.parse(data.decode("utf-8"))
    assert parser.errors == []  # the page alone has none: any would be the text's
    text = "".join(document.itertext())
    for piece in shown(plan, result):
        assert visible(piece) in text, piece
    sections = list(document.iter(XHTML + "section"))
    assert len(sections) == len(result.steps)  # no element made of the text
    notes = [p.text for p in document.iter(XHTML + "p") if p.get("class") == "note"]
    typed = [f"Your note: {visible(s.progress.note)}" for s in result.steps if s.progress.note]
    assert Counter(notes) == Counter(typed)


ICS_PROPERTIES = {
    "BEGIN", "END", "PRODID", "VERSION", "CALSCALE", "X-WR-CALNAME", "UID", "DTSTAMP",
    "SEQUENCE", "SUMMARY", "DTSTART", "DTEND", "TRANSP", "DESCRIPTION", "STATUS",
    "CATEGORIES", "ACTION", "TRIGGER",
}  # fmt: skip


def check_ics(plan: Plan, result: Forecast, data: bytes) -> None:
    text = data.decode("utf-8")
    bare = text.replace("\r\n", "")
    assert not any(c in bare for c in LINE_BREAKS + "\n")  # CRLF ends a line, and nothing else
    lines = re.sub("\r\n[ \t]", "", text).split("\r\n")  # unfolded: one property a line
    assert lines[-1] == ""
    names: Counter[str] = Counter()
    for line in lines[:-1]:
        name = re.match(r"[A-Z][A-Z0-9-]*(?=[;:])", line)
        assert name is not None, line
        assert name.group() in ICS_PROPERTIES, line
        names[name.group()] += 1
    events = Calendar.from_ical(data).walk("VEVENT")
    alarms = sum(len(e.walk("VALARM")) for e in events)
    assert names["SUMMARY"] == len(events)
    assert names["DESCRIPTION"] == len(events) + alarms
    assert names["BEGIN"] == names["END"] == 1 + len(events) + alarms
    by_id = {str(e["uid"]).split(".")[0]: e for e in events}
    for item in result.steps:
        event = by_id[item.step.id]
        assert str(event["summary"]).endswith(visible(item.step.title))
        if item.progress.note:
            assert f"Your note: {visible_lines(item.progress.note)}\n" in str(event["description"])
    assert len(vobject.readOne(text).vevent_list) == len(events)  # a second, strict reader


def check_markdown(plan: Plan, result: Forecast, data: bytes) -> None:
    text = data.decode("utf-8")
    assert not any(c in text for c in LINE_BREAKS)
    lines = text.split("\n")
    steps = [line for line in lines if line.startswith("- [")]
    assert len(steps) == len(result.steps)  # one line a step, with its id
    for item in result.steps:
        assert sum(f"(`{item.step.id}`)" in line for line in steps) == 1
    items = [line for line in lines if line.startswith("  - [")]
    assert len(items) == sum(len(s.step.checklist) for s in result.steps)
    notes = [line for line in lines if line.startswith("  > Your note: ")]
    assert len(notes) == sum(1 for s in result.steps if s.progress.note)
    doc = outline(plan, result)
    money = (1 if doc.costs else 0) + (1 if doc.funding else 0)  # what it costs, how to pay
    study = 1 if doc.study else 0  # the weeks before the exam
    headings = [line for line in lines if line.startswith("#")]
    assert len(headings) == 1 + len(doc.phases) + study + money + 1
    rendered = gfm(text)
    for element in rendered.iter():
        tag = element.tag.removeprefix(XHTML)
        assert tag in GFM_TAGS, tag  # no image, no raw HTML
    assert len(list(rendered.iter(XHTML + "input"))) == len(steps) + len(items)
    links = list(rendered.iter(XHTML + "a"))
    cited = {id(a) for a in list(rendered.iter(XHTML + "ol"))[-1].iter(XHTML + "a")}
    assert [a.get("href") for a in links if id(a) not in cited] == []  # none but the sources
    assert len(links) == sum("www." in s for s in outline(plan, result).sources)
    words = one_line("".join(rendered.itertext()))
    for piece in shown(plan, result):
        assert one_line(visible(piece)) in words, piece


GFM_TAGS = {"html", "head", "body", "h1", "h2", "p", "strong", "code", "ul", "ol", "li", "input"}
GFM_TAGS |= {"blockquote", "a", "h3"}


def gfm(markdown: str) -> Any:
    """The document as GitHub renders it: cmark-gfm with GitHub's extensions (autolinks, task
    lists, tables, strikethrough, the tag filter) and footnotes, raw HTML let through so that
    any would be seen; read back with html5lib."""
    html = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    )
    return html5lib.parse(html)


def check_answers(plan: Plan, result: Forecast, data: bytes) -> None:
    text = data.decode("utf-8")
    assert text.splitlines() == text.split("\n")[:-1]
    answers = tomllib.loads(text)
    for key in ("name", "state", "specialty"):
        typed = re.sub("[\ud800-\udfff]", "\ufffd", getattr(plan.profile, key))
        assert answers.get(key, "") == typed  # as typed: the answers are data, not for show


CHECKS: dict[str, Callable[[Plan, Forecast, bytes], None]] = {
    "ics": check_ics,
    "markdown": check_markdown,
    "html": check_html,
    "svg": check_svg,
    "answers": check_answers,
}


def check_every_format(plan: Plan) -> None:
    result = forecast(plan, TODAY)
    for fmt, check in CHECKS.items():
        check(plan, result, export(fmt, plan, result))


def test_every_format_has_its_check() -> None:
    assert set(CHECKS) == set(REGISTRY)


def test_every_awkward_character_in_every_field_is_shown_as_itself() -> None:
    """The quick loop's case: all the targets at once, in every field."""
    check_every_format(plan_with(lambda: "".join(TARGETS)))
    check_every_format(plan_with(lambda: " ".join(reversed(TARGETS))))


@pytest.mark.slow  # 40 generated plans, each in every format (HYPOTHESIS_PROFILE=long: 3,000)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_plans())
def test_any_text_in_a_plan_is_shown_as_itself_by_every_export(plan: Plan) -> None:
    check_every_format(plan)


# --- through the commands: the doors a person types at -----------------------------------------

# What a command line can carry: no NUL, and no lone surrogate (the command line refuses a word
# that is not UTF-8: tests/test_quick.py); a file name can, and the picture must still parse.
TYPED = [t for t in TARGETS if "\x00" not in t and not re.search("[\ud800-\udfff]", t)]
NAME = "Ana \ufffe\uffff\u2028\x85 <b>&amp; www.e.org a@b.co `x`"
SPECIALTY = "http://e.com *pediatrics* \r\x1b[31m\ufdd0 - 1. [^1]"
PROGRAM = "Valley \uffff College <i>"


def test_what_a_person_types_at_every_door_is_shown_as_itself_in_every_export(
    plan_path: Path, tmp_path: Path
) -> None:
    """The name and specialty of an answers file, a program added and chosen, notes on steps:
    each format, written by `cmaplan export` as a person runs it, passes its reader."""
    import tomli_w

    from cmaplan.storage.store import Files, load_plan
    from tests.conftest import BASE

    answers = tmp_path / "answers.toml"
    answers.write_text(tomli_w.dumps({**BASE, "name": NAME, "specialty": SPECIALTY}), "utf-8")
    cli("init", "--answers", str(answers))
    cli("program", "add", PROGRAM, "--type", "certificate", "--accreditor", "NCCT\u2028&lt;")
    cli("program", "choose", PROGRAM)
    cli("note", "choose-program", "".join(TYPED)[:2000])
    # NCCT does not accredit MA programs for the CMA (AAMA): the plan stops at the route step
    cli("note", "exam-route", " ".join(reversed(TYPED))[:2000])
    plan = load_plan(Files(), plan_path, TODAY)
    assert plan.profile.name == NAME
    result = forecast(plan, TODAY)
    for fmt, check in CHECKS.items():
        out = tmp_path / f"plan{REGISTRY[fmt].suffix}"
        cli("export", fmt, "-o", str(out))
        check(plan, result, out.read_bytes())


# Each way GitHub makes a link of an address, as typed, and the code it is shown as.
ADDRESSES = [
    ("http://e.com", "http://e.com"),
    ("https://e.com/a_b?c=d", "https://e.com/a_b?c=d"),
    ("HTTP://E.COM/x", "HTTP://E.COM/x"),
    ("ftp://f.io/file", "ftp://f.io/file"),
    ("www.e.org", "www.e.org"),
    ("(www.e.org)", "(www.e.org)"),
    ("*www.e.org*", "*www.e.org*"),
    ("a@b.co", "a@b.co"),
    ("first.last+tag@mail.example.com.", "first.last+tag@mail.example.com."),
    ("mailto:a@b.co", "mailto:a@b.co"),
    ("xmpp:a@b.co/r", "xmpp:a@b.co/r"),
    ("<http://e.com>", "<http://e.com>"),
    ("<a@b.co>", "<a@b.co>"),
    ("[x](http://e.com)", "[x](http://e.com)"),
    ("![i](http://e.com/i.png)", "![i](http://e.com/i.png)"),
    ("x`http://e.com", "http://e.com"),
    ("a\u00a0http://e.com", "http://e.com"),
]


def test_no_address_in_a_note_becomes_a_link_on_github(plan_path: Path) -> None:
    """Each way GitHub makes a link of an address, in a note: rendered by cmark-gfm, the
    document links only the sources, and shows each address as code, and the note word for
    word."""
    from cmaplan.core.knowledge import load_knowledge

    note = "Ask " + " and ".join(typed for typed, _ in ADDRESSES) + ", then call."
    cli("init", "--example", "img-residency")
    cli("note", "transcripts", note)
    rendered = gfm(cli("export", "markdown", "-o", "-").stdout)
    sources = {
        f"http://{s.where.removeprefix('https://')}" for s in load_knowledge().sources.values()
    }
    hrefs = [a.get("href") for a in rendered.iter(XHTML + "a")]
    assert hrefs, "the sources' addresses are links"
    assert set(hrefs) <= sources
    assert not list(rendered.iter(XHTML + "img"))
    codes = [c.text for c in rendered.iter(XHTML + "code")]
    for _, code in ADDRESSES:
        assert code in codes
    quote = next(rendered.iter(XHTML + "blockquote"))
    assert one_line("".join(quote.itertext())) == one_line(f"Your note: {note}")


def test_no_note_becomes_math_an_emoji_or_a_reference_on_github(plan_path: Path) -> None:
    """GitHub reads $...$ as math, and after rendering looks in the text for emoji, mentions
    and issue references: a note's dollar signs are escaped, and each such word is code."""
    note = "Pay $125 or $x^2$ :smile: @here #12 GH-7 by 10:30"
    cli("init", "--example", "img-residency")
    cli("note", "transcripts", note)
    document = cli("export", "markdown", "-o", "-").stdout
    line = next(x for x in document.splitlines() if "Your note" in x)
    assert r"\$125 or \$x^2\$" in line
    for word in (":smile:", "@here", "#12", "GH-7"):
        assert f"`{word}`" in line
    assert "`10:30`" not in line  # a time stays text
    from cmaplan.views.exports.markdown import escape

    assert escape("Pay $125 or $250") == "Pay $125 or $250"  # no pair GitHub reads as math
    rendered = gfm(document)
    quote = next(rendered.iter(XHTML + "blockquote"))
    assert one_line("".join(quote.itertext())) == one_line(f"Your note: {note}")
