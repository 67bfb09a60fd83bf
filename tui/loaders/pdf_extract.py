"""Extract positioned text runs from a PDF with pypdf: the part that touches the file.

Run as ``python -m tui.loaders.pdf_extract PATH K WORKERS MAX_PAGES MEMORY CPU``
it limits its own address space to MEMORY bytes and its CPU time to CPU
seconds (``resource.setrlimit``), reads the pages whose index is K modulo
WORKERS (below MAX_PAGES) and writes one JSON object to stdout; ``tui.loaders.pdf`` starts it in a child process with
memory and CPU limits and a timeout, so a hostile PDF (deep nesting, huge or
bomb-compressed streams) can only fail that child.

Per page: width, height and runs ``[x, y, size, bold, text]`` in content
order, ``x``/``y`` the run's start in page space, ``size`` its effective
font size. Nothing here knows about paragraphs; ``tui.loaders.pdf`` does.
"""

from __future__ import annotations

import json
import math
import os
import sys

# Text a child hands back at most (a page of repeated text operators can hold millions).
try:
    MAX_CHARS = max(int(os.environ.get("BRIEFING_PDF_MAX_CHARS", 24 * 1024 * 1024)), 1)
except ValueError:
    MAX_CHARS = 24 * 1024 * 1024


def extract(path: str, part: int = 0, workers: int = 1, max_pages: int = 2000) -> dict:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings go nowhere a terminal shows
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return {"error": "encrypted", "message": "is encrypted with a password; decrypt it first"}
            except Exception as error:  # noqa: BLE001 - e.g. AES without a crypto library
                return {"error": "encrypted", "message": f"is encrypted in a way that cannot be opened here ({error})"}
        count = len(reader.pages)
    except FileNotDecryptedError:
        return {"error": "encrypted", "message": "is encrypted with a password; decrypt it first"}
    except PdfReadError as error:
        return {"error": "unreadable", "message": f"is not a readable PDF ({error})"}
    result: dict = {"count": count, "pages": {}, "meta": {}}
    if part == 0:
        result["meta"] = _metadata(reader)
    chars = 0
    fonts: dict = {}  # font metrics by the font resource's object number, across pages
    for number in range(part, min(count, max_pages), workers):
        if chars > MAX_CHARS // workers:
            result.setdefault("problems", []).append(
                f"the text stops at page {number + 1}: more than {MAX_CHARS:,} characters "
                "(BRIEFING_PDF_MAX_CHARS)")
            break
        page = reader.pages[number]
        try:
            box = page.mediabox
            width, height = float(box.width), float(box.height)
        except Exception:  # noqa: BLE001 - a broken box: assume A4
            width, height = 595.0, 842.0
        runs: list[list] = []

        def visit(text, cm, tm, font, size, runs=runs, fonts=fonts):
            if not text or not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]) or 1.0
            name = str((font or {}).get("/BaseFont", "")) if hasattr(font, "get") else ""
            bold = "bold" in name.lower() or "black" in name.lower()
            height = float(size) * scale
            metrics = _metrics(font, fonts)
            # Lines inside one run (rare) are placed one under another.
            for line, piece in enumerate(text.strip("\n").split("\n")):
                if piece.strip():
                    width = _text_width(metrics, piece, height)
                    runs.append([round(x, 2), round(y - line * height * 1.2, 2), round(height, 2), bold, piece,
                                 round(width, 2)])

        try:
            page.extract_text(visitor_text=visit)
        except RecursionError:
            result.setdefault("problems", []).append(f"page {number + 1} is too deeply nested; skipped")
        except Exception as error:  # noqa: BLE001 - one broken page must not lose the rest
            result.setdefault("problems", []).append(
                f"page {number + 1} could not be read ({type(error).__name__}: {str(error)[:160]})")
        result["pages"][number] = [width, height, runs]
        chars += sum(len(run[4]) for run in runs)
    return result


def _metrics(font, cache: dict):
    """pypdf's widths for a font resource (cached), or None."""
    if not hasattr(font, "get"):
        return None
    reference = getattr(font, "indirect_reference", None)
    key = (reference.idnum, reference.generation) if reference is not None else id(font)
    entry = cache.get(key)
    if entry is None:
        try:
            from pypdf.generic._font import Font

            metrics = Font.from_font_resource(font)
        except Exception:  # noqa: BLE001 - a private API or a broken font: estimate instead
            metrics = None
        entry = cache[key] = (font, metrics)  # the resource is kept so its id stays unique
    return entry[1]


def _text_width(metrics, text: str, size: float) -> float:
    """The run's width in points: from the font's widths, else -1 (the parent estimates)."""
    if metrics is None:
        return -1.0
    try:
        width = metrics.get_text_width(text) * size / 1000
    except Exception:  # noqa: BLE001
        return -1.0
    # Widths in odd units (Type3 fonts) or missing: let the parent estimate.
    return width if 0.1 * size * len(text) <= width <= 1.5 * size * len(text) else -1.0


def _metadata(reader) -> dict:
    meta: dict[str, str] = {}
    try:
        info = reader.metadata or {}
        for key, name in (("/Title", "title"), ("/Author", "author"), ("/Subject", "subject")):
            value = info.get(key)
            if value:
                meta[name] = str(value)[:500]
        created = info.get("/CreationDate")
        if created:
            meta["date"] = str(created)[:64]
    except Exception:  # noqa: BLE001 - metadata is optional
        pass
    try:
        xmp = reader.xmp_metadata
        if xmp is not None:
            title = xmp.dc_title or {}
            if "title" not in meta and title:
                meta["title"] = str(next(iter(title.values())))[:500]
            if "author" not in meta and xmp.dc_creator:
                meta["author"] = str(xmp.dc_creator[0])[:500]
            created = xmp.xmp_create_date
            if created is not None:
                meta["xmp_date"] = created.date().isoformat()
    except Exception:  # noqa: BLE001
        pass
    return meta


def limit(memory: int, cpu: int) -> None:
    try:
        import resource
    except ImportError:  # not on POSIX: the parent's timeout still holds
        return
    for kind, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu)):
        try:
            soft, hard = resource.getrlimit(kind)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(kind, (value, hard))
        except (ValueError, OSError):
            pass


def main(argv: list[str]) -> int:
    if len(argv) >= 6:
        limit(int(argv[4]), int(argv[5]))
    try:
        result = extract(argv[0], int(argv[1]), int(argv[2]), int(argv[3]))
    except (MemoryError, ImportError):  # an import fails first when the address space is short
        result = {"error": "limit", "message": "needs more memory than the PDF limit allows "
                  "(BRIEFING_PDF_MEMORY_MB)"}
    except RecursionError:
        result = {"error": "limit", "message": "is too deeply nested to parse"}
    except Exception as error:  # noqa: BLE001
        result = {"error": "unreadable", "message": f"is not a readable PDF ({type(error).__name__}: {error})"}
    sys.stdout.write(json.dumps(result, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
