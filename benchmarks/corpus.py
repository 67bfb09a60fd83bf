"""Generated documents for benchmarks: deterministic, realistic enough to wrap and style."""

from __future__ import annotations

import random
from pathlib import Path

from tui import paths

SENTENCES = [
    "The U.S. State Department said the new sanctions were a response to repeated cyberattacks.",
    "China's foreign ministry rejected the accusation and demanded that Washington stop interfering.",
    "European Union officials expressed concern about the humanitarian situation in the region.",
    "Russia warned that it would respond to any deployment near its borders.",
    "The World Bank pledged new loans to support energy security and climate adaptation.",
    "India and Pakistan traded accusations over the Indus Waters Treaty and the dams upstream.",
    "NATO allies agreed to raise defence spending while ASEAN called for restraint at sea.",
]


def generate_text(size: int, seed: int = 7) -> str:
    """About ``size`` characters of briefing-like Markdown with headings and lists."""
    rng = random.Random(seed)
    parts = ["---\ntitle: Generated briefing\ndate: 2026-01-01\nsource: Benchmarks\n---\n\n# Generated briefing\n"]
    length = 0
    section = 0
    while length < size:
        section += 1
        block = [f"\n## Section {section}\n"]
        for _ in range(rng.randint(3, 6)):
            paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 8)))
            block.append(f"\n{paragraph}\n")
        block.append("\n- " + rng.choice(SENTENCES) + "\n- " + rng.choice(SENTENCES) + "\n")
        chunk = "".join(block)
        parts.append(chunk)
        length += len(chunk)
    return "".join(parts)


def write_document(folder: Path, size: int, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"generated-{size // 1024}k.md")
    path.write_text(generate_text(size), encoding="utf-8")
    return path


def bundled_corpus() -> Path:
    return paths.seeds_dir()
