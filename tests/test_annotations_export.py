"""Exports (Markdown, W3C JSON-LD, Readwise CSV), lossless import, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tui.annotations import open_store
from tui.annotations.export import from_jsonld, to_csv, to_jsonld, to_markdown
from tui.cli import main
from tui.loaders import load_document

TEXT = (
    "# Talks in Anchorage\n\n"
    "China conveyed its dismay and demanded that the U.S. not interfere in \"internal affairs\".\n\n"
    "The U.S. expressed concern over sanctions, visa denials and export controls.\n"
)


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    path = tmp_path / "anchorage.md"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def annotations(briefing):
    document = load_document(briefing)
    with open_store() as store:
        for quote, note, tags, colour in [
            ("demanded that the U.S.", "Demand, with \"quotes\", commas\nand a second line", ["usa", "non interference"], "pink"),
            ("export controls", "", ["tech"], "blue"),
            ("visa denials", "", [], "yellow"),
        ]:
            start = document.text.index(quote)
            store.add(document, start, start + len(quote), note=note, tags=tags, colour=colour)
        yield store.all()


def test_jsonld_is_a_w3c_annotation_collection(annotations):
    data = json.loads(to_jsonld(annotations))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    first = next(i for i in data["first"]["items"] if i["motivation"] == "commenting")
    assert first["type"] == "Annotation" and first["id"].startswith("urn:uuid:")
    kinds = {s["type"]: s for s in first["target"]["selector"]}
    assert kinds["TextQuoteSelector"]["exact"] == "demanded that the U.S."
    assert {"start", "end"} <= kinds["TextPositionSelector"].keys()
    assert first["body"][0] == {"type": "TextualBody", "purpose": "commenting", "format": "text/plain",
                                "value": "Demand, with \"quotes\", commas\nand a second line"}
    assert [b["value"] for b in first["body"][1:] if b["purpose"] == "tagging"] == ["usa", "non interference"]
    assert first["target"]["source"].startswith("file:///")
    assert first["target"]["styleClass"] == "pink" and first["stylesheet"]["type"] == "CssStylesheet"


def test_jsonld_round_trip_is_lossless(annotations):
    assert sorted(from_jsonld(to_jsonld(annotations)), key=lambda a: a.id) == sorted(annotations, key=lambda a: a.id)


def test_import_restores_and_twice_does_not_duplicate(annotations, tmp_path):
    exported = to_jsonld(annotations)
    with open_store(tmp_path / "elsewhere") as other:
        first = other.import_annotations(from_jsonld(exported))
        second = other.import_annotations(from_jsonld(exported))
        assert (first.added, second.added, second.unchanged) == (3, 0, 3)
        assert sorted(other.all(), key=lambda a: a.id) == sorted(annotations, key=lambda a: a.id)
    with open_store() as store:
        assert store.import_annotations(from_jsonld(exported)).unchanged == 3
        assert len(store.all()) == 3


def test_import_takes_the_newer_edit(annotations):
    with open_store() as store:
        exported = to_jsonld(store.all())
        edited = store.update(annotations[0].id, note="edited after the export")
        assert store.import_annotations(from_jsonld(exported)).unchanged == 3
        assert store.get(edited.id).note == "edited after the export"
        store.delete(edited.id)
        assert store.import_annotations(from_jsonld(exported)).added == 1


def test_from_jsonld_reports_bad_input():
    with pytest.raises(ValueError, match="not JSON"):
        from_jsonld("{")
    with pytest.raises(ValueError, match="annotation 1 .*TextQuoteSelector"):
        from_jsonld(json.dumps({"type": "Annotation", "id": "x", "target": {"source": "file:///a"}}))


def test_markdown_groups_by_document(annotations):
    text = to_markdown(annotations)
    assert text.startswith("# Annotations\n")
    assert text.count("## Talks in Anchorage") == 1
    assert "> demanded that the U.S.\n\nDemand, with \"quotes\", commas\nand a second line\n\n" \
           "Tags: `usa` `non interference`" in text
    assert text.index("demanded that") < text.index("visa denials") < text.index("export controls")


def test_csv_has_readwise_columns(annotations):
    rows = list(csv.DictReader(io.StringIO(to_csv(annotations))))
    assert list(rows[0]) == ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"]
    first = rows[0]
    assert first["Highlight"] == "demanded that the U.S."
    assert first["Title"] == "Talks in Anchorage"
    assert first["Note"] == ".usa .non-interference Demand, with \"quotes\", commas\nand a second line"
    assert first["Location"].isdigit() and len(first["Date"]) == 19 and first["URL"].startswith("file://")


def test_orphans_are_marked_in_markdown(annotations, briefing):
    briefing.write_text("# Talks in Anchorage\n\nNothing left of the original text.\n")
    with open_store() as store:
        store.for_document(load_document(briefing))
        assert "*Orphaned:" in to_markdown(store.all())


# -- command line ----------------------------------------------------------------


def test_cli_add_list_export_import(briefing, tmp_path, capsys, isolated_home):
    assert main(["annotations", "add", str(briefing), "--quote", "visa denials", "--note", "n", "--tag", "usa"]) == 0
    annotation_id = capsys.readouterr().out.strip()
    assert len(annotation_id) == 36

    assert main(["annotations", "list", str(briefing)]) == 0
    line = capsys.readouterr().out
    assert "[exact]" in line and '"visa denials"' in line and "#usa" in line

    assert main(["annotations", "list", "--json", "--tag", "USA"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["id"] == annotation_id and row["status"] == "exact"

    out = tmp_path / "notes.json"
    assert main(["annotations", "export", "--format", "json", "-o", str(out)]) == 0
    capsys.readouterr()
    other = tmp_path / "other-home"
    assert main(["--data-dir", str(other), "annotations", "import", str(out)]) == 0
    assert "1 added" in capsys.readouterr().out
    assert main(["--data-dir", str(other), "annotations", "import", str(out)]) == 0
    assert "0 added, 0 updated, 1 unchanged" in capsys.readouterr().out
    assert main(["--data-dir", str(other), "annotations", "export", "--format", "md"]) == 0
    assert "> visa denials" in capsys.readouterr().out


def test_cli_add_errors_name_the_file(briefing, capsys):
    assert main(["annotations", "add", str(briefing), "--quote", "not in there"]) == 1
    assert f"{briefing}: the quote was not found" in capsys.readouterr().err
    assert main(["annotations", "add", str(briefing), "--quote", "U.S."]) == 1
    assert "occurs 2 times" in capsys.readouterr().err
    assert main(["annotations", "add", str(briefing.with_name("missing.md")), "--quote", "x"]) == 1
    assert "missing.md" in capsys.readouterr().err


def test_cli_list_marks_orphans_and_missing_files(briefing, capsys):
    main(["annotations", "add", str(briefing), "--quote", "visa denials"])
    briefing.write_text("# Talks in Anchorage\n\nRewritten from scratch.\n")
    capsys.readouterr()
    assert main(["annotations", "list"]) == 0
    assert "[orphan: passage not found]" in capsys.readouterr().out
    briefing.unlink()
    assert main(["annotations", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["status"], row["problem"]) == ("orphan", "document not found")


def test_cli_reports_a_corrupt_store(isolated_home, briefing, capsys):
    data = isolated_home / "data"
    data.mkdir(parents=True)
    (data / "annotations.sqlite3").write_bytes(b"garbage" * 1000)
    assert main(["annotations", "list"]) == 0
    assert "warning: the annotation database was corrupt" in capsys.readouterr().err
