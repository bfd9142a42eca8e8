"""Text that came from a person or a file, made safe to show (core layer, stdlib only).

Such text is data: it is never parsed as rich markup (views build `Text` objects from it), and
its control characters (ESC, NUL, BEL, ...) are shown as visible symbols instead of being sent
to the terminal, where they could move the cursor, change colours or ring the bell.
"""

from __future__ import annotations

from datetime import date, datetime

# C0 controls become their Unicode "control pictures" (ESC -> ␛), DEL becomes ␡, C1 controls
# become the replacement character. So do the Unicode line and paragraph separators (they break
# a line where none is expected) and the bidirectional overrides and isolates, which can make
# shown text read in another order than it is stored (the "Trojan Source" trick).
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_VISIBLE = (
    {code: 0x2400 + code for code in range(0x20)}
    | {0x7F: 0x2421}
    | dict.fromkeys(range(128, 160), 65533)
    | dict.fromkeys((0x2028, 0x2029, *_BIDI), 65533)
)


def visible(text: str) -> str:
    """`text` with every control character replaced by a visible symbol."""
    return text.translate(_VISIBLE)


def visible_lines(text: str) -> str:
    """Like `visible`, but line breaks stay line breaks."""
    return "\n".join(visible(line) for line in text.split("\n"))


def decode_text(raw: bytes, legacy: str) -> str:
    """Text as editors and spreadsheets save it: UTF-8 (a byte-order mark or none), UTF-16 with
    its byte-order mark (Notepad's "Unicode", Windows PowerShell 5's `>`), else the `legacy`
    encoding of the system (host.legacy_encoding). UnicodeDecodeError if none of them fits."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode(legacy)
    if not _BINARY.isdisjoint(text):  # an image or a program decodes too, but is not text
        raise UnicodeDecodeError(legacy, raw, 0, len(raw), "control characters: not text")
    return text


_BINARY = frozenset(chr(code) for code in range(32)) - set("\t\n\r\f")


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
