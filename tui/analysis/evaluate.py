"""Score the extractor against gold files: ``python -m tui.analysis.evaluate tests/gold``.

Each gold file (``NAME.json``, the format of tests/gold/README.md) is scored on
the briefing ``seeds/NAME.*`` (``--texts DIR`` reads the briefings from DIR instead:
``python -m tui.analysis.evaluate tests/heldout --texts tests/heldout``). Definitions, per document and overall (micro):

* A predicted position **matches** a gold position when the prediction's
  sentence contains the gold quote (alphanumerics only, case-folded) and the
  predicted holder is one of the gold holders. Matching is one-to-one and
  maximal; among maximal matchings, pairs whose stance is acceptable (and
  whose cue overlaps the gold cue) are preferred, and required gold positions
  are matched before optional ones.
* **Precision** = matched required / (predictions - predictions matched to
  optional gold). **Recall** = matched required / required gold. F1 as usual.
  Optional gold positions are neither misses nor extras.
* **Holder accuracy**: align predictions to required gold by sentence only
  (quote containment, one-to-one, holder-acceptable pairs first); the share of
  aligned gold positions whose prediction has an acceptable holder. Gold
  positions with no prediction in their sentence are not counted.
* **Stance accuracy**: over matched pairs (required and optional), the share
  whose predicted stance is among the gold's acceptable stances.
* **Actor recall**: gold actor ids having an alias that occurs in the text
  (case-sensitive, whole words) and reported among the extractor's actors.
* **Issue-trigger recall**: gold trigger phrases occurring in the text
  (case-insensitive) that overlap a predicted issue mention.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.analysis.model import Analysis, Position
from tui.model.document import Document

SUFFIXES = (".md", ".markdown", ".txt")
Gold = dict[str, Any]  # one gold position (quote, holders, stances, cue, optional) or file


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass
class Score:
    name: str
    predicted: int = 0
    extra_excluded: int = 0  # predictions matched to optional gold
    required: int = 0
    matched: int = 0
    aligned: int = 0
    holder_ok: int = 0
    stance_pairs: int = 0
    stance_ok: int = 0
    actors_gold: int = 0
    actors_found: int = 0
    triggers_gold: int = 0
    triggers_found: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "predicted",
            "extra_excluded",
            "required",
            "matched",
            "aligned",
            "holder_ok",
            "stance_pairs",
            "stance_ok",
            "actors_gold",
            "actors_found",
            "triggers_gold",
            "triggers_found",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        denominator = self.predicted - self.extra_excluded
        return self.matched / denominator if denominator else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def holder_accuracy(self) -> float:
        return self.holder_ok / self.aligned if self.aligned else 1.0

    @property
    def stance_accuracy(self) -> float:
        return self.stance_ok / self.stance_pairs if self.stance_pairs else 1.0

    @property
    def actor_recall(self) -> float:
        return self.actors_found / self.actors_gold if self.actors_gold else 1.0

    @property
    def trigger_recall(self) -> float:
        return self.triggers_found / self.triggers_gold if self.triggers_gold else 1.0


def _matching(
    gold: list[Gold],
    preds: list[Position],
    sentence: Callable[[Position], str],
    tiers: list[Callable[[Gold, Position], bool]],
) -> dict[int, int]:
    """One-to-one gold->prediction matching, maximal, filled tier by tier (Kuhn)."""
    match_of_pred: dict[int, int] = {}
    match_of_gold: dict[int, int] = {}
    quotes = [_alnum(g["quote"]) for g in gold]
    texts = [_alnum(sentence(p)) for p in preds]

    for allowed in tiers:
        edges = {
            gi: [pi for pi, p in enumerate(preds) if quotes[gi] in texts[pi] and allowed(gold[gi], p)]
            for gi in range(len(gold))
        }

        def augment(gi: int, seen: set[int], edges: dict[int, list[int]] = edges) -> bool:
            for pi in edges[gi]:
                if pi in seen:
                    continue
                seen.add(pi)
                if pi not in match_of_pred or augment(match_of_pred[pi], seen):
                    match_of_pred[pi] = gi
                    match_of_gold[gi] = pi
                    return True
            return False

        for gi in range(len(gold)):
            if gi not in match_of_gold:
                augment(gi, set())
    return match_of_gold


def score_document(gold: Gold, analysis: Analysis, text: str, name: str = "") -> Score:
    score = Score(name)
    preds = list(analysis.positions)

    def sentence(p: Position) -> str:
        return text[p.sentence_start : p.sentence_end]

    positions = gold.get("positions", [])
    required = [g for g in positions if not g.get("optional")]
    optional = [g for g in positions if g.get("optional")]

    def holder_ok(g: Gold, p: Position) -> bool:
        return p.holder in g["holders"]

    def stance_ok(g: Gold, p: Position) -> bool:
        return holder_ok(g, p) and p.stance in g["stances"]

    def cue_ok(g: Gold, p: Position) -> bool:
        cue = _alnum(g.get("cue") or "")
        return stance_ok(g, p) and bool(cue) and (cue in _alnum(p.cue) or _alnum(p.cue) in cue)

    # required first, then optional: matching required gold only, then augment with optional
    req_match = _matching(required, preds, sentence, [cue_ok, stance_ok, holder_ok])
    taken = set(req_match.values())
    rest = [p for i, p in enumerate(preds) if i not in taken]
    opt_match = _matching(optional, rest, sentence, [cue_ok, stance_ok, holder_ok])
    score.predicted = len(preds)
    score.required = len(required)
    score.matched = len(req_match)
    score.extra_excluded = len(opt_match)
    for gi, pi in req_match.items():
        score.stance_pairs += 1
        score.stance_ok += preds[pi].stance in required[gi]["stances"]
    for gi, pi in opt_match.items():
        score.stance_pairs += 1
        score.stance_ok += rest[pi].stance in optional[gi]["stances"]
    aligned = _matching(required, preds, sentence, [stance_ok, holder_ok, lambda g, p: True])
    score.aligned = len(aligned)
    score.holder_ok = sum(preds[pi].holder in required[gi]["holders"] for gi, pi in aligned.items())
    for gi, g in enumerate(required):
        if gi not in req_match:
            score.misses.append(f"{'/'.join(g['holders'])} {g['stances'][0]} {g.get('cue', '')!r}: {g['quote']!r}")
    matched_preds = set(req_match.values()) | {preds.index(rest[pi]) for pi in opt_match.values()}
    for pi, p in enumerate(preds):
        if pi not in matched_preds:
            score.extras.append(f"{p.holder} {p.stance} {p.cue!r} [{p.rule}]: {sentence(p)[:70]!r}")

    found_ids = {a.id for a in analysis.actors}
    for actor_id, aliases in gold.get("actors", {}).items():
        if any(re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text) for alias in aliases):
            score.actors_gold += 1
            if actor_id in found_ids:
                score.actors_found += 1
            else:
                score.misses.append(f"actor {actor_id}")
    issue_spans = [(m.start, m.end) for issue in analysis.issues for m in issue.mentions]
    lowered = text.casefold()
    for trigger in gold.get("issue_triggers", []):
        spans = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(trigger.casefold())}(?!\w)", lowered)]
        if not spans:
            continue
        score.triggers_gold += 1
        if any(s < e2 and s2 < e for s, e in spans for s2, e2 in issue_spans):
            score.triggers_found += 1
    return score


def find_briefing(gold_path: Path, seeds: Path) -> Path | None:
    for suffix in SUFFIXES:
        candidate = seeds / (gold_path.stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def evaluate(
    gold_dir: Path,
    seeds: Path | None = None,
    analyse: Callable[[Document], Analysis] | None = None,
    names: Callable[[str], bool] | None = None,
) -> tuple[list[Score], Score]:
    """Score every gold file of ``gold_dir`` (those whose stem ``names`` accepts)."""
    from tui.loaders import load_document

    if analyse is None:
        from tui.analysis.pipeline import analyse as default_analyse

        analyse = default_analyse
    if seeds is None:
        seeds = gold_dir.resolve().parent.parent / "seeds"
        if not seeds.is_dir():
            from tui.paths import seeds_dir

            seeds = seeds_dir()
    scores = []
    total = Score("overall")
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if not isinstance(gold, dict) or "positions" not in gold:
            continue
        if names is not None and not names(gold_path.stem):
            continue
        briefing = find_briefing(gold_path, seeds)
        if briefing is None:
            print(f"warning: no briefing for {gold_path.name} in {seeds}", file=sys.stderr)
            continue
        document = load_document(briefing)
        score = score_document(gold, analyse(document), document.text, gold_path.stem)
        scores.append(score)
        total.add(score)
    return scores, total


ROOT = Path(__file__).resolve().parents[2]


def realdev_dir() -> Path | None:
    """The real texts with gold: ``$BRIEFING_REALDEV`` or ``../shared/realdev`` beside the checkout."""
    configured = os.environ.get("BRIEFING_REALDEV")
    folder = Path(configured) if configured else ROOT.parent / "shared" / "realdev"
    return folder if (folder / "gold").is_dir() and (folder / "docs").is_dir() else None


def heldout_names() -> frozenset[str]:
    with (ROOT / "tests" / "realdev" / "split.toml").open("rb") as handle:
        return frozenset(tomllib.load(handle)["heldout"])


def evaluation_sets() -> list[tuple[str, Path, Path, Callable[[str], bool] | None]]:
    """(name, gold folder, text folder, filter) of every set ``make eval`` reports."""
    tests = ROOT / "tests"
    sets: list[tuple[str, Path, Path, Callable[[str], bool] | None]] = [
        ("bundled", tests / "gold", ROOT / "seeds", None),
        ("held-out (written)", tests / "heldout", tests / "heldout", None),
        ("development", tests / "devset", tests / "devset", None),
    ]
    real = realdev_dir()
    if real is not None:
        held = heldout_names()
        sets.append(("real development", real / "gold", real / "docs", lambda name: name not in held))
        sets.append(("real held-out", real / "gold", real / "docs", lambda name: name in held))
    return sets


def format_table(scores: list[Score], total: Score) -> str:
    head = (
        f"{'document':38} {'P':>5} {'R':>5} {'F1':>5} {'holder':>6} {'stance':>6} {'actors':>6} {'issues':>6}"
        "  pred/gold"
    )
    lines = [head, "-" * len(head)]
    for s in [*scores, total]:
        if s is total:
            lines.append("-" * len(head))
        lines.append(
            f"{s.name[:38]:38} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f} {s.holder_accuracy:6.2f} "
            f"{s.stance_accuracy:6.2f} {s.actor_recall:6.2f} {s.trigger_recall:6.2f}  "
            f"{s.predicted - s.extra_excluded}/{s.required}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.analysis.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path, nargs="?", help="one gold folder (default: every set, one line each)")
    parser.add_argument(
        "--texts",
        "--seeds",
        dest="seeds",
        type=Path,
        help="folder of the briefings (default: seeds/; e.g. tests/heldout, which holds text and gold)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    parser.add_argument("--set", dest="only", help="with no gold folder: the set to detail (e.g. 'real development')")
    args = parser.parse_args(argv)
    if args.gold is None:
        return _all_sets(args.verbose, args.only)
    scores, total = evaluate(args.gold, args.seeds)
    print(format_table(scores, total))
    if args.verbose:
        _details(scores)
    return 0


def _all_sets(verbose: bool, only: str | None) -> int:
    rows = []
    for name, gold, texts, names in evaluation_sets():
        if only and name != only:
            continue
        scores, total = evaluate(gold, texts, names=names)
        total.name = f"{name} ({len(scores)})"
        rows.append(total)
        if only:
            print(format_table(scores, total))
            if verbose:
                _details(scores)
            return 0
    head = format_table([], rows[0]).splitlines()[0].replace("document", "set     ", 1)
    print(head)
    print("-" * len(head))
    for row in rows:
        print(format_table([], row).splitlines()[-1])
    if realdev_dir() is None:
        print("real texts not found (../shared/realdev or $BRIEFING_REALDEV): the real sets are not scored")
    return 0


def _details(scores: list[Score]) -> None:
    for s in scores:
        if s.misses or s.extras:
            print(f"\n## {s.name}")
            for line in s.misses:
                print(f"  miss  {line}")
            for line in s.extras:
                print(f"  extra {line}")


if __name__ == "__main__":
    raise SystemExit(main())
