"""The plan's answers as an answers file (views layer: pure): what `cmaplan init --answers FILE`
reads back, with the keys not given listed in comments, so it can be kept, edited and reused."""

from __future__ import annotations

from cmaplan.core.model import Plan
from cmaplan.core.profile import profile_to_dict
from cmaplan.storage.answers import answers_text


def answers(plan: Plan) -> str:
    """The answers the plan is made from, as they stand (a done diploma step counts as a
    diploma, as `cmaplan init` would ask it)."""
    from cmaplan.core.tracking import answers_now

    return answers_text(profile_to_dict(answers_now(plan)))
