"""Generate text-layer PDFs with reportlab: one or two columns, running headers
and footers, page numbers, words hyphenated at line ends, footnotes and a table.

The layout is done here line by line (not by reportlab's platypus), so the
test knows every line break and every hyphenated word it put in the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.samples.articles import Article, strip_markers

A4 = (595.0, 842.0)
A5 = (420.0, 595.0)  # short samples still run over several pages
PAGE_W, PAGE_H = A4
MARGIN = 72.0
TOP = PAGE_H - 80.0
BOTTOM = 80.0
GUTTER = 24.0
BODY, LEADING, GAP = 10.0, 13.0, 7.0
NOTE_SIZE, NOTE_LEADING = 8.0, 10.0
_MARKER = re.compile(r"\{(\d+)\}")


@dataclass
class _Page:
    ops: list[tuple] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Result:
    path: Path
    pages: int
    breaks: list[tuple[str, str]]  # (left part before the line-end "-", the rest: "-term" for a compound)


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(_MARKER.sub("", text), font, size) + 3.5 * len(_MARKER.findall(text))


class _Layout:
    def __init__(self, columns: int, hyphenate: bool, first_top: float) -> None:
        self.columns = columns
        self.hyphenate = hyphenate
        self.col_w = (PAGE_W - 2 * MARGIN - GUTTER * (columns - 1)) / columns
        self.pages: list[_Page] = [_Page()]
        self.column = 0
        self.y = first_top
        self.breaks: list[tuple[str, str]] = []
        self.first_top = first_top

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def x(self) -> float:
        return MARGIN + self.column * (self.col_w + GUTTER)

    def bottom(self) -> float:
        notes = self.page.notes
        return BOTTOM + (len(notes) * NOTE_LEADING + 8 if notes else 0)

    def next_column(self) -> None:
        if self.column + 1 < self.columns:
            self.column += 1
            self.y = self.first_top if len(self.pages) == 1 else TOP
        else:
            self.pages.append(_Page())
            self.column = 0
            self.y = TOP

    def need(self, height: float, notes: int = 0) -> None:
        extra = notes * NOTE_LEADING + (8 if notes and not self.page.notes else 0)
        if self.y - height < self.bottom() + extra:
            self.next_column()

    def gap(self, height: float) -> None:
        self.y -= height

    def line(self, text: str, font: str, size: float, leading: float, indent: float = 0.0,
             notes: dict[int, str] | None = None) -> None:
        markers = [int(m) for m in _MARKER.findall(text)]
        self.need(leading, len(markers))
        self.y -= leading
        self.page.ops.append(("text", self.x() + indent, self.y, text, font, size))
        for number in markers:
            self.page.notes.append((number, (notes or {})[number]))

    def paragraph(self, text: str, font: str = "Helvetica", size: float = BODY, leading: float = LEADING,
                  indent: float = 0.0, first: str = "", notes: dict[int, str] | None = None) -> None:
        width = self.col_w - indent - (_width(first, font, size) if first else 0.0)
        words = text.split()
        line = first
        lines: list[str] = []
        while words:
            word = words.pop(0)
            candidate = f"{line} {word}" if line and not line.endswith(" ") else line + word
            if _width(candidate, font, size) <= width:
                line = candidate
                continue
            split = self._split(line, word, font, size, width)
            if split is not None:
                left, rest = split
                lines.append(f"{line} {left}-")
                words.insert(0, rest)
            else:
                lines.append(line)
                words.insert(0, word)
            line = ""
        if line.strip():
            lines.append(line)
        hang = _width(first, font, size) if first else 0.0
        for number, row in enumerate(lines):
            self.line(row, font, size, leading, indent + (hang if number else 0.0), notes)

    def _split(self, line: str, word: str, font: str, size: float, width: float) -> tuple[str, str] | None:
        if not self.hyphenate or not line.strip():
            return None
        if "-" in word.strip(".,;:"):  # a compound: break after its own hyphen
            left, rest = word.split("-", 1)
            if _width(f"{line} {left}-", font, size) <= width and left.isalpha():
                self.breaks.append((left, "-" + rest.rstrip(".,;:")))
                return left, rest
            return None
        core = word.rstrip(".,;:{}0123456789")
        if not (core.isalpha() and core.islower() and len(core) >= 7):
            return None
        for cut in range(len(core) - 3, 2, -1):
            if _width(f"{line} {core[:cut]}-", font, size) <= width:
                self.breaks.append((core[:cut], core[cut:]))
                return core[:cut], word[cut:]
        return None


def make_pdf(path: Path, article: Article, *, columns: int = 1, labels: str = "dash",
             hyphenate: bool = True, info: bool = True, header: bool = True,
             table_after: int = 0, size: tuple[float, float] = A5, words: bool | str = False,
             alternate: bool = False) -> Result:
    """Write ``article`` as a PDF; ``labels``: "dash" (- 2 -), "of" (Page 2 of 9) or "bare" (2).

    ``words``: every word is drawn on its own at its position (no spaces in the text layer),
    ``"split"``: longer words also in two pieces edge to edge;
    ``alternate``: facing pages, the header and page number change sides and wording.
    """
    from reportlab.pdfgen import canvas

    global PAGE_W, PAGE_H, MARGIN, TOP
    PAGE_W, PAGE_H = size
    MARGIN = 72.0 if size == A4 else 40.0
    TOP = PAGE_H - 80.0

    layout = _Layout(columns, hyphenate, TOP)
    # The title spans the page; the columns start under it.
    full = _Layout(1, False, TOP)
    full.paragraph(article.title, "Helvetica-Bold", 18, 22)
    layout.pages[0].ops.extend(full.pages[0].ops)
    layout.y = layout.first_top = full.y - 14
    for number, (heading, paragraphs) in enumerate(article.sections):
        layout.need(LEADING * 4)
        layout.gap(GAP)
        layout.paragraph(heading, "Helvetica-Bold", 13, 17)
        layout.gap(3)
        for paragraph in paragraphs:
            layout.gap(GAP)
            layout.paragraph(paragraph, notes=article.footnotes)
        if number == table_after:
            for item in article.items:
                layout.gap(4)
                layout.paragraph(item, first="\u2022 ")
            if article.table:
                _table(layout, article.table)
    _render(path, layout, article, labels, info, header, size, canvas, words, alternate)
    return Result(path, len(layout.pages), layout.breaks)


def _table(layout: _Layout, rows: list[list[str]]) -> None:
    row_h = 16.0
    layout.gap(GAP)
    layout.need(row_h * len(rows) + 4)
    widths = [max(_width(row[c], "Helvetica-Bold", BODY) for row in rows) + 10 for c in range(len(rows[0]))]
    spare = (layout.col_w - sum(widths)) / len(widths)
    lefts = [sum(widths[:c]) + spare * c for c in range(len(widths) + 1)]
    x0, top = layout.x(), layout.y
    for index, row in enumerate(rows):
        font = "Helvetica-Bold" if index == 0 else "Helvetica"
        base = top - row_h * (index + 1) + 4.5
        for column, cell in enumerate(row):
            layout.page.ops.append(("text", x0 + lefts[column] + 4, base, cell, font, BODY))
    bottom = top - row_h * len(rows)
    for index in range(len(rows) + 1):
        y = top - row_h * index
        layout.page.ops.append(("hline", x0, y, x0 + layout.col_w))
    for column in range(len(rows[0]) + 1):
        x = x0 + lefts[column]
        layout.page.ops.append(("vline", x, top, bottom))
    layout.y = bottom - 2


def _label(style: str, number: int, total: int) -> str:
    return {"dash": f"- {number} -", "of": f"Page {number} of {total}", "bare": str(number)}[style]


def _render(path, layout, article, labels, info, header, pagesize, canvas, words=False, alternate=False) -> None:
    import datetime as dt
    import os

    epoch = dt.datetime.fromisoformat(article.date).replace(tzinfo=dt.UTC).timestamp()
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))  # the article's date as the creation date
    try:
        pdf = canvas.Canvas(str(path), pagesize=pagesize, pageCompression=1, invariant=1)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    if info:
        pdf.setTitle(article.title)
        pdf.setAuthor(article.author)
        pdf.setSubject(article.source)
        pdf.setCreator("sample generator")
    total = len(layout.pages)
    for number, page in enumerate(layout.pages, 1):
        # Facing pages: headers and page numbers alternate sides and wording, and sit a
        # little higher or lower from page to page.
        jitter = (number % 3) * 0.7 if alternate else 0.0
        if header and alternate and number % 2 == 0:
            pdf.setFont("Helvetica", 8)
            pdf.drawString(MARGIN, PAGE_H - 50 + jitter, article.title)
            pdf.drawString(MARGIN, 40 + jitter, _label(labels, number, total))
        elif header:
            pdf.setFont("Helvetica", 8)
            pdf.drawString(MARGIN, PAGE_H - 50 + jitter, f"{article.source} \u2014 Regional Briefing")
            pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - 50 + jitter, "Restricted distribution")
            pdf.drawString(MARGIN, 40 + jitter, f"{article.source}, March 2026")
        if not (header and alternate and number % 2 == 0):
            pdf.setFont("Helvetica", 9)
            pdf.drawRightString(PAGE_W - MARGIN, 40 + jitter, _label(labels, number, total))
        for op in page.ops:
            if op[0] == "text":
                _, x, y, text, font, size = op
                if words:
                    _draw_words(pdf, x, y, text, font, size, split=words == "split")
                else:
                    _draw(pdf, x, y, text, font, size)
            elif op[0] == "hline":
                pdf.line(op[1], op[2], op[3], op[2])
            else:
                pdf.line(op[1], op[2], op[1], op[3])
        if page.notes:
            y = BOTTOM + len(page.notes) * NOTE_LEADING + 2
            pdf.line(MARGIN, y + 4, MARGIN + 120, y + 4)
            for note_number, note in page.notes:
                y -= NOTE_LEADING
                pdf.setFont("Helvetica", NOTE_SIZE)
                pdf.drawString(MARGIN, y, f"{note_number} {note}")
        pdf.showPage()
    pdf.save()


def _draw_words(pdf, x: float, y: float, text: str, font: str, size: float, split: bool = False) -> None:
    """Each word placed on its own, as some producers write: no space characters at all.

    ``split``: longer words in two pieces placed edge to edge (as kerning producers do).
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for word in text.split(" "):
        if split and len(word) >= 6 and "{" not in word:
            half = len(word) // 2
            _draw(pdf, x, y, word[:half], font, size)
            _draw(pdf, x + _width(word[:half], font, size), y, word[half:], font, size)
        elif word:
            _draw(pdf, x, y, word, font, size)
        x += _width(word, font, size) + stringWidth(" ", font, size)


