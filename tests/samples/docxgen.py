"""Generate .docx files with python-docx: title, headings, paragraphs, a list and a table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.samples.articles import Article, strip_markers


def make_docx(path: Path, article: Article, *, properties: bool = True) -> Path:
    import docx

    word = docx.Document()
    word.add_heading(article.title, 0)
    for number, (heading, paragraphs) in enumerate(article.sections):
        word.add_heading(heading, 1)
        for paragraph in paragraphs:
            word.add_paragraph(strip_markers(paragraph))
        if number == 0:
            for item in article.items:
                word.add_paragraph(item, style="List Bullet")
            table = word.add_table(rows=0, cols=len(article.table[0]))
            table.style = "Table Grid"
            for row in article.table:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
    props = word.core_properties
    if properties:
        props.title = article.title
        props.author = article.author
        props.created = dt.datetime.fromisoformat(article.date)
    else:
        props.title = ""
        props.author = ""
    word.save(str(path))
    return path
