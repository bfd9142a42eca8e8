"""The AAMA's rules applied to dates: exam category and fee, the credential's expiry, and the
lead time of each recertification route (core layer: pure, no I/O).

The numbers and the shape of each rule live in knowledge.toml (`[rules.*]` and the facts they
name); this module only does the date arithmetic they describe.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import assert_never

from dateutil.relativedelta import relativedelta

from cmaplan.core.knowledge import Knowledge
from cmaplan.core.model import ExamTerms, Profile, RecertRoute, Span
from cmaplan.core.rulebook import CountedFrom


def accreditor_name(text: str, kb: Knowledge) -> str:
    """An accreditor as typed, spelled as the knowledge base spells the recognised ones."""
    known = {name.upper(): name for name in kb.fact("accreditors").words()}
    aliases = kb.fact("accreditor_aliases").value
    assert isinstance(aliases, dict)  # a table, checked by the knowledge tests
    known |= {alias.upper(): str(name) for alias, name in aliases.items()}
    typed = text.strip()
    bare = re.sub(r"[\s-]+accredited$", "", typed, flags=re.IGNORECASE).strip().upper()
    return known.get(bare, typed)


def is_accredited(accreditor: str, kb: Knowledge) -> bool | None:
    """Whether a program's accreditor is one whose graduates take the CMA (AAMA) exam by the
    standard route; None while it is not known."""
    if not accreditor.strip():
        return None
    return accreditor_name(accreditor, kb) in kb.fact("accreditors").words()


def earliest_test(finished: date, kb: Knowledge) -> date:
    """The first day a completing student who finishes coursework and practicum on `finished`
    may test (`early_test_days` before it)."""
    return finished - timedelta(days=int(kb.fact("early_test_days").number()))


def category1_ends(graduated_on: date, kb: Knowledge) -> date:
    """The last day an application still counts as made within the first category's window."""
    months = int(kb.fact(kb.rules.exam_category.window).number())
    end: date = graduated_on + relativedelta(months=months)
    return end


def category_when_applying(graduated_on: date | None, applying_on: date, kb: Knowledge) -> int:
    """The category of an application made on `applying_on` by someone who graduated (or is
    forecast to graduate) on `graduated_on`; before graduating it is the first category."""
    rule = kb.rules.exam_category
    if graduated_on is None or applying_on <= category1_ends(graduated_on, kb):
        return rule.inside
    return rule.outside


def fee_key(category: int, member: bool) -> str:
    """The entry of the exam fee table for this category and membership ("2-member")."""
    return f"{category}-{'member' if member else 'nonmember'}"


def exam_fee(profile: Profile, category: int, kb: Knowledge) -> int:
    """The fee for this category and membership, from the fee table."""
    fees = kb.fact(kb.rules.exam_fee.fact)
    return int(fees.number(fee_key(category, profile.aama_member)))


def lapse_ends(expires: date, kb: Knowledge) -> date:
    """The last day an expired credential can still be renewed by continuing education: the
    window's months after the expiry, to the end of that month (expired on 2020-02-29: until
    2020-05-31, as the AAMA's own example counts)."""
    rule = kb.rules.lapse_window
    return _months_on(expires, int(kb.fact(rule.months).number()), rule.counted_to)


def lapse_safe(expires: date, kb: Knowledge) -> date:
    """The day to renew an expired credential by to be safe: the AAMA's notice counts the lapse
    in days (`lapse_days`), its FAQ in months to a month's end (`lapse_ends`); the earlier."""
    return min(
        expires + timedelta(days=int(kb.fact("lapse_days").number())), lapse_ends(expires, kb)
    )


def exam_terms(
    profile: Profile,
    *,
    graduated_on: date | None,
    apply_on: date,
    applied: bool,
    kb: Knowledge,
) -> ExamTerms:
    """Category and fee of an application made on `apply_on`."""
    category = category_when_applying(graduated_on, apply_on, kb)
    return ExamTerms(
        category=category,
        fee=exam_fee(profile, category, kb),
        apply_on=apply_on,
        applied=applied,
        graduated_on=graduated_on,
        category1_ends=category1_ends(graduated_on, kb) if graduated_on else None,
    )


def credential_expiry(certified_on: date, kb: Knowledge) -> date:
    """The day the credential expires: the end of the calendar month of certification, plus the
    credential's months, taken to the end of that month again."""
    rule = kb.rules.credential_expiry
    return _months_on(certified_on, int(kb.fact(rule.months).number()), rule.counted_from)


def _months_on(day: date, months: int, counted: CountedFrom) -> date:
    """`months` after `day`, counted as the rule says: to the end of that month."""
    match counted:
        case "end-of-month":
            last: date = day + relativedelta(months=months, day=31)
            return last
        case unknown:
            assert_never(unknown)


def recertify_lead(route: RecertRoute, kb: Knowledge) -> Span:
    """How long before the expiry the recertify step is due, for the chosen route."""
    fact = kb.fact(kb.rules.recertify_lead.leads[route])
    amount = int(fact.number())
    if fact.unit == "months":
        return Span(months=amount)
    if fact.unit == "days":
        return Span(days=amount)
    raise ValueError(f"recertify-lead: no lead in {fact.unit}")


def before(day: date, lead: Span) -> date:
    """`day` moved back by `lead`."""
    earlier: date = day - relativedelta(months=lead.months) - timedelta(days=lead.days)
    return earlier
