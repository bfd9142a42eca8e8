"""The one way a record from outside is checked (core/fields.py) and the two doors that word
its refusals: a plan file's (storage/filewords.py) and the command line's (commands/wording.py).

The property tests feed the readers any table at all, shaped like the real ones, and hold that
the answer is a plan or one sentence of cmaplan's own error, never another exception.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmaplan.commands.wording import as_options
from cmaplan.core import fields
from cmaplan.core.candidates import PROGRAM_FIELDS, check
from cmaplan.core.ceu import CEU_FIELDS
from cmaplan.core.errors import AnswersError, CmaplanError, FieldError, PlanFileError, UsageError
from cmaplan.core.fields import Field
from cmaplan.core.model import Candidate, Program
from cmaplan.core.planner import build_plan
from cmaplan.core.profile import KEYS, parse_profile
from cmaplan.storage.codec import HISTORY, document_to_plan, plan_to_document
from cmaplan.storage.entries import STEP_FIELDS
from tests.conftest import BASE, TODAY, make_profile

SPEC = (
    Field("on", "date", True),
    Field("points", "number", True, low=0, high=60, above=True, step=0.5),
    Field("area", "choice", choices=("general", "clinical"), default="general"),
)


def test_a_table_is_read_with_its_defaults() -> None:
    read = fields.read({"on": TODAY, "points": 1.5}, SPEC, "[[ceu]] number 1")
    assert read == {"on": TODAY, "points": 1.5, "area": "general"}


def test_a_refusal_carries_the_field_its_value_and_what_is_allowed() -> None:
    with pytest.raises(FieldError) as caught:
        fields.read({"on": TODAY, "points": 0.3}, SPEC, "[[ceu]] number 2")
    error = caught.value
    assert (error.field, error.value, error.problem) == ("points", 0.3, "range")
    assert (error.low, error.high, error.at) == (0, 60, "[[ceu]] number 2")
    assert error.allowed == "more than 0 and at most 60, in steps of 0.5"


@pytest.mark.parametrize(
    ("raw", "field", "problem"),
    [
        ({"points": 1}, "on", "missing"),
        ({"on": dt.datetime(2027, 1, 1), "points": 1}, "on", "type"),
        ({"on": dt.date(1900, 1, 1), "points": 1}, "on", "range"),
        ({"on": TODAY, "points": True}, "points", "type"),
        ({"on": TODAY, "points": float("nan")}, "points", "range"),
        ({"on": TODAY, "points": 1, "area": "x"}, "area", "choice"),
    ],
)
def test_each_kind_of_wrong_value_is_named(raw: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(FieldError) as caught:
        fields.read(raw, SPEC, "here")
    assert (caught.value.field, caught.value.problem) == (field, problem)


def _with(**change: Any) -> dict[str, Any]:
    doc = plan_to_document(build_plan(make_profile(), today=TODAY), TODAY)
    doc.update(change)
    return doc


VALLEY = {"name": "Valley", "type": "certificate", "months": 10}


@pytest.mark.parametrize(
    ("programs", "words"),
    [
        (
            [VALLEY, VALLEY | {"months": 30}],
            "[[programs]] number 2: months must be 3 to 24, not 30.",
        ),
        (
            [VALLEY | {"url": "ftp:x"}],
            '[[programs]] number 1: url must be a web address (http:// or https://), not "ftp:x".',
        ),
        (
            [VALLEY | {"part_time_months": 5}],
            "[[programs]] number 1: part_time_months must be at least months (10), not 5.",
        ),
        ([VALLEY | {"cost": "a lot"}], 'cost must be 0 to 1,000,000, not "a lot".'),
    ],
    ids=["months", "url", "part-time", "cost"],
)
def test_a_hand_edited_program_is_refused_in_the_files_words(
    programs: list[dict[str, Any]], words: str
) -> None:
    """A plan file is not a command line: no option names in its messages (issue 20)."""
    with pytest.raises(PlanFileError) as caught:
        document_to_plan(_with(programs=programs))
    assert words in caught.value.message
    assert "--" not in caught.value.message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            {"months": 30},
            "30 months is not a certificate program's full-time length: give --months 3 to 24",
        ),
        ({"url": "ftp:x"}, "--url ftp:x is not a web address (http:// or https://)"),
        ({"part_time_months": 2}, "--part-time-months must be 3 to 72 months"),
    ],
    ids=["months", "url", "part-time"],
)
def test_the_same_refusal_from_an_option_names_the_option(
    change: dict[str, Any], words: str
) -> None:
    candidate = Candidate("Valley", Program.CERTIFICATE, **change)
    with pytest.raises(UsageError) as caught, as_options():
        check(candidate, today=TODAY)
    assert caught.value.message == words


# --- any malformed table: one sentence of cmaplan's own error -------------------------------

# Control characters in a value reach the message as they are, and the error boundary makes
# them visible (test_fuzz holds that at the terminal); here the text is printable.
texts = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=90)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    texts,
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=10,
)


def tables_of(spec: tuple[Field, ...], good: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Tables near `good`: each of its fields kept, dropped or given any value, and at times a
    key the spec does not have."""
    names = [f.name for f in spec]

    @st.composite
    def table(draw: st.DrawFn) -> dict[str, Any]:
        out = dict(good)
        for name in draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True)):
            if draw(st.booleans()):
                out.pop(name, None)
            else:
                out[name] = draw(values)
        if draw(st.integers(0, 9)) == 0:
            out[draw(texts.filter(bool))] = draw(values)
        return {k: v for k, v in out.items() if v is not None}

    return table()


