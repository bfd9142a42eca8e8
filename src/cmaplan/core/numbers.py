"""A number as a person types it (core layer, stdlib only): the one reading of a number wherever
one comes in — an option (`--points 2.5`, `ceu remove 2`), a cell of `ceu import`'s CSV, a
checklist item (`check choose-program.2`) and the interview's answers.

A number is what a person means by one: the digits 0-9, a sign, and where a fraction is allowed
one decimal point, with spaces around it at most. Python's `int()` and `float()` read much more
— `1_0` as 10, `1e1`, `nan`, `inf`, and the digits of every script (`٣` as 3, full-width `３`)
— and none of it is read here: it is refused, never taken for something else, and the door
words the refusal with `NotANumber.words`.
"""

from __future__ import annotations

import unicodedata
from typing import Literal, overload

from cmaplan.core.plaintext import visible

LONGEST = 40  # characters: a number longer than this is no one's points, months or hours
EXACT = 15  # digits a fraction is kept with, exactly (a float's 15 significant digits)
_DIGITS = frozenset("0123456789")


class NotANumber(ValueError):
    """Text that is not a number written with the digits 0-9. `typed` is the text as given,
    `whole` whether a whole number was asked for, and `meant` the same number in 0-9 when the
    text is one in another script's digits ("3" for "٣"), else ""; `long`: it is a number,
    but longer than any cmaplan takes."""

    def __init__(
        self, typed: str, *, whole: bool, meant: str = "", long: bool = False, fine: bool = False
    ) -> None:
        self.typed, self.whole, self.meant, self.long = typed, whole, meant, long
        self.fine = fine  # a number with more digits than a fraction here can keep exactly
        super().__init__(self.words())

    @property
    def allowed(self) -> str:
        """What is allowed, in words."""
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} written with the digits 0-9"

    def words(self) -> str:
        """What must be given instead, for a sentence that names the value first:
        'must be a number written with the digits 0-9 (3, not "٣")'."""
        typed = f'"{quoted(self.typed)}"'
        if self.long:
            return f"must be {self.allowed} of at most {LONGEST} characters, not {typed}"
        if self.fine:
            return f"must be {self.allowed} of at most {EXACT} digits, not {typed}"
        if self.meant:
            return f"must be {self.allowed} ({self.meant}, not {typed})"
        return f"must be {self.allowed}, not {typed}"


def quoted(text: str) -> str:
    """A word a person typed, as a message quotes it: its control characters visible, and cut
    after `LONGEST` characters."""
    shown = text if len(text) <= LONGEST else text[:LONGEST] + "…"
    return visible(shown)


@overload
def parse_number(text: str, *, fraction: Literal[False] = False, comma: bool = False) -> int: ...
@overload
def parse_number(text: str, *, fraction: Literal[True], comma: bool = False) -> float: ...
def parse_number(text: str, *, fraction: bool = False, comma: bool = False) -> int | float:
    """The number `text` means: ASCII digits with a sign ("+" or "-") before them if any, and
    spaces around; with `fraction`, one decimal point among them ("2.5", "2.", ".5"), or a
    comma when `comma` (a CSV whose cells are separated by semicolons: "1,5"). NotANumber for
    anything else: underscores, exponents, nan and inf, other scripts' digits, superscripts,
    fractions such as ½, more than `LONGEST` characters."""
    bare = text.strip()
    marks = (".," if comma else ".") if fraction else ""
    if len(bare) > LONGEST or not _written(bare, marks):
        long = _written(bare, marks)
        raise NotANumber(text, whole=not fraction, meant=_in_ascii(bare, marks), long=long)
    if not fraction:
        return int(bare)
    written = bare.replace(",", ".")
    value = float(written) + 0.0  # -0 is 0: a value never shows as "-0"
    if sum(char in _DIGITS for char in written.strip("+-0.")) > EXACT:
        from decimal import Decimal  # only for a number longer than a float keeps exactly

        if Decimal(written) != Decimal(repr(value)):  # 0.5000000000000000000001 is not 0.5
            raise NotANumber(text, whole=False, fine=True)
    return value


def _written(bare: str, marks: str) -> bool:
    """Whether `bare` is a number in 0-9, a sign before it, at most one of `marks` in it."""
    body = bare[1:] if bare[:1] in ("+", "-") else bare
    found = [char for char in body if char in marks] if marks else []
    digits = body.replace(found[0], "", 1) if len(found) == 1 else body
    return bool(digits) and len(found) <= 1 and set(digits) <= _DIGITS


# The Arabic decimal separator, as a person on an Arabic keyboard types "2.5" ("٢٫٥").
_POINTS = {chr(0x066B): "."}


def _in_ascii(bare: str, marks: str) -> str:
    """`bare` with another script's digits (or full-width ones) written as 0-9, when that makes
    it a number; else "". Superscripts, fractions and numerals such as ², ½ or Ⅻ are not
    digits a person types for a number: no number is suggested for them."""
    written = []
    for char in bare:
        value = unicodedata.decimal(char, None)
        if value is not None:
            written.append(str(value))
        elif unicodedata.numeric(char, None) is not None:
            return ""
        else:
            written.append(_POINTS.get(char) or unicodedata.normalize("NFKC", char))
    meant = "".join(written)
    fits = meant != bare and len(meant) <= LONGEST and _written(meant, marks)
    return meant if fits else ""
