"""Text that came from a person or a file, made safe to show (core layer, stdlib only).

Such text is data: it is never parsed as rich markup (views build `Text` objects from it), and
its control characters (ESC, NUL, BEL, ...) are shown as visible symbols instead of being sent
to the terminal, where they could move the cursor, change colours or ring the bell.
"""

from __future__ import annotations

import re
from datetime import date, datetime

# C0 controls become their Unicode "control pictures" (ESC -> ␛), DEL becomes ␡, C1 controls
# become the replacement character. So do the Unicode line and paragraph separators (they break
# a line where none is expected), the bidirectional overrides and isolates, which can make
# shown text read in another order than it is stored (the "Trojan Source" trick), and the code
# points that are no character at all: lone surrogates (a byte that was not UTF-8, as argv and
# file names carry it: surrogateescape) and the 66 noncharacters (U+FFFE, U+FFFF, U+FDD0 to
# U+FDEF, the last two of every plane). What is left is text every export can hold as it is:
# XML 1.0 (the svg), HTML without a parse error, UTF-8 (a surrogate cannot be encoded at all),
# and one line for every line-based format (no U+000B, U+000C, U+001C-1E, U+0085, U+2028 or
# U+2029, which Python's splitlines and some editors break lines at).
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))


class _Shown(dict[int, int]):
    """`visible`'s table for str.translate: the controls and separators above, and each other
    code point looked up when first met (a lone surrogate or a noncharacter becomes U+FFFD, any
    other stays itself), a few thousand of them remembered: a table of all 2,114 would add
    0.2 ms to the start of every command."""

    def __missing__(self, code: int) -> int:
        shown = 65533 if 0xD800 <= code <= 0xDFFF or _is_noncharacter(code) else code
        if len(self) < 4096:
            self[code] = shown
        return shown


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


_VISIBLE = _Shown(
    {code: 0x2400 + code for code in range(0x20)}
    | {0x7F: 0x2421}
    | dict.fromkeys(range(128, 160), 65533)
    | dict.fromkeys((0x2028, 0x2029, *_BIDI), 65533)
)


def visible(text: str) -> str:
    """`text` with every control character, lone surrogate and noncharacter replaced by a
    visible symbol: text that every terminal and every export format can show as it is."""
    return text.translate(_VISIBLE)


def visible_lines(text: str) -> str:
    """Like `visible`, but line breaks stay line breaks."""
    return "\n".join(visible(line) for line in text.split("\n"))


class NotText(ValueError):
    """Bytes that are no text cmaplan can read; `reason` says why, for a sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_text(raw: bytes, legacy: str) -> str:
    """Text as editors and spreadsheets save it: UTF-8 (a byte-order mark or none), UTF-16 or
    UTF-32 with its byte-order mark (Notepad's "Unicode", Windows PowerShell 5's `>`), else the
    `legacy` encoding of the system (host.legacy_encoding). A file that is UTF-8 but for a
    broken character is refused rather than misread, and so is one with control characters
    (a program, an image); an old editor's Ctrl-Z at the end is dropped. NotText if it is not
    text."""
    try:
        if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
            text = raw.decode("utf-32")
        elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16")
        else:
            text = _utf8_or(raw, legacy)
    except UnicodeDecodeError:
        raise NotText("its bytes are not text in any encoding cmaplan knows") from None
    text = text.lstrip("\ufeff").rstrip("\x1a")
    if _BINARY.search(text):
        raise NotText("it holds control characters, as a program or a picture does")
    return text


def _utf8_or(raw: bytes, legacy: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(raw):  # UTF-8 elsewhere in it: one bad byte, not cp1252
            line = raw[: error.start].count(b"\n") + 1
            raise NotText(f"it is UTF-8 but for a broken character on line {line}") from None
    return raw.decode(legacy)


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# The control characters no text file holds: all below space but tab, line feed, form feed and
# carriage return (a range for the regex engine: several times quicker than a set on 1 MB).
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def toml_shown(value: object) -> str:
    """A value read from TOML, spelled as TOML spells it (true, 1979-05-27, "text")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def plural(count: float, word: str, many: str = "") -> str:
    """ "1 point", "2.5 points", "3 entries" (with `many`)."""
    return f"{count:g} {word if count == 1 else (many or word + 's')}"


def same_name(name: str) -> str:
    """How names people typed are compared: any case, any spacing."""
    return " ".join(name.split()).casefold()


def with_article(noun: str) -> str:
    """ "a certificate program", "an associate degree"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun
