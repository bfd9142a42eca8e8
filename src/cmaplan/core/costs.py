"""What a person's route costs, dated on the plan's own days (core layer: pure, no I/O).

`costs_of(plan, result)` lists every cost line of the route the forecast `result` dates: the
lines of knowledge.toml's `[money.lines]` that fit this person (each paid at one of their steps),
the exam fee for each attempt, the renewal's fee, and what the person recorded themselves
(core/ledger.py) — with money coming in beside them. A line without a price cmaplan can state
has no amount until the person gives one: cmaplan never invents a tuition or a price.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from cmaplan.core.candidates import ENTRY_CHECKS
from cmaplan.core.conditions import holds
from cmaplan.core.funding import FundingLine, funding_for
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.ledger import CostEntry, CostKind
from cmaplan.core.model import (
    Candidate,
    Forecast,
    Plan,
    Progress,
    ScheduledStep,
    Status,
)
from cmaplan.core.money import dollars_text, span_text
from cmaplan.core.plaintext import visible
from cmaplan.core.planner import chosen_candidate
from cmaplan.core.pricelist import PriceLine, price_list
from cmaplan.core.renewal import renewal_by_exam
from cmaplan.core.rules import category_when_applying, exam_fee
from cmaplan.core.waiting import application_of

# Where a line's amount comes from: the person (yours), the school as the person recorded it,
# a fee the certifying body publishes, or nothing yet (fill: the person fills it in).
Basis = Literal["yours", "school", "published", "fill"]
CHECK_PRICE = "(check the current price)"


class CostLine(NamedTuple):
    """One line of `cmaplan costs`: what, when (None: no day in this plan), how much (cents,
    low to high; None: not known yet), and why that amount."""

    key: str  # a listed line's id ("exam"), or the number of one the person added ("3")
    what: str
    kind: CostKind
    due: date | None
    step: str  # the step it is paid at ("" for none)
    low: int | None
    high: int | None
    basis: Basis
    note: str
    sources: tuple[str, ...]
    paid: bool  # its step is done, or its day has passed
    settable: bool = False  # a listed line whose amount the person gives (`costs set KEY`)

    @property
    def known(self) -> bool:
        return self.low is not None

    @property
    def amount(self) -> str:
        """As shown: "$125", "$40–$60", or "—" while it has none."""
        if self.low is None:
            return "—"
        return span_text(self.low, self.high if self.high is not None else self.low)


class Costs(NamedTuple):
    today: date
    lines: tuple[CostLine, ...]  # by due day, lines without one last
    funding: tuple[FundingLine, ...]

    def total(self, kind: CostKind = "cost", *, paid: bool | None = None) -> tuple[int, int]:
        """The low and high sums of the known lines of `kind` (paid or not, when given)."""
        chosen = [
            line
            for line in self.lines
            if line.kind == kind and line.known and (paid is None or line.paid is paid)
        ]
        return sum(line.low or 0 for line in chosen), sum(line.high or 0 for line in chosen)

    @property
    def unknown(self) -> tuple[CostLine, ...]:
        """The cost lines still without an amount."""
        return tuple(line for line in self.lines if line.kind == "cost" and not line.known)

    def next_payment(self) -> CostLine | None:
        """The first cost not yet paid, with or without an amount."""
        due = [line for line in self.lines if line.kind == "cost" and not line.paid and line.due]
        return min(due, key=lambda line: line.due or date.max, default=None)

    def by_month(self) -> list[tuple[date, int, int]]:
        """The known costs still to pay by month (its first day), low and high; a cost whose
        day has passed unpaid counts in this month."""
        months: dict[date, list[int]] = {}
        for line in self.lines:
            if line.kind != "cost" or line.paid or not line.known or line.due is None:
                continue
            day = max(line.due, self.today)
            sums = months.setdefault(day.replace(day=1), [0, 0])
            sums[0] += line.low or 0
            sums[1] += line.high or 0
        return [(month, low, high) for month, (low, high) in sorted(months.items())]


def costs_of(plan: Plan, result: Forecast) -> Costs:
    """Every cost line of the plan as `result` dates it, and the ways to pay that fit."""
    listed = price_list()
    dated = {s.step.id: s for s in result.steps}
    given = {e.line: e for e in plan.costs if e.line}
    lines: list[CostLine] = []
    chosen = chosen_candidate(plan.profile, plan.candidates)
    exam_step = dated.get(load_knowledge().roles.exam)
    for price in listed.lines:
        step = dated.get(price.step)
        if step is None and price.price == "exam":  # every attempt used: no application ahead
            step = exam_step
        if step is None or not price.fits(plan.profile, plan.program):
            continue
        unasked = chosen is not None and chosen.asks and price.key not in chosen.asks
        if unasked and price.key in ENTRY_CHECKS:  # the chosen program said it does not ask it
            continue
        lines.extend(_priced(price, step, plan, result, given.get(price.key), chosen))
    for number, entry in enumerate((e for e in plan.costs if not e.line), 1):
        lines.append(_yours(str(number), entry, dated, result.today))
    lines.sort(key=lambda line: (line.due is None, line.due or date.max))
    return Costs(result.today, tuple(lines), funding_for(plan, dated, result.today))


def _line(
    price: PriceLine,
    step: ScheduledStep,
    low: int | None,
    basis: Basis,
    note: str,
    *,
    due: date | None = None,
    what: str = "",
    high: int | None = None,
    paid: bool | None = None,
    settable: bool = False,
) -> CostLine:
    # paid when the step begins, but a yearly application's fees when it is sent (its due day,
    # the next season's once one has been missed)
    day = due or (step.due if step.step.duration.is_yearly else step.start)
    return CostLine(
        price.key,
        what or price.what,
        "cost",
        day,
        step.step.id,
        low,
        low if high is None else high,
        basis,
        note,
        price.sources,
        _settled(price, step) if paid is None else paid,
        settable,
    )


def _settled(price: PriceLine, step: ScheduledStep) -> bool:
    """Whether a listed line is paid: its step is done or no longer needed (what a program asks
    before day one, once the program is under way), or, for a program's own bill (due on its
    first day), once that program is under way."""
    if step.is_done or step.status is Status.NOT_NEEDED:
        return True
    return price.price == "program" and step.status is Status.IN_PROGRESS


def _priced(
    price: PriceLine,
    step: ScheduledStep,
    plan: Plan,
    result: Forecast,
    entry: CostEntry | None,
    chosen: Candidate | None,
) -> list[CostLine]:
    if price.price == "fill":
        if entry is not None:
            return [_set(price, step, entry)]
        return [_line(price, step, None, "fill", f"to fill in: {price.hint}", settable=True)]
    if price.price == "program":
        return [_program(price, step, chosen, plan)]
    if price.price == "exam":
        return _exam(price, step, plan, result)
    return _renewal(price, step, plan, result, entry)


def _set(
    price: PriceLine,
    step: ScheduledStep,
    entry: CostEntry,
    *,
    what: str = "",
    due: date | None = None,
) -> CostLine:
    """A listed line with the amount the person set."""
    return _line(
        price,
        step,
        entry.cents,
        "yours",
        "your figure",
        high=entry.up_to,
        what=what,
        due=due,
        settable=True,
    )


def _program(
    price: PriceLine, step: ScheduledStep, chosen: Candidate | None, plan: Plan
) -> CostLine:
    tuition = price.field == "cost"
    if chosen is None:
        how = (
            "choose one with `cmaplan program choose NAME`"
            if plan.candidates
            else "record your program with `cmaplan program add NAME --cost USD --fees USD` "
            "and choose it"
        )
        return _line(price, step, None, "fill", f"cmaplan never guesses it: {how}")
    dollars = chosen.cost if tuition else chosen.fees
    if dollars is None:
        option = f"--{price.field}"
        add = f'ask the school, then `cmaplan program edit "{chosen.name}" {option} USD`'
        return _line(price, step, None, "fill", add)
    said = f"{chosen.name}, as you recorded it"
    if tuition:  # a school that bills by term: its terms are the person's own lines
        said += " (billed by term? record each term with `cmaplan costs add` instead)"
    return _line(price, step, dollars * 100, "school", said)


def _exam(price: PriceLine, step: ScheduledStep, plan: Plan, result: Forecast) -> list[CostLine]:
    """The fee of each attempt: the failed ones (paid, each at the category of its own
    application), and the one ahead unless every attempt is used. No line for an attempt on a
    route that does not reach the exam."""
    kb = load_knowledge()
    terms = result.exam
    exam = next((s for s in result.steps if s.step.id == kb.roles.exam), None)
    failed = plan.progress.get(kb.roles.exam, Progress()).failed
    rate = "AAMA member" if plan.profile.aama_member else "non-member"
    lines = []
    for n, day in enumerate(failed, 1):
        category, paid_fee = _attempt_terms(plan, result, n, kb)
        line = _line(
            price,
            step,
            paid_fee * 100,
            "published",
            f"Category {category}, {rate} fee {CHECK_PRICE}",
            due=application_of(plan, n, kb) or day,  # paid when that attempt was applied for
            what=f"{price.what}, attempt {n} (failed on {day})",
            paid=True,
        )
        lines.append(line._replace(key=f"{price.key}-attempt-{n}"))  # one key per line
    if terms is None:
        return lines
    fee: int | None = None if terms.fee is None else terms.fee * 100
    about = f"Category {terms.category}, {rate} fee {CHECK_PRICE}" if fee is not None else ""
    if fee is None:
        about = f"to fill in: {price_list().alternative_fee}"
    if exam is not None and exam.status is not Status.CLOSED:
        label = f"{price.what}, attempt {len(failed) + 1}" if failed else price.what
        paid = terms.applied or (exam.is_done and not failed)
        basis: Basis = "published" if fee is not None else "fill"
        lines.append(
            _line(price, step, fee, basis, about, due=terms.apply_on, what=label, paid=paid)
        )
    return lines


def _attempt_terms(plan: Plan, result: Forecast, attempt: int, kb: Knowledge) -> tuple[int, int]:
    """The category and fee of failed attempt number `attempt`: those of its own application
    (waiting.application_of; else the day it failed)."""
    failed_on = plan.progress.get(kb.roles.exam, Progress()).failed[attempt - 1]
    applied = application_of(plan, attempt, kb) or failed_on
    if holds(["alternative"], plan.profile, plan.program):
        category = 4
    else:
        graduated = plan.profile.graduated_on
        if graduated is None:
            graduate = next((s for s in result.steps if s.step.id == kb.roles.graduation), None)
            graduated = graduate.progress.done_on if graduate is not None else None
        category = category_when_applying(graduated, applied, kb)
    return category, exam_fee(plan.profile, category, kb)


def _renewal(
    price: PriceLine, step: ScheduledStep, plan: Plan, result: Forecast, entry: CostEntry | None
) -> list[CostLine]:
    credential = result.credential
    if credential is None:
        return []
    by_exam = renewal_by_exam(credential, plan.profile, result.today)
    if by_exam is not None:
        rate = "AAMA member" if by_exam.member else "non-member"
        note = f"by exam (Category 3), {rate} fee"
        if by_exam.reactivation:
            note += f", with the {dollars_text(by_exam.reactivation * 100)} reactivation fee"
        maybe = by_exam.reactivation_maybe
        if maybe:  # budgeted with it: the AAMA's two counts of the lapse differ on today
            note += (
                f", with the {dollars_text(maybe * 100)} reactivation fee the AAMA's notice adds "
                f"after {load_knowledge().fact('lapse_days').render()} (its FAQ only after the "
                "third month's end)"
            )
        note += f" {CHECK_PRICE}"
        what = f"{price.what} by exam"
        amount = (by_exam.fee + maybe) * 100
        return [_line(price, step, amount, "published", note, due=by_exam.apply_by, what=what)]
    what = f"{price.what} by continuing education"
    if entry is not None:
        return [_set(price, step, entry, what=what, due=step.due)]
    note = "to fill in: the AAMA's fee for renewing by CE (check with the AAMA)"
    return [_line(price, step, None, "fill", note, due=step.due, what=what, settable=True)]


def _yours(key: str, entry: CostEntry, dated: dict[str, ScheduledStep], today: date) -> CostLine:
    step = dated.get(entry.step) if entry.step else None
    due = entry.on or (step.start if step is not None else None)
    paid = (
        step.is_done if step is not None and entry.on is None else (due is not None and due < today)
    )
    return CostLine(
        key,
        entry.what,
        entry.kind,
        due,
        entry.step if step is not None else "",
        entry.cents,
        entry.up_to if entry.up_to is not None else entry.cents,
        "yours",
        "" if step is not None or not entry.step else f"its step {entry.step} is not in this plan",
        (),
        paid,
    )


def payment_words(costs: Costs) -> str:
    """One sentence for `status`: the next payment, or "" when none is ahead."""
    line = costs.next_payment()
    if line is None or line.due is None:
        return ""
    amount = "amount not filled in yet" if line.low is None else line.amount
    when = "now" if line.due <= costs.today else str(line.due)
    return f"Next payment: {visible(line.what)} ({amount}), due {when} · `cmaplan costs`"


def step_costs(costs: Costs, step_id: str) -> tuple[CostLine, ...]:
    """The lines paid at one step, for `show STEP`."""
    return tuple(line for line in costs.lines if line.step == step_id)