def _one_sentence(read: Callable[[], object], kind: type[CmaplanError]) -> str:
    """What `read` says when it refuses (kind: the error it must be), or "" when it reads:
    anything but `kind` fails the test."""
    try:
        read()
    except kind as error:
        message = error.message
    else:
        return ""
    assert message.strip(), "an empty message"
    assert "\n" not in message.strip(), message
    return message


BASE_DOC = _with()
GOOD = {
    "programs": VALLEY,
    "ceu": {"on": TODAY, "area": "general", "points": 1, "title": "CPR"},
    "history": {"on": TODAY, "step": "resume", "action": "done"},
    "steps": {"id": "resume", "done": False},
}
SPECS = {"programs": PROGRAM_FIELDS, "ceu": CEU_FIELDS, "history": HISTORY.spec}


@given(
    kind=st.sampled_from(sorted(SPECS)),
    data=st.data(),
)
def test_any_malformed_plan_table_is_one_sentence(kind: str, data: st.DataObject) -> None:
    table = data.draw(tables_of(SPECS[kind], GOOD[kind]))
    doc = copy.deepcopy(BASE_DOC) | {kind: [table]}
    message = _one_sentence(lambda: document_to_plan(doc), PlanFileError)
    assert "--" not in message  # a file's words, not an option's


@given(data=st.data())
def test_any_malformed_step_is_one_sentence(data: st.DataObject) -> None:
    doc = copy.deepcopy(BASE_DOC)
    step = doc["steps"][0]
    doc["steps"][0] = data.draw(tables_of((Field("id", "text"), *STEP_FIELDS), step))
    _one_sentence(lambda: document_to_plan(doc), PlanFileError)


@given(data=st.data())
def test_any_malformed_undo_entry_is_one_sentence(data: st.DataObject) -> None:
    good = {"on": TODAY, "said": "x", "history_added": 0, "profile": BASE_DOC["profile"]}
    names = ("on", "said", "history_added", "profile", "steps", "renewals", "ceu", "programs")
    entry = data.draw(tables_of(tuple(Field(n, "text") for n in names), good))
    doc = copy.deepcopy(BASE_DOC) | {"undo": [entry]}
    _one_sentence(lambda: document_to_plan(doc), PlanFileError)


@given(data=st.data())
def test_any_malformed_answers_are_one_sentence(data: st.DataObject) -> None:
    spec = tuple(Field(key.name, "text") for key in KEYS)
    answers = data.draw(tables_of(spec, dict(BASE)))
    _one_sentence(lambda: parse_profile(answers, today=TODAY), AnswersError)


@pytest.mark.parametrize(
    ("step", "words"),
    [
        ({"done": False}, "[[undo]] number 1 steps number 1 needs id (text)."),
        ({"id": "", "done": False}, 'id must be non-empty text, not "".'),
        ({"id": "resume", "done": "no"}, 'done must be true or false, not "no".'),
    ],
    ids=["no-id", "empty-id", "done"],
)
def test_an_undo_entrys_steps_are_read_with_the_steps_fields(
    step: dict[str, Any], words: str
) -> None:
    undo = {"on": TODAY, "said": "x", "history_added": 0, "profile": BASE_DOC["profile"]}
    doc = copy.deepcopy(BASE_DOC) | {"undo": [undo | {"steps": [step]}]}
    with pytest.raises(PlanFileError) as caught:
        document_to_plan(doc)
    assert words in caught.value.message


@given(
    months=st.none() | st.integers(-100, 100),
    part_time=st.none() | st.integers(-100, 200),
    cost=st.none() | st.integers(-(2**70), 2**70),
    pass_rate=st.none() | st.floats(),
    starts=st.lists(st.dates(dt.date(1950, 1, 1), dt.date(2199, 12, 31)), max_size=30),
    text=texts,
    kind=st.sampled_from(list(Program)),
)
def test_any_program_given_by_options_is_one_sentence_naming_an_option(
    months: int | None,
    part_time: int | None,
    cost: int | None,
    pass_rate: float | None,
    starts: list[dt.date],
    text: str,
    kind: Program,
) -> None:
    candidate = Candidate(
        text or "x",
        kind,
        accreditor=text,
        months=months,
        part_time_months=part_time,
        starts=tuple(starts),
        cost=cost,
        pass_rate=pass_rate,
        format=text,
        url=text,
        note=text,
    )

    def given_by_options() -> None:
        with as_options():
            check(candidate, today=TODAY)

    message = _one_sentence(given_by_options, UsageError)
    assert not message or "--" in message or message.startswith(("a program's", "keep", "give"))
