"""Text per page from real files made here: an Arabic PDF (WeasyPrint), a French DOCX, a
Russian text file; and the files that cannot be read, each with its reason."""

from __future__ import annotations

import pytest

from pveplan.documents.ingest import extract, samples
from pveplan.documents.ingest.segment import segment


def test_an_arabic_pdf_reads_in_logical_order_page_by_page() -> None:
    seen: list[tuple[int, int]] = []
    result = extract.extract_pdf(samples.plan_pdf("ar", pages=2), lambda d, t: seen.append((d, t)))
    assert len(result.pages) == 2 and seen == [(1, 2), (2, 2)]
    assert "المحور الأول: الوقاية والتعليم" in result.pages[0]
    assert "الهدف 1.1: تعزيز قدرة المدارس على بناء التفكير النقدي" in result.pages[0]
    assert "1.1.1. تدريب المعلمين" in result.pages[0]
    assert "\ufe8d" not in result.pages[0]  # no presentation forms: letters as typed
    found = segment(result.blocks)
    kinds = [c.kind for c in found]
    assert kinds.count("pillar") == 2 and kinds.count("objective") == 4
    assert kinds.count("action") == 20
    assert {c.page for c in found if c.kind == "pillar"} == {1, 2}


def test_a_french_docx_keeps_headings_lists_and_the_table_in_order() -> None:
    result = extract.extract_docx(samples.french_docx())
    assert len(result.pages) == 2  # the explicit page break
    found = segment(result.blocks)
    summary = [(c.page, c.kind, c.number) for c in found if c.kind != "other"]
    assert summary == [
        (1, "pillar", "1"),
        (1, "objective", "1.1"),
        (1, "action", "1.1.1"),
        (1, "action", ""),
        (2, "pillar", "2"),
        (2, "objective", "2.1"),
        (2, "action", ""),
        (2, "action", ""),
    ]
    listed, first_row = found[6], found[-2]
    assert listed.lead_body == "Ministère de l'Éducation nationale"
    assert (first_row.lead_body, first_row.timeframe, first_row.cost) == (
        "Ministère de la Jeunesse",
        "2025-2026",
        "500 000 EUR",
    )
    assert found[first_row.parent or 0].text.startswith("Objectif 2.1")


def test_a_long_docx_is_cut_into_pages_of_about_3000_characters() -> None:
    import docx

    document = docx.Document()
    for i in range(40):
        document.add_paragraph(f"{i}. " + "Former les jeunes au dialogue. " * 8)
    from io import BytesIO

    out = BytesIO()
    document.save(out)
    result = extract.extract_docx(out.getvalue())
    assert len(result.pages) >= 3
    assert all(len(page) <= extract.PAGE_CHARACTERS + 300 for page in result.pages)


def test_a_russian_text_file_reads_as_utf8_with_form_feeds_as_pages() -> None:
    data = samples.russian_text() + b"\f" + "Направление 3. Управление".encode()
    result = extract.extract_text(data)
    assert len(result.pages) == 2
    found = segment(result.blocks)
    assert [c.kind for c in found].count("pillar") == 3
    first = next(c for c in found if c.number == "1.1.1")
    assert (first.lead_body, first.timeframe) == ("Министерство образования", "2025-2027")


@pytest.mark.parametrize(
    ("kind", "make", "reason"),
    [
        ("pdf", samples.encrypted_pdf, extract.ENCRYPTED),
        ("pdf", samples.image_only_pdf, extract.NO_TEXT),
        ("pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", extract.CORRUPT_PDF),
        ("docx", lambda: b"PK\x03\x04 not really an archive", extract.CORRUPT_DOCX),
        ("text", lambda: "Lettre à l'élève".encode("latin-1"), extract.NOT_UTF8),
        ("text", lambda: b"   \n\n ", extract.EMPTY),
    ],
)
def test_files_that_cannot_be_read_say_why(kind: str, make: object, reason: str) -> None:
    with pytest.raises(extract.ExtractionError) as raised:
        extract.extract(kind, make())  # type: ignore[operator]
    assert raised.value.reason == reason
    assert "password" in extract.ENCRYPTED and "OCR" in extract.NO_TEXT
