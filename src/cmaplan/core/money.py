"""Amounts of money (core layer, stdlib only): kept exactly as whole cents, read from what a
person types and from the plan file, and shown in US dollars.

An amount is US dollars and cents, written with the digits 0-9: "1250", "1,250.50", "$1250".
Nothing else is taken for one — not a sign (money coming in is aid, a kind of line, never a
negative cost), not `1_0`, `1e3`, nan or infinity, not another script's digits, not a third
decimal (there is no such thing as a tenth of a cent), and not another currency: cmaplan plans
a route in the United States and cannot convert one.
"""

from __future__ import annotations

import re
import unicodedata

from cmaplan.core.errors import CommandLineError, UsageError
from cmaplan.core.numbers import NotANumber, parse_number, quoted

MAX_CENTS = 1_000_000 * 100  # $1,000,000, as a program's cost: nothing on this route comes near it
MAX_TYPED = 40  # the characters an amount may take ("$1,000,000.00 USD" and a range of two)
# The plan file's form: whole dollars, or dollars and two decimals ("1250", "1250.50").
STORED = re.compile(r"(0|[1-9][0-9]{0,8})(\.[0-9]{2})?")
_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?")
_CODES = re.compile(r"(?i)\b(usd|us\$|dollars?|eur|euros?|gbp|inr|cad|aud|mxn|php|ngn|pkr)\b")
_OURS = frozenset({"usd", "us$", "dollar", "dollars"})


class NotAnAmount(ValueError):
    """Text that is not an amount in US dollars; `reason` says why, for a sentence naming the
    value first ("--amount must be ...")."""

    def __init__(
        self, typed: str, reason: str, *, form: bool = False, negative: bool = False
    ) -> None:
        self.typed, self.reason = typed, reason
        self.form = form  # not written with the digits 0-9 at all (a command-line error)
        self.negative = negative  # a sign: money coming in is a line of its own
        super().__init__(reason)


def parse_amount(text: str) -> int:
    """The cents `text` means (see the module); NotAnAmount otherwise."""
    bare = unicodedata.normalize("NFC", text).strip()
    if len(bare) > MAX_TYPED:  # no amount of this route is that long: said without the text
        raise NotAnAmount(
            text, f"must be at most {dollars_text(MAX_CENTS)}, not {len(bare):,} characters long"
        )
    shown = f'"{quoted(text)}"'
    symbol = next((c for c in bare if unicodedata.category(c) == "Sc" and c != "$"), None)
    codes = {m.group(1).lower() for m in _CODES.finditer(bare)}
    if symbol is not None or codes - _OURS:
        raise NotAnAmount(
            text,
            f"must be in US dollars, not {shown}: cmaplan does not convert currencies (give the "
            "amount in dollars, e.g. 1250 or 1,250.50)",
        )
    bare = _CODES.sub("", bare).strip()
    bare = bare.removeprefix("$").strip()
    if bare.startswith(("-", "+")):
        try:
            parse_amount(bare[1:])
        except NotAnAmount as error:  # "-inf", "-1_0": not a number at all, before its sign
            if error.form:
                raise NotAnAmount(text, error.reason.replace(f'"{quoted(bare[1:])}"', shown),
                                  form=True) from None  # fmt: skip
        raise NotAnAmount(text, f"must be an amount of 0 or more, not {shown}", negative=True)
    if _GROUPED.fullmatch(bare):
        bare = bare.replace(",", "")
    whole = re.fullmatch(r"([0-9]+)(\.[0-9]*)?", bare)
    if whole and int(whole.group(1)) * 100 > MAX_CENTS:  # a number, but no cost of this route
        raise NotAnAmount(
            text, f"must be at most {dollars_text(MAX_CENTS)}, not {shown}: no cost of this route"
        )
    try:
        parse_number(bare, fraction=True)
    except NotANumber as error:
        allowed = "an amount in dollars written with the digits 0-9, e.g. 1250 or 1,250.50"
        meant = f" ({error.meant}, not {shown})" if error.meant else f", not {shown}"
        raise NotAnAmount(text, f"must be {allowed}{meant}", form=True) from None
    dollars, _, cents = bare.partition(".")
    if len(cents) > 2:
        raise NotAnAmount(text, f"must have at most two decimals (cents), not {shown}")
    value = int(dollars or "0") * 100 + int((cents + "00")[:2])
    if value > MAX_CENTS:
        raise NotAnAmount(
            text, f"must be at most {dollars_text(MAX_CENTS)}, not {shown}: no cost of this route"
        )
    return value


def parse_span(text: str) -> tuple[int, int | None]:
    """An amount, or a range of two ("40-60", "40–60", "40 to 60"): its cents, and the top's
    when it is a range."""
    parts = re.split(r"\s*(?:[-–—]|\bto\b)\s*", text.strip(), maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return parse_amount(parts[0]), parse_amount(parts[1])
    return parse_amount(text), None


def amount_option(text: str, label: str, *, span: bool = False) -> tuple[int, int | None]:
    """An amount (or, with `span`, a range) at a door: its refusal is one sentence naming the
    option or argument (a range's "money coming in" is a line of its own: said so)."""
    try:
        return parse_span(text) if span else (parse_amount(text), None)
    except NotAnAmount as error:
        if error.form:  # like a number of another script at any door: exit 2
            raise CommandLineError(f"{label} {error.reason}") from None
        aid = " (money coming in is a line with --aid)" if span and error.negative else ""
        raise UsageError(f"{label} {error.reason}{aid}") from None


def stored(cents: int) -> str:
    """The plan file's form of an amount: exact, in dollars ("1250", "1250.50")."""
    whole, part = divmod(cents, 100)
    return f"{whole}.{part:02d}" if part else str(whole)


def from_stored(text: str) -> int:
    """The cents of an amount in the plan file's form; ValueError for any other text."""
    if not STORED.fullmatch(text):
        raise ValueError(text)
    dollars, _, cents = text.partition(".")
    return int(dollars) * 100 + int(cents or "0")


def dollars_text(cents: int) -> str:
    """An amount as a person reads it, rounded to the dollar (half up): "$1,251"."""
    return f"${(cents + 50) // 100:,}"


def span_text(low: int, high: int) -> str:
    """A low-high amount: "$1,200", or "$1,200–$1,500" when they differ once rounded."""
    first, last = dollars_text(low), dollars_text(high)
    return first if first == last else f"{first}–{last}"
