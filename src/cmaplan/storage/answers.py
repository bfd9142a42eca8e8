"""The answers file's text (storage layer: pure): what `cmaplan init --answers FILE` reads back,
with the keys not given listed in comments, so it can be kept, edited and reused."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomli_w

from cmaplan.core.profile import KEYS


def answers_text(document: Mapping[str, Any]) -> str:
    """An answers file holding `document` (a profile as profile_to_dict gives it)."""
    # The program chosen is recorded in the plan with the programs, not in the answers.
    document = {k: v for k, v in document.items() if k != "program_choice"}
    lines = ["# cmaplan answers: use with `cmaplan init --answers THIS_FILE`."]
    unused = [key for key in KEYS if key.name not in document and key.name != "program_choice"]
    if unused:
        lines.append('# Keys you can add (README.md, "The answers file", says what each takes):')
        lines.extend(f"#   {key.name:<24} {key.meaning}" for key in unused)
    return "\n".join(lines) + "\n" + tomli_w.dumps(document)
