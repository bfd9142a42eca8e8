"""Names as people type them (core layer: pure): the ids and names that look like a typo,
and the sentence for an unknown step."""

from __future__ import annotations

from collections.abc import Iterable

from cmaplan.core.model import Plan


def look_alike(typed: str, names: Iterable[str], most: int = 3) -> list[str]:
    """The names that look like what was typed: the closest, and any nearly as close; else the
    names that contain it (or that it contains). Never a name that only shares a few letters."""
    import difflib

    names = list(names)
    scored = sorted(
        ((difflib.SequenceMatcher(None, typed, n).ratio(), n) for n in names), reverse=True
    )
    best = scored[0][0] if scored else 0.0
    close = [n for ratio, n in scored if ratio >= max(0.6, best - 0.1)][:most]
    if close or len(typed) < 3:  # "e" is in half the ids: no suggestion beats a wrong one
        return close
    return [n for n in names if typed in n or n in typed][:most]


def unknown_step_message(plan: Plan, step_id: str) -> str:
    """One sentence for an id the plan does not have, with the closest ids it does have."""
    close = look_alike(step_id, plan.ids)
    quoted = [f'"{c}"' for c in close]
    listed = ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else "".join(quoted)
    hint = f" Did you mean {listed}?" if close else ""
    return f'this plan has no step "{step_id}".{hint} `cmaplan timeline` lists the ids.'
