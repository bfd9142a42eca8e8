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
    return "\n".join(lines) + "\n" + _one_line_each(tomli_w.dumps(document))


# tomli_w escapes the controls but writes the rest as it is: a lone surrogate, which no UTF-8
# file can hold (a byte that was not UTF-8, carried in by surrogateescape), and the characters
# that break a line for many editors, though not for TOML. Each of these can only be inside a
# quoted value there: it is written as an escape, a surrogate as that of U+FFFD. (No regular
# expression: one with the surrogates' range takes 0.8 ms to compile.)
_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _one_line_each(toml: str) -> str:
    toml = toml.translate(_LINE_BREAKS)
    try:
        toml.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return "".join("\\ufffd" if "\ud800" <= c <= "\udfff" else c for c in toml)
    return toml
