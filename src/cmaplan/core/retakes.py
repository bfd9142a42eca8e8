"""The warnings a failed exam attempt brings (core layer: pure): the retake with its fee and
how many attempts are left, or, after the last one, what restores eligibility."""

from __future__ import annotations

from cmaplan.core.knowledge import Knowledge
from cmaplan.core.model import ExamTerms, Plan, Progress


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
    fee = f"${terms.fee:,}" if terms is not None else kb.fact("exam_fee").render("1-member")
    left = allowed - len(failed)
    return [
        (
            "exam-retake",
            {
                **last,
                "attempt": str(len(failed)),
                "left": f"{left} attempt{'s' if left != 1 else ''}",
                "fee": fee,
            },
        )
    ]