def _draw(pdf, x: float, y: float, text: str, font: str, size: float) -> None:
    """A line of text; footnote markers "{n}" as raised small digits."""
    parts = _MARKER.split(text)
    t = pdf.beginText(x, y)
    for index, part in enumerate(parts):
        if index % 2:
            t.setFont("Helvetica", 6)
            t.setRise(4)
            t.textOut(part)
            t.setRise(0)
        elif part:
            t.setFont(font, size)
            t.textOut(part)
    pdf.drawText(t)


def expected_breaks_ok(text: str, breaks: list[tuple[str, str]]) -> tuple[int, int]:
    """How many hyphenated line-end words appear rightly in ``text``: (right, total)."""
    right = 0
    for left, rest in breaks:
        word = left + rest  # a compound's rest starts with its own "-"
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            right += 1
    return right, len(breaks)


__all__ = ["make_pdf", "Result", "expected_breaks_ok", "strip_markers"]


def raw_pdf(content: bytes, extra: bytes = b"", compressed: bool = True) -> bytes:
    """A one-page PDF written by hand around a content stream (for malformed and hostile files)."""
    filters = b"/Filter /FlateDecode" if compressed else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + extra + b">>",
        b"<< /Length %d " % len(content) + filters + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def deflate_bomb(text: bytes, megabytes: int) -> bytes:
    """``text`` then ``megabytes`` MB of spaces, deflated (about 1,000 to 1)."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(text)]
    parts.extend(packer.compress(chunk) for _ in range(megabytes))
    parts.append(packer.flush())
    return b"".join(parts)
