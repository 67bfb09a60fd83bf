"""Make untrusted text safe for a terminal, one character for one.

This is the one sanitiser of the project: document text at load, metadata
after the YAML and entity decoders ran, file names, annotation fields, and
every output surface (CLI text and JSON, exports, notifications, the title
bar) go through ``sanitize``.

Every control character except newline and tab is replaced by a visible
symbol of the same length, so offsets computed before and after agree:

* C0 controls map to the Unicode "control pictures" (U+2400 block), DEL to
  U+2421;
* C1 controls (U+0080-U+009F), line and paragraph separators, lone
  surrogates (an undecodable file name) become U+FFFD;
* bidirectional overrides, embeddings and isolates (U+202A-U+202E,
  U+2066-U+2069) and the marks U+200E, U+200F, U+061C become U+FFFD: they
  can make text read differently from the order it is stored in
  ("Trojan Source");
* other invisible format characters that can hide or disguise text
  (U+200B zero width space, U+2060-U+2064, U+206A-U+206F, U+FEFF, the
  interlinear annotation marks U+FFF9-U+FFFB) become U+2423 (a visible
  "open box"). The zero width joiner and non-joiner (U+200C, U+200D) stay:
  scripts and emoji need them and they move nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_KEEP = {"\n", "\t"}
REPLACEMENT = "\ufffd"
INVISIBLE = "\u2423"

BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
INVISIBLE_FORMAT = (0x200B, *range(0x2060, 0x2065), *range(0x206A, 0x2070), 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB)
_SURROGATES = (0xD800, 0xDFFF)


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if chr(code) not in _KEEP:
            table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = REPLACEMENT
    for code in (0x2028, 0x2029, *BIDI_CONTROLS):
        table[code] = REPLACEMENT
    for code in INVISIBLE_FORMAT:
        table[code] = INVISIBLE
    return table


CONTROL_TABLE = _build_table()


class _Table(dict):
    """The translation table, with lone surrogates (2,048 of them) looked up lazily."""

    def __missing__(self, code: int) -> str:
        if _SURROGATES[0] <= code <= _SURROGATES[1]:
            return REPLACEMENT
        raise LookupError(code)


def _character_class(codes) -> str:
    return "".join(re.escape(chr(c)) for c in sorted(codes))


_UNSAFE = re.compile(
    "[" + _character_class(CONTROL_TABLE) + "\\ud800-\\udfff" + "]"
)
_TABLE = _Table(CONTROL_TABLE)


def sanitize(text: str, keep: str = "") -> str:
    """Return ``text`` with every unsafe character replaced one-for-one.

    ``keep`` names controls a loader still needs (a .txt's form feeds mark
    page breaks); that loader must remove them itself.
    """
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_table_keeping(keep) if keep else _TABLE)


@lru_cache(maxsize=4)
def _table_keeping(keep: str) -> dict[int, str]:
    return _Table({code: symbol for code, symbol in CONTROL_TABLE.items() if chr(code) not in keep})


def sanitize_line(text: str) -> str:
    """``sanitize`` for one-line surfaces (titles, list rows): runs of white space become one space."""
    return " ".join(sanitize(text).split())


def sanitize_data(value: Any) -> Any:
    """``sanitize`` every string (keys too) of a JSON-like value; other values pass."""
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, dict):
        return {sanitize_data(k): sanitize_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [sanitize_data(v) for v in value]
    return value


def sanitize_document_fields(document) -> None:
    """Metadata, link targets and problems of ``document``, safe to show anywhere."""
    meta = document.meta
    meta.title = sanitize_line(meta.title)
    meta.date = sanitize_line(meta.date)
    meta.source = sanitize_line(meta.source)
    meta.speaker = sanitize_line(meta.speaker)
    meta.tags = tuple(sanitize_line(tag) for tag in meta.tags)
    if any(isinstance(style.data, str) and not is_safe(style.data) for style in document.styles):
        from dataclasses import replace  # a link target decoded from entities

        document.styles = [
            replace(style, data=sanitize(style.data)) if isinstance(style.data, str) else style
            for style in document.styles
        ]
    document.problems = [sanitize(problem) for problem in document.problems]


def is_safe(text: str) -> bool:
    """True when ``text`` holds no character that a terminal could interpret."""
    return _UNSAFE.search(text) is None
