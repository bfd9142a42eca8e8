"""The warnings a failed exam attempt brings (core layer: pure): the retake with its fee and
how many attempts are left, or, after the last one, what restores eligibility."""

from __future__ import annotations

from cmaplan.core.knowledge import Knowledge
from cmaplan.core.model import ExamTerms, Plan, Progress
from cmaplan.core.waiting import retake


def attempt_warnings(
    plan: Plan, terms: ExamTerms | None, kb: Knowledge
) -> list[tuple[str, dict[str, str]]]:
    """The exam step's warning after failed attempts, with its template's fields."""
    failed = plan.progress.get(kb.roles.exam, Progress()).failed
    if not failed:
        return []
    allowed = int(kb.fact("exam_attempts").number())
    last = {"failed_on": failed[-1].isoformat()}
    if len(failed) >= allowed:
        return [("exam-attempts-used", last)]
    if terms is None:
        fee = kb.fact("exam_fee").render("1-member")
    elif terms.fee is None:  # Category 4: the AAMA's pages read so far give no fee
        from cmaplan.core.eligibility import rules as eligibility_rules

        fee = eligibility_rules().alternative_fee
    else:
        fee = f"${terms.fee:,}"
    left = allowed - len(failed)
    again = retake(plan, kb)
    assert again is not None  # an attempt failed
    counted = {"retake_from": again.earliest.isoformat(), "counted_from": again.counted_from}
    return [
        (
            "exam-retake",
            {
                **last,
                **counted,
                "attempt": str(len(failed)),
                "left": f"{left} attempt{'s' if left != 1 else ''}",
                "fee": fee,
            },
        )
    ]
