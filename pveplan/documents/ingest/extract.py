"""Text per page from a PDF (pypdf), a Word document (python-docx) or a UTF-8 text file.

Each reader returns the pages' text and the document's blocks in reading order (lines, DOCX
paragraphs with their heading level, tables with their rows) for `segment`. Problems a person can
fix (a password, a scan without text, a damaged file, another encoding) raise ExtractionError
with a message id (gettext_noop) shown to them translated.

`report(done, total)` is called after each page; it may raise progress.Cancelled, which passes
through untouched.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.utils.translation import gettext_noop

# A DOCX or text file has no pages: a new page starts at an explicit page break (form feed in a
# text file) or after about this many characters.
PAGE_CHARACTERS = 3000
# Below this many letters in the whole file, a PDF is taken for a scan without a text layer.
MIN_LETTERS = 20

ENCRYPTED = gettext_noop(
    "The PDF is protected by a password, so it cannot be read. Remove the password and upload "
    "it again."
)
NO_TEXT = gettext_noop(
    "The PDF has no text layer: it looks like scanned images. Run OCR (for example ocrmypdf) on "
    "it and upload the result."
)
EMPTY = gettext_noop("The file contains no text to read.")
CORRUPT_PDF = gettext_noop(
    "The PDF is damaged and could not be read. Save or export it again and upload the new file."
)
CORRUPT_DOCX = gettext_noop(
    "The Word document is damaged and could not be read. Save it again (as .docx) and upload "
    "the new file."
)
NOT_UTF8 = gettext_noop(
    "The text file is not in UTF-8. Save it with the UTF-8 encoding and upload it again."
)

Report = Callable[[int, int], None]


class ExtractionError(Exception):
    """The file cannot be read, for a reason its uploader can act on (a message id)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Block:
    """A unit of the document in reading order: a line or paragraph, or a table."""

    page: int
    text: str = ""
    heading_level: int | None = None  # DOCX heading style level (1 = Heading 1)
    list_item: bool = False  # a DOCX list paragraph (its number is not in its text)
    rows: list[list[str]] | None = None  # a table's rows of cell texts


@dataclass
class Extracted:
    pages: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def _nothing(done: int, total: int) -> None:
    return None


