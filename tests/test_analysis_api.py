"""JSON schema and offsets, cache reuse, dictionary overlay and lint, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.analysis import Analysis, analyse
from tui.analysis.cache import analysis_cache_dir, cached_analysis
from tui.analysis.lexicon import load_lexicon, overlay_dir
from tui.analysis.lint import lint
from tui.cli import main
from tui.loaders import load_document
from tui.model.corpus import discover

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FIXTURE = Path(__file__).parent / "fixtures" / "analysis"
BRIEFINGS = discover([SEEDS], [])


@pytest.fixture
def overlay(isolated_home):
    """The fixture dictionary installed as the user overlay."""
    folder = overlay_dir()
    folder.mkdir(parents=True)
    for path in FIXTURE.glob("*.toml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("path", BRIEFINGS, ids=[p.name for p in BRIEFINGS])
def test_json_offsets_index_the_canonical_text(path, overlay):
    document = load_document(path)
    data = analyse(document).to_json(document)
    text = document.text
    assert set(data) == {"document", "actors", "issues", "people", "positions"}
    assert data["document"]["chars"] == len(text)
    for actor in data["actors"]:
        assert set(actor) == {"id", "name", "kind", "mentions"}
        for m in actor["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
            assert isinstance(m["resolved"], bool)
    for issue in data["issues"]:
        for m in issue["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    actor_ids = {a["id"] for a in data["actors"]}
    for person in data["people"]:
        assert person["actor"] in actor_ids
        for m in person["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    for p in data["positions"]:
        assert 0 < p["confidence"] <= 1
        assert p["holder_person"] is None or isinstance(p["holder_person"], str)
        assert text[p["start"] : p["end"]] == p["sentence"]
        assert text[p["cue_start"] : p["cue_end"]] == p["cue"]
        assert p["stance"] in {"statement", "claim", "demand", "criticism", "concern", "rejection", "support", "threat", "action"}
        assert p["rule"]
    json.dumps(data)


def test_spans_are_sorted_actor_and_issue_mentions(overlay):
    document = load_document(SEEDS / "us-china-high-level-talks.txt")
    spans = analyse(document).spans()
    assert spans == sorted(spans, key=lambda s: (s.start, s.end, s.kind, str(s.data)))
    assert {s.kind for s in spans} == {"actor", "issue"}
    assert any(s.kind == "actor" and s.data == "CHN" for s in spans)


def test_analysis_is_deterministic(overlay):
    document = load_document(SEEDS / "us-china-high-level-talks.txt")
    assert analyse(document).to_json(document) == analyse(document).to_json(document)


def test_cache_reuses_and_rebuilds_corrupt_entries(overlay, monkeypatch):
    document = load_document(SEEDS / "us-china-high-level-talks.txt")
    first = cached_analysis(document)
    files = list(analysis_cache_dir().glob("*.cache"))
    assert len(files) == 1
    import tui.analysis.pipeline as pipeline

    calls = []
    real = pipeline.analyse
    monkeypatch.setattr(pipeline, "analyse", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = cached_analysis(document)
    assert calls == [] and again.to_json(document) == first.to_json(document)
    files[0].write_bytes(b"{not a cache entry")
    rebuilt = cached_analysis(document)
    assert calls == [1] and rebuilt.to_json(document) == first.to_json(document)
    assert files[0].read_bytes() != b"{not a cache entry"  # rewritten


def test_cache_key_follows_the_overlay(overlay):
    document = load_document(SEEDS / "us-china-high-level-talks.txt")
    cached_analysis(document)
    (overlay / "extra.toml").write_text('[actors.CCP]\nname = "Chinese Communist Party"\nkind = "entity"\naliases = ["communist party", "zz overlay alias"]\n')
    result = cached_analysis(document)
    assert "CCP" in {a.id for a in result.actors}
    assert len(list(analysis_cache_dir().glob("*.cache"))) == 2


def test_overlay_merges_same_ids(overlay):
    (overlay / "zz.toml").write_text(
        '[actors.USA]\naliases = ["Uncle Sam"]\nname = "USA!"\n[issues.zz-test]\nlabel = "Test"\ntriggers = ["abc"]\n[issues.zz-test2]\nlabel = "Test"\ntriggers = ["abc"]\n'
    )
    lexicon = load_lexicon()
    usa = lexicon.actors["USA"]
    assert usa["name"] == "USA!"
    assert "Uncle Sam" in usa["aliases"] and "U.S." in usa["aliases"]
    assert lexicon.issues["zz-test"]["triggers"] == ["abc"]


def test_lint_reports_duplicates_shadowing_and_unknown_ids(overlay):
    (overlay / "zz.toml").write_text(
        '[issues.zz-test]\nlabel = "Test"\ntriggers = ["abc"]\n[issues.zz-test2]\nlabel = "Test"\ntriggers = ["abc"]\n'
        '[actors.CHN]\naliases = ["Washington"]\n'
        '[actors.XXX]\nname = "Nowhere"\nkind = "planet"\nexact = ["China"]\n'
        '[places.MARS]\nnames = ["Mars"]\nissues = ["zz-unknown-issue"]\ncountry = "ZZZ"\n'
        '[issues.orphan]\nlabel = "Orphan"\nparent = "missing"\n'
        '[not_actors]\nphrases = ["Beijing"]\n'
    )
    problems = "\n".join(lint(load_lexicon()))
    assert "'washington' claimed by actor CHN, actor USA" in problems
    assert "unknown kind 'planet'" in problems
    assert "unknown country id 'ZZZ'" in problems
    assert "unknown issue id 'zz-unknown-issue'" in problems
    assert "unknown parent 'missing'" in problems
    assert "trigger 'abc' claimed by issues zz-test, zz-test2" in problems
    assert "not_actors phrase 'Beijing' shadows actor CHN" in problems
    assert "exact alias 'China' of actor XXX is shadowed by actor CHN" in problems


def test_cli_dict_path_and_lint(overlay, capsys):
    assert main(["dict", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(overlay)
    assert main(["dict", "lint"]) in (0, 1)


def test_cli_extract_text_json_and_explain(overlay, capsys):
    path = str(SEEDS / "us-china-high-level-talks.txt")
    assert main(["extract", path]) == 0
    out = capsys.readouterr().out
    assert "Positions:" in out and "China" in out
    assert main(["extract", "--json", path]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["positions"] and data["document"]["title"]
    assert main(["extract", "--explain", path]) == 0
    out = capsys.readouterr().out
    assert "rule: nominal-by-agent" in out and "agent in by-phrase" in out


def test_analysis_round_trips_through_dict(overlay):
    document = load_document(SEEDS / "us-china-high-level-talks.txt")
    analysis = analyse(document)
    assert Analysis.from_dict(json.loads(json.dumps(analysis.to_dict()))) == analysis
