"""``briefing search``: JSON offsets into the canonical text, readable output without colour."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tui.cli import main
from tui.model.corpus import load_corpus

QUERIES = ["water canon", "sanctions", "human rihgts council", '"coast guard"', "EU tarif", "chin"]


def run_json(capsys, *args) -> dict:
    code = main(["search", *args, "--json"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    return json.loads(out)


def test_json_offsets_index_the_canonical_text(capsys, seeds: Path):
    texts = {str(d.path): d.text for d in load_corpus([seeds]).documents}
    checked = 0
    for query in QUERIES:
        data = run_json(capsys, query, str(seeds), "--limit", "20")
        assert data["query"] == query
        for hit in data["hits"]:
            text = texts[hit["path"]]
            assert 0 <= hit["start"] <= hit["end"] <= len(text)
            assert isinstance(hit["score"], float) and hit["title"]
            for match in hit["matches"]:
                assert hit["start"] <= match["start"] < match["end"] <= hit["end"]
                assert text[match["start"] : match["end"]] == match["text"]
                checked += 1
            for match in hit["title_matches"]:
                assert hit["title"][match["start"] : match["end"]] == match["text"]
    assert checked > 20


def test_json_matched_words_are_the_query_words(capsys, seeds: Path):
    data = run_json(capsys, "water cannon", str(seeds))
    words = {m["text"].lower() for hit in data["hits"] for m in hit["matches"]}
    assert {"water", "cannon"} <= words <= {"water", "waters", "cannon", "cannons"}  # typos: one edit


def test_json_matches_the_cat_output(capsys, seeds: Path):
    data = run_json(capsys, "steel", str(seeds), "--limit", "3")
    hit = data["hits"][0]
    main(["cat", hit["path"]])
    text = capsys.readouterr().out
    for match in hit["matches"]:
        assert text[match["start"] : match["end"]].lower() == "steel"


def test_default_paths_are_the_bundled_corpus(capsys):
    data = run_json(capsys, "water cannon", "--limit", "2")
    assert data["hits"] and data["documents"] >= 5


def test_readable_output_without_colour(capsys, seeds: Path):
    code = main(["search", "water cannon", str(seeds), "--limit", "3"])
    out = capsys.readouterr().out
    assert code == 0
    assert "\x1b" not in out
    assert "[water] [cannon]" in out.lower()
    assert "1. " in out and ".md:" in out


def test_no_match_exit_code(capsys, seeds: Path):
    assert main(["search", "zzqqxxv", str(seeds)]) == 1
    assert "no matches" in capsys.readouterr().out


def test_no_color_even_on_a_terminal(tmp_path: Path, seeds: Path):
    # script(1) gives the command a terminal; NO_COLOR must still win.
    import os
    import shutil

    if shutil.which("script") is None:
        return
    command = f"{sys.executable} -m tui search 'water cannon' {seeds} --limit 1"
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, text=True, env=env, timeout=60
    ).stdout
    assert "water" in out.lower() and "\x1b[1;7m" not in out
    env.pop("NO_COLOR")
    out = subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, text=True, env=env, timeout=60
    ).stdout
    assert "\x1b[1;7m" in out


def test_facet_filters_use_the_analysis(capsys, seeds: Path):
    from tui.analysis.cache import cached_analysis

    documents = load_corpus([seeds]).documents
    with_china = {str(d.path) for d in documents if any(a.id == "CHN" for a in cached_analysis(d).actors)}
    data = run_json(capsys, "actor:CHN", str(seeds), "--limit", "50")
    assert {hit["path"] for hit in data["hits"]} == with_china
    data = run_json(capsys, "!actor:CHN", str(seeds), "--limit", "50")
    assert not {hit["path"] for hit in data["hits"]} & with_china