def clean(text: str) -> str:
    """Text as stored: NFKC (Arabic presentation forms and ligatures back to letters), no
    control characters but line breaks and tabs, no trailing spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def _is_rtl(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    rtl = sum(1 for c in letters if unicodedata.bidirectional(c) in ("R", "AL"))
    return bool(letters) and rtl * 2 > len(letters)


# pypdf gives right-to-left lines in logical order, except for the weak characters around a
# number: "1.1.2. Text." comes out as ".. Text1.1.2" and "Goal 1.1: Text" as ": Text1.1 Goal".
# Put the number (and the short words before it) back in front.
_RTL_NUMBER_AT_END = re.compile(
    r"^(?P<marks>[.:)\-–]+)\s*(?P<body>.*?)\s*(?P<number>[0-9٠-٩۰-۹]+(?:\.[0-9٠-٩۰-۹]+)*)"
    r"\s*(?P<tail>(?:[^\W\d_]+\s*){0,4})$"
)


def fix_rtl_line(line: str) -> str:
    if not _is_rtl(line):
        return line
    match = _RTL_NUMBER_AT_END.match(line.strip())
    if match is None:
        return line
    marks, body, number, tail = match.group("marks", "body", "number", "tail")
    end = marks[1:] if not _SENTENCE_END.search(body) else ""
    head = f"{tail.strip()} {number}{marks[0]}".strip()
    return f"{head} {body}{end}".strip()


_SENTENCE_END = re.compile(r"[.!?؟:;؛]\s*$")


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _line_blocks(page: int, text: str) -> Iterator[Block]:
    for line in text.splitlines():
        if line.strip():
            yield Block(page=page, text=line.strip())


def extract_pdf(data: bytes, report: Report = _nothing) -> Extracted:
    import pypdf

    try:
        reader = pypdf.PdfReader(BytesIO(data))
        encrypted = reader.is_encrypted
        pages = None if encrypted else list(reader.pages)
    except Exception:  # pypdf raises many kinds of errors on a damaged file
        raise ExtractionError(CORRUPT_PDF) from None
    if encrypted or pages is None:
        raise ExtractionError(ENCRYPTED)
    result = Extracted()
    total = len(pages)
    if total == 0:
        raise ExtractionError(EMPTY)
    for number, page in enumerate(pages, start=1):
        try:
            raw = page.extract_text() or ""
        except Exception:
            raise ExtractionError(CORRUPT_PDF) from None
        text = "\n".join(fix_rtl_line(line) for line in clean(raw).splitlines())
        result.pages.append(text)
        result.blocks.extend(_line_blocks(number, text))
        report(number, total)
    if sum(_letters(text) for text in result.pages) < MIN_LETTERS:
        raise ExtractionError(NO_TEXT)
    return result


def extract_text(data: bytes, report: Report = _nothing) -> Extracted:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError(NOT_UTF8) from None
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    chunks: list[list[str]] = []
    for part in content.split("\f"):
        chunks.append([])
        size = 0
        for line in part.split("\n"):
            if size + len(line) > PAGE_CHARACTERS and chunks[-1]:
                chunks.append([])
                size = 0
            chunks[-1].append(line)
            size += len(line) + 1
    texts = [clean("\n".join(lines)) for lines in chunks]
    texts = [t for t in texts if t.strip()]
    if not texts or sum(_letters(t) for t in texts) == 0:
        raise ExtractionError(EMPTY)
    result = Extracted()
    for number, text in enumerate(texts, start=1):
        result.pages.append(text)
        result.blocks.extend(_line_blocks(number, text))
        report(number, len(texts))
    return result


_HEADING_STYLE = re.compile(
    r"(heading|titre|título|titulo|заголовок|标题|عنوان|überschrift)\s*(\d)", re.IGNORECASE
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _heading_level(paragraph: Any) -> int | None:
    style = paragraph.style
    names = [getattr(style, "name", "") or "", getattr(style, "style_id", "") or ""]
    for name in names:
        match = _HEADING_STYLE.search(name)
        if match:
            return int(match.group(2))
    # An outline level set on the paragraph or its style marks a heading too (0 = level 1).
    for element in (paragraph._p, getattr(style, "element", None)):
        if element is None:
            continue
        found = element.find(f"{_W}pPr/{_W}outlineLvl")
        if found is not None:
            value = found.get(f"{_W}val", "")
            if value.isdigit() and int(value) < 9:
                return int(value) + 1
    return None


def _is_list(paragraph: Any) -> bool:
    name = (getattr(paragraph.style, "name", "") or "").lower()
    if "list" in name or "liste" in name or "lista" in name or "список" in name:
        return True
    return paragraph._p.find(f"{_W}pPr/{_W}numPr") is not None


def _breaks(element: Any) -> tuple[bool, bool]:
    """Whether a page break comes before the paragraph, and whether one is inside it."""
    before = element.find(f"{_W}pPr/{_W}pageBreakBefore") is not None
    inside = any(br.get(f"{_W}type") == "page" for br in element.iter(f"{_W}br"))
    return before, inside


def _table_rows(table: Any) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(clean(" ".join(p.text for p in cell.paragraphs)).replace("\n", " "))
        if any(cells):
            rows.append(cells)
    return rows


def extract_docx(data: bytes, report: Report = _nothing) -> Extracted:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(BytesIO(data))
        body = document.element.body
        items: list[tuple[Block, bool, bool]] = []
        for child in body.iterchildren():
            if child.tag == f"{_W}p":
                paragraph = Paragraph(child, document)
                text = clean(paragraph.text)
                block = Block(
                    page=0,
                    text=text.replace("\n", " "),
                    heading_level=_heading_level(paragraph),
                    list_item=_is_list(paragraph),
                )
                items.append((block, *_breaks(child)))
            elif child.tag == f"{_W}tbl":
                rows = _table_rows(Table(child, document))
                text = "\n".join(" | ".join(cell for cell in row) for row in rows)
                items.append((Block(page=0, text=text, rows=rows), False, False))
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError, TypeError, OSError):
        raise ExtractionError(CORRUPT_DOCX) from None
    except Exception as error:  # lxml's XMLSyntaxError and the like
        if type(error).__module__.startswith(("lxml", "docx")):
            raise ExtractionError(CORRUPT_DOCX) from None
        raise
    result = Extracted()
    page, size = 1, 0
    texts: list[list[str]] = [[]]
    for block, break_before, page_break in items:
        if not block.text.strip():
            if (page_break or break_before) and texts[-1]:
                page, size = page + 1, 0
                texts.append([])
            continue
        if size and (break_before or size + len(block.text) > PAGE_CHARACTERS):
            page, size = page + 1, 0
            texts.append([])
        block.page = page
        result.blocks.append(block)
        texts[-1].append(block.text)
        size += len(block.text) + 1
        if page_break:  # a break inside the paragraph: what follows is on the next page
            page, size = page + 1, 0
            texts.append([])
    result.pages = ["\n".join(lines) for lines in texts if lines]
    if not result.blocks or sum(_letters(t) for t in result.pages) == 0:
        raise ExtractionError(EMPTY)
    # Page numbers may have skipped empty pages: renumber from 1 without gaps.
    numbers = {old: new for new, old in enumerate(sorted({b.page for b in result.blocks}), 1)}
    for block in result.blocks:
        block.page = numbers[block.page]
    for number in range(1, len(result.pages) + 1):
        report(number, len(result.pages))
    return result


READERS: dict[str, Callable[[bytes, Report], Extracted]] = {
    "pdf": extract_pdf,
    "docx": extract_docx,
    "text": extract_text,
}


def extract(kind: str, data: bytes, report: Report = _nothing) -> Extracted:
    """The pages and blocks of a file of `kind` ("pdf", "docx" or "text")."""
    return READERS[kind](data, report)
