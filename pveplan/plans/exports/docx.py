"""DOCX export with python-docx.

python-docx has no API for right-to-left text, so `set_bidi` and `set_rtl` write the OOXML:
`<w:bidi/>` on paragraphs and the section of an RTL document, and on each run of right-to-left
text `<w:rtl/>`, the complex-script font and `<w:lang w:bidi="ar-SA"/>`; RTL tables get
`<w:bidiVisual/>`. Alignment stays unset: on a bidi paragraph "right" means "end", which is left.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_DIRECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from pveplan.core.i18n import Shown
from pveplan.plans.exports.content import (
    PlanDocument,
    direction_runs,
    language_name,
    page_parts,
    shown_date,
)

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Naskh Arabic"
CJK_FONT = "Noto Sans CJK SC"
LOCALES = {"ar": "ar-SA", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}
GREY = RGBColor(0x66, 0x66, 0x66)
# The elements that follow each one in its parent, in the order the OOXML schema fixes.
_AFTER_PPR_BIDI = (
    *("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing"),
    *("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment"),
    *("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr"),
    "w:pPrChange",
)
_AFTER_RPR_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_RPR_SZCS = (
    *("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl"),
    *("w:cs", "w:em", "w:lang", *_AFTER_RPR_LANG),
)
_AFTER_SECTPR_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def _child(parent: Any, tag: str, successors: tuple[str, ...]) -> Any:
    found = parent.find(qn(tag))
    return (
        found if found is not None else parent.insert_element_before(OxmlElement(tag), *successors)
    )


def set_bidi(paragraph: Paragraph) -> None:
    """Make a paragraph right-to-left (its start is the right margin)."""
    _child(paragraph._p.get_or_add_pPr(), "w:bidi", _AFTER_PPR_BIDI)


def set_rtl(run: Run) -> None:
    """Mark a run as right-to-left text in the Arabic font and language."""
    rPr = run._r.get_or_add_rPr()
    rPr.get_or_add_rFonts().set(qn("w:cs"), ARABIC_FONT)
    rPr.get_or_add_rtl()
    _child(rPr, "w:lang", _AFTER_RPR_LANG).set(qn("w:bidi"), LOCALES["ar"])


def _set_fonts(rPr: Any, size: float | None = None) -> None:
    fonts = rPr.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)  # a theme font would win over the names
    for script, name in (("ascii", LATIN_FONT), ("hAnsi", LATIN_FONT), ("eastAsia", CJK_FONT)):
        fonts.set(qn(f"w:{script}"), name)
    fonts.set(qn("w:cs"), ARABIC_FONT)
    if size is not None:  # complex-script text (Arabic) takes its size from szCs
        rPr.get_or_add_sz().val = Pt(size)
        _child(rPr, "w:szCs", _AFTER_RPR_SZCS).set(qn("w:val"), str(int(size * 2)))


def _new_row(table: Table) -> list[Any]:
    return list(table.add_row().cells)  # type: ignore[no-untyped-call]


class _Writer:
    def __init__(self, document: PlanDocument) -> None:
        self.doc = document
        self.direction = document.direction
        self.out = Document()
        self.rtl = self.direction == "rtl"

    def paragraph(self, paragraph: Paragraph, text: str = "", **style: Any) -> Paragraph:
        if self.rtl:
            set_bidi(paragraph)
        if text:
            self.run(paragraph, text, **style)
        return paragraph

    def run(
        self, paragraph: Paragraph, text: str, *, bold: bool = False, muted: bool = False
    ) -> list[Run]:
        """Runs for `text`, one per direction: only right-to-left script is marked rtl."""
        runs = []
        for piece, direction in direction_runs(text, self.direction):
            run = paragraph.add_run(piece)
            if bold:
                run.bold = True
            if muted:
                run.italic = True
                run.font.color.rgb = GREY
            if direction == "rtl":
                set_rtl(run)
            runs.append(run)
        return runs

    def shown(self, paragraph: Paragraph, shown: Shown, *, bold: bool = False) -> None:
        """A multilingual text; a fallback says which language it is in."""
        self.paragraph(paragraph, shown.text, bold=bold)
        if shown.is_fallback:
            self.run(paragraph, f" ({language_name(shown.language)})", muted=True)

    def table(self, columns: list[tuple[str, float]], *, heading: bool = True) -> Table:
        table: Table = self.out.add_table(rows=1 if heading else 0, cols=len(columns))
        table.style = "Table Grid"
        table.autofit = False
        if self.rtl:
            table.table_direction = WD_TABLE_DIRECTION.RTL  # <w:bidiVisual/>
        for index, (label, width) in enumerate(columns):
            table.columns[index].width = Cm(width)
            if heading:
                self.paragraph(table.rows[0].cells[index].paragraphs[0], label, bold=True)
        if heading:  # the heading row repeats at the top of every page
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        return table

    def setup(self) -> None:
        styles = self.out.styles
        for name, size in (("Normal", 9.5), ("Title", 20), ("Heading 1", 13)):
            _set_fonts(styles[name].element.get_or_add_rPr(), size)
        lang = _child(styles["Normal"].element.get_or_add_rPr(), "w:lang", _AFTER_RPR_LANG)
        lang.set(qn("w:val"), LOCALES[self.doc.language])
        lang.set(qn("w:bidi"), LOCALES["ar"])
        lang.set(qn("w:eastAsia"), LOCALES["zh"])
        section = self.out.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(1.6))
        if self.rtl:
            _child(section._sectPr, "w:bidi", _AFTER_SECTPR_BIDI)
        self.paragraph(section.header.paragraphs[0], self.doc.exported_line, muted=True)
        footer = self.paragraph(section.footer.paragraphs[0])
        for part in page_parts():
            field = {"{page}": "PAGE", "{pages}": "NUMPAGES"}.get(part)
            if field:
                simple = OxmlElement("w:fldSimple")
                simple.set(qn("w:instr"), f" {field} ")
                simple.append(self.run(footer, "1")[0]._r)  # shown until the fields update
                footer._p.append(simple)
            else:
                self.run(footer, part)


def _rows(writer: _Writer, columns: list[tuple[str, float]], rows: list[list[str | Shown]]) -> None:
    """A table with a heading row; a Shown cell keeps its language and fallback note."""
    table = writer.table(columns)
    for values in rows:
        cells = _new_row(table)
        for cell, value, (_label, width) in zip(cells, values, columns, strict=True):
            cell.width = Cm(width)
            if isinstance(value, Shown):
                writer.shown(cell.paragraphs[0], value)
            else:
                writer.paragraph(cell.paragraphs[0], value)


def render(document: PlanDocument, *, on_row: Callable[[int], None] | None = None) -> bytes:
    """The document as DOCX bytes; `on_row(n)` is told after each row of the matrix."""
    writer = _Writer(document)
    writer.setup()
    out = writer.out
    writer.shown(out.add_paragraph(style="Title"), document.title)
    if document.summary.text:
        writer.shown(out.add_paragraph(), document.summary)

    writer.paragraph(out.add_paragraph(style="Heading 1"), _("About this plan"))
    facts = writer.table([("", 7.0), ("", 19.5)], heading=False)
    for fact in document.facts:
        cells = _new_row(facts)
        writer.paragraph(cells[0].paragraphs[0], fact.label, bold=True)
        writer.paragraph(cells[1].paragraphs[0], fact.value)

    if document.phases:
        writer.paragraph(out.add_paragraph(style="Heading 1"), _("Process status"))
        where = []
        if document.current_phase:
            where.append(_("Current phase: %(phase)s.") % {"phase": document.current_phase})
        if document.next_phase:
            where.append(_("Next: %(phase)s.") % {"phase": document.next_phase})
        if where:
            writer.paragraph(out.add_paragraph(), " ".join(where))
        _rows(
            writer,
            [
                ("#", 1.0),
                (_("Phase"), 9.0),
                (_("Status"), 3.5),
                (_("Dates"), 4.5),
                (_("Responsible body"), 5.0),
                (_("Checklist"), 2.7),
            ],
            [
                [str(p.number), p.name, p.status, p.dates, p.responsible, p.checklist]
                for p in document.phases
            ],
        )

    if document.framework:
        writer.paragraph(out.add_paragraph(style="Heading 1"), _("Legal and policy framework"))
        _rows(
            writer,
            [
                (_("Code"), 2.0),
                (_("Plan item"), 8.0),
                (_("Instrument"), 7.0),
                (_("Harmonization"), 3.2),
                (_("Note"), 5.5),
            ],
            [
                [line.code, line.item, line.instrument, line.harmonization, line.note]
                for line in document.framework
            ],
        )

    writer.paragraph(out.add_paragraph(style="Heading 1"), _("Action matrix"))
    if not document.rows:
        writer.paragraph(
            out.add_paragraph(),
            _("This plan has no pillars, objectives or actions yet."),
            muted=True,
        )
    else:
        columns = [
            (_("Code"), 2.0),
            (_("Tier"), 2.2),
            (_("Text"), 9.3),
            (_("Tags"), 2.6),
            (_("Lead body"), 3.4),
            (_("Dates"), 3.2),
            (_("Estimated cost"), 2.3),
            (_("Status"), 1.7),
        ]
        matrix = writer.table(columns)
        for number, row in enumerate(document.rows, start=1):
            cells = _new_row(matrix)
            bold = row.level == 1
            values = [row.code, row.tier, None, ", ".join(row.tags), row.lead_body]
            values += [row.shown_dates, row.shown_cost, row.status]
            for cell, value, (_label, width) in zip(cells, values, columns, strict=True):
                cell.width = Cm(width)
                if value is not None:  # the text (None) is written below, with its fallback
                    writer.paragraph(cell.paragraphs[0], value, bold=bold)
            text = cells[2].paragraphs[0]
            if row.level > 1:  # on a bidi paragraph Word reads "left" as the start side
                text.paragraph_format.left_indent = Cm(0.4 * (row.level - 1))
            writer.shown(text, row.text, bold=bold)
            if on_row:
                on_row(number)

    if document.has_annex and document.annex is not None:
        annex = document.annex
        heading = out.add_paragraph(style="Heading 1")
        heading.paragraph_format.page_break_before = True
        writer.paragraph(heading, _("Consultation annex"))
        writer.paragraph(out.add_paragraph(), document.inclusion_line)
        if annex.events:
            writer.paragraph(out.add_paragraph(style="Heading 2"), _("Consultation events"))
            _rows(
                writer,
                [(_("Date"), 3.0), (_("Event"), 10.0), (_("Place"), 5.0), (_("Participants"), 7.7)],
                [
                    [
                        shown_date(event.date),
                        event.title,
                        event.place,
                        f"{event.participants.total}: "
                        + ", ".join(f"{label} {n}" for label, n in event.participants.by_type),
                    ]
                    for event in annex.events
                ],
            )
        if annex.inputs:
            writer.paragraph(out.add_paragraph(style="Heading 2"), _("Inputs and responses"))
            _rows(
                writer,
                [
                    ("#", 1.0),
                    (_("Plan item"), 2.7),
                    (_("Input"), 8.0),
                    (_("From"), 3.5),
                    (_("Disposition"), 2.8),
                    (_("Response"), 7.7),
                ],
                [
                    [
                        str(item.number),
                        item.node_code,
                        item.text,
                        item.stakeholder,
                        item.disposition_label,
                        item.response,
                    ]
                    for item in annex.inputs
                ],
            )

    buffer = BytesIO()
    out.save(buffer)
    return buffer.getvalue()
