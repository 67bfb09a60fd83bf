"""A corpus of hostile and damaged inputs, generated (nothing hostile is stored in the repo).

``generate(folder, scale)`` writes the files and returns their paths.
``scale=1.0`` is the benchmark's size (runs of 100 KB, Markdown of several
MB, files up to just under the 16 MB limit); the tests use a small scale
so the default run stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path

ESC = "\x1b"
# Escape sequences a document could smuggle to the terminal.
OSC_TITLE = ESC + "]2;PWNED" + ESC + "\\"
OSC_CLIPBOARD = ESC + "]52;c;ZXZpbA==" + "\x07"
CLEAR = ESC + "[2J"
C1_CSI = "\x9b"
BIDI = "\u202e"
# The same, as YAML double-quoted escapes: decoded only by the YAML parser.
YAML_ATTACKS = [r"\e]2;PWNED\e\\", r"\e]52;c;ZXZpbA==\a", r"\e[2J", r"\x9b31m", r"\u202e", r"\u2066"]


def _front_matter_attack() -> str:
    title = "Title " + "".join(YAML_ATTACKS)
    return (
        "---\n"
        f'title: "{title}"\n'
        f'source: "Source {YAML_ATTACKS[1]}"\n'
        f'tags: ["tag{YAML_ATTACKS[2]}", "x{YAML_ATTACKS[4]}y"]\n'
        "date: 2026-01-02\n"
        "---\n\n"
        "The minister said the talks would resume. Sanctions were discussed.\n"
    )


def _billion_laughs() -> str:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join(f"*{previous}" for _ in range(9)) + "]")
        previous = name
    lines.append("title: *i")
    lines.append("---")
    return "\n".join(lines) + "\n\nBody text.\n"


def files(scale: float = 1.0) -> dict[str, bytes]:
    """File name -> content of every hostile input."""
    n = lambda size: max(int(size * scale), 64)  # noqa: E731
    out: dict[str, bytes] = {}
    out["front-matter-escapes.md"] = _front_matter_attack().encode()
    out["heading-entities.md"] = (
        b"# Talks &#x202E;reversed&#x202C; &#x1b;]2;PWNED&#x1b;\\ &#27;[2J end\n\n"
        b"[link](http://example.com/&#x1b;]2;X&#x1b;\\) The minister spoke.\n"
    )
    out["raw-escapes.md"] = (
        f"# Raw {OSC_TITLE}{CLEAR}\n\nThe envoy {OSC_CLIPBOARD} said {C1_CSI}31m so {BIDI}x.\n"
    ).encode()
    out["billion-laughs.md"] = _billion_laughs().encode()
    out["front-matter-nested.md"] = ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n\nBody.\n").encode()
    out["front-matter-types.md"] = (
        b"---\ntitle: {a: 1}\nsource: [1, 2]\ntags: {x: y}\ndate: [2026]\n---\n\nBody.\n"
    )
    out["front-matter-huge.md"] = ("---\ntitle: \"" + "x" * n(200_000) + "\"\n---\n\nBody.\n").encode()
    for name, unit in (("dots", "."), ("bangs", "!"), ("ellipses", "…"), ("dot-quotes", '."')):
        out[f"run-{name}.txt"] = ("Start " + unit * (n(100_000) // len(unit.encode())) + " End\n").encode()
    out["run-dots.md"] = ("Start " + "." * n(100_000) + "\n").encode()
    out["run-spaced-dots.md"] = ("Start" + ". " * n(50_000) + "end\n").encode()
    out["no-sentence-end.md"] = (("word " * n(200_000)).strip() + "\n").encode()
    out["dehyphenation.txt"] = ("Title\n\n" + "word-\n" * n(100_000) + "end\n").encode()
    out["dehyphenation-long-line.txt"] = ("Title\n\n" + "ab-" * n(100_000) + "\ncd\n").encode()
    out["table.md"] = (
        "| a | b | c |\n|---|---|---|\n" + "| x | y | z |\n" * (n(2_000_000) // 14)
    ).encode()
    out["short-paragraphs.md"] = ("a\n\n" * (n(6_000_000) // 3)).encode()
    out["nested-quotes.md"] = (">" * n(100_000) + " deep\n").encode()
    out["nested-lists.md"] = "".join("  " * i + "- x\n" for i in range(min(n(2000), 2000))).encode()
    out["emphasis.md"] = ("*a " * n(300_000) + "\n").encode()
    out["links.md"] = ("[a](b) " * n(300_000) + "\n").encode()
    out["brackets.md"] = ("[" * n(500_000) + "\n").encode()
    out["backticks.md"] = ("`a " * n(300_000) + "\n").encode()
    out["big-prose.md"] = (("The minister said the talks would resume next week in Geneva. " * 8 + "\n\n")
                           * (n(15_000_000) // 520)).encode()
    out["big-lines.txt"] = ("x\n" * (n(15_000_000) // 2)).encode()
    out["not-utf8.md"] = b"# Title \xff\xfe\n\nBody \xc3\x28 text.\n"
    out["utf16.md"] = "\ufeff# UTF-16 title\n\nBody.\n".encode("utf-16")
    out["binary.md"] = b"\x00\x01\x02" * 100
    out["empty.md"] = b""
    out["crlf.md"] = b"# Title\r\n\r\nBody\rmore\r\n"
    out["just-said.md"] = b"He said,\n"
    return out


def generate(folder: Path, scale: float = 1.0) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files(scale).items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    # File names are untrusted too.
    escaped = folder / ("name-" + ESC + "]2;PWNED" + ESC + "\\.md")
    escaped.write_bytes(b"# Named\n\nThe minister spoke.\n")
    paths.append(escaped)
    raw = os.fsencode(folder) + b"/bad-\xff\xfe-name.md"
    with open(raw, "wb") as handle:
        handle.write(b"# Bad name\n\nThe minister spoke.\n")
    paths.append(Path(os.fsdecode(raw)))
    return paths
