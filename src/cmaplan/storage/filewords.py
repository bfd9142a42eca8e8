"""How a refused field of a file is worded (storage layer): the file's door of a `FieldError`.

One sentence that says where the field is in the file, what it must be and what it is:
`[[programs]] number 2: months must be 3 to 24, not 30.` `store.load_plan` puts the file's
path in front.
"""

from __future__ import annotations

from cmaplan.core.errors import FieldError, PlanFileError, shown


def file_message(error: FieldError) -> str:
    """The sentence for a field of a file."""
    place = error.at
    if error.problem == "missing":
        if place:
            return f"{place} needs {error.field} ({error.allowed})."
        return f"{error.field} must be {error.allowed}; the file has none."
    said = f"{place}: " if place else ""
    if error.problem == "order":
        other = f"{error.other} ({shown(error.detail)})"
        return f"{said}{error.field} must be at least {other}, not {shown(error.value)}."
    return f"{said}{error.field} must be {error.allowed}, not {shown(error.value)}."


def in_file(error: FieldError) -> PlanFileError:
    """The plan file's error for a refused field."""
    return PlanFileError(file_message(error))
