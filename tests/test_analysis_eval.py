"""Floors of the evaluation on the bundled corpus (``make eval`` prints the figures).

Reached when written: position F1 0.86, holder accuracy 0.94, stance accuracy 0.92,
issue-trigger recall 0.83. The floors sit a little below.

The held-out briefings (``tests/heldout``: text and gold side by side, annotated before
the extractor was run on them) measure generality; when first scored they reached
F1 0.75, and 0.87 after the rules were generalised (0.88 after the development-set round,
scored only before and after it).

The development set (``tests/devset``: six briefings in styles the others lack) reached
F1 0.59 on first contact and 0.74 after one round of general rules tuned on it. Its gold was
then brought to the reference convention of one position per stance act (see its README):
0.78 with the same extractor, 0.84 after a second round of general rules (bundled 0.88,
held-out 0.89 after that round).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.analysis.evaluate import evaluate, format_table

GOLD = Path(__file__).parent / "gold"
HELDOUT = Path(__file__).parent / "heldout"
DEVSET = Path(__file__).parent / "devset"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_evaluation_floors():
    scores, total = evaluate(GOLD, SEEDS)
    assert len(scores) >= 9, format_table(scores, total)
    assert total.f1 >= 0.85, format_table(scores, total)
    assert total.holder_accuracy >= 0.93, format_table(scores, total)
    assert total.stance_accuracy >= 0.90, format_table(scores, total)
    assert total.actor_recall >= 0.94, format_table(scores, total)
    assert total.trigger_recall >= 0.80, format_table(scores, total)


def test_heldout_floors():
    scores, total = evaluate(HELDOUT, HELDOUT)
    assert len(scores) >= 3, format_table(scores, total)
    assert total.f1 >= 0.87, format_table(scores, total)
    assert total.holder_accuracy >= 0.95, format_table(scores, total)
    assert total.stance_accuracy >= 0.84, format_table(scores, total)
    assert total.actor_recall >= 0.95, format_table(scores, total)


def test_devset_floors():
    scores, total = evaluate(DEVSET, DEVSET)
    assert len(scores) >= 6, format_table(scores, total)
    assert total.f1 >= 0.80, format_table(scores, total)
    assert total.holder_accuracy >= 0.92, format_table(scores, total)
    assert total.stance_accuracy >= 0.88, format_table(scores, total)
    assert total.actor_recall >= 0.97, format_table(scores, total)


def test_seed_briefing_is_fully_recovered():
    scores, _ = evaluate(GOLD, SEEDS)
    seed = next(s for s in scores if s.name == "us-china-high-level-talks")
    assert seed.f1 >= 0.95 and seed.holder_accuracy == 1.0


# The real texts (../shared/realdev beside the checkout, or $BRIEFING_REALDEV) are read, never copied.
# Development reached F1 0.88 with the speaker model (0.29 before it); the held-out part, only
# measured, 0.67 (0.23 before). The floors sit a little below.
def _real_sets() -> dict:
    from tui.analysis.evaluate import evaluation_sets, realdev_dir

    if realdev_dir() is None:
        pytest.skip("the real texts are not here: ../shared/realdev or $BRIEFING_REALDEV")
    return {name: (gold, texts, names) for name, gold, texts, names in evaluation_sets()}


def test_real_development_floors():
    gold, texts, names = _real_sets()["real development"]
    scores, total = evaluate(gold, texts, names=names)
    assert len(scores) >= 20, format_table(scores, total)
    assert total.f1 >= 0.85 and total.holder_accuracy >= 0.95, format_table(scores, total)


def test_real_heldout_floors_and_the_split_is_fixed():
    from tui.analysis.evaluate import heldout_names

    gold, texts, names = _real_sets()["real held-out"]
    scores, total = evaluate(gold, texts, names=names)
    assert {s.name for s in scores} == set(heldout_names())
    assert total.f1 >= 0.62 and total.recall >= 0.52, format_table(scores, total)
