"""Make untrusted document text safe for a terminal, one character for one.

Every control character except newline and tab is replaced by a visible
symbol of the same length, so offsets computed before and after agree.
C0 controls map to the Unicode "control pictures" (U+2400 block), DEL to
U+2421, and C1 controls (U+0080-U+009F) to U+FFFD.
"""

from __future__ import annotations

import re
from functools import lru_cache

_KEEP = {"\n", "\t"}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if chr(code) not in _KEEP:
            table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = "\ufffd"
    # Unicode line/paragraph separators and bidi overrides can reorder or
    # break lines on screen; show them as a replacement mark as well.
    for code in (0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                 0x2066, 0x2067, 0x2068, 0x2069):
        table[code] = "\ufffd"
    return table


CONTROL_TABLE = _build_table()
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in CONTROL_TABLE) + "]")


def sanitize(text: str, keep: str = "") -> str:
    """Return ``text`` with every unsafe control replaced one-for-one.

    ``keep`` names controls a loader still needs (a .txt's form feeds mark
    page breaks); that loader must remove them itself.
    """
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_table_keeping(keep) if keep else CONTROL_TABLE)


@lru_cache(maxsize=4)
def _table_keeping(keep: str) -> dict[int, str]:
    return {code: symbol for code, symbol in CONTROL_TABLE.items() if chr(code) not in keep}


def is_safe(text: str) -> bool:
    """True when ``text`` holds no character that a terminal could interpret."""
    return _UNSAFE.search(text) is None
