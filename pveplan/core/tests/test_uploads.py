"""Upload checks: the kind of a file comes from its content, never its name; sizes, archives
that expand too far and damaged archives are refused with a message; names are made safe."""

from __future__ import annotations

import contextlib
import io
import random
import zipfile

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from pveplan.core.uploads import (
    MAX_ZIP_ENTRIES,
    MB,
    SAMPLE_BYTES,
    check_upload,
    safe_filename,
)

ALL_KINDS = {"pdf", "docx", "xlsx", "png", "jpeg", "text"}
EVIDENCE = {"pdf", "docx", "xlsx", "png", "jpeg"}


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def word() -> bytes:
    document = docx.Document()
    document.add_paragraph("الخطة الوطنية لمنع التطرف العنيف")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Action", "Cost"])
    book.active.append(["Youth centres", 125000])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def image(format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (11, 93, 158)).save(out, format=format)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refused(file: object, kinds: set[str], **options: int) -> str:
    with pytest.raises(ValidationError) as error:
        check_upload(file, kinds=kinds, **options)
    return " ".join(error.value.messages)


BUILDERS = {
    "pdf": pdf,
    "docx": word,
    "xlsx": workbook,
    "png": lambda: image("PNG"),
    "jpeg": lambda: image("JPEG"),
    "text": lambda: "محضر الاجتماع الأول\nMinutes of the first meeting\n".encode(),
}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_each_kind_is_recognized_by_its_content(kind: str) -> None:
    file = upload("whatever.bin", BUILDERS[kind]())
    assert check_upload(file, kinds=ALL_KINDS) == kind
    # Left at the start, ready to be stored.
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("name", "kind", "accepted"),
    [
        ("plan.pdf", "docx", {"pdf"}),  # a Word file renamed .pdf
        ("budget.docx", "xlsx", {"docx"}),  # a workbook renamed .docx
        ("photo.jpg", "png", {"jpeg"}),  # a PNG renamed .jpg
        ("decree.pdf", "text", EVIDENCE),  # text renamed .pdf
        ("scan.png", "pdf", {"png", "jpeg"}),  # a PDF renamed .png
    ],
)
def test_a_renamed_file_is_refused_where_its_real_kind_is_not_accepted(
    name: str, kind: str, accepted: set[str]
) -> None:
    assert "not an accepted type" in refused(upload(name, BUILDERS[kind]()), accepted)


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",  # a Windows program
        b"<!doctype html><script>alert(1)</script>",  # a web page
        b"\x7fELF\x02\x01\x01\x00",  # a Linux program
        b"GIF89a\x01\x00\x01\x00",  # an image of another kind
    ],
)
def test_other_content_is_refused_whatever_its_name(content: bytes) -> None:
    assert "not an accepted type" in refused(upload("report.pdf", content), EVIDENCE)


def test_a_zip_that_is_not_an_office_document_is_refused() -> None:
    plain, fake = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("notes.txt", "hello")
    # Content types but neither a document nor a workbook inside (as in a PowerPoint file).
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p/>")
    assert "not an accepted type" in refused(upload("a.docx", plain.getvalue()), EVIDENCE)
    assert "not an accepted type" in refused(upload("b.docx", fake.getvalue()), EVIDENCE)


def test_a_zip_bomb_dressed_as_a_word_document_is_refused() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (50 * MB))
    assert len(bomb.getvalue()) < MB
    assert "expands far beyond its size" in refused(upload("bomb.docx", bomb.getvalue()), EVIDENCE)


def test_an_archive_of_too_many_parts_is_refused() -> None:
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
        for n in range(MAX_ZIP_ENTRIES):
            archive.writestr(f"p/{n}", "")
    assert "too many parts" in refused(upload("many.docx", many.getvalue()), EVIDENCE)


def _central_header(data: bytearray) -> int:
    return data.index(b"PK\x01\x02")


def test_a_damaged_archive_is_refused_not_an_error() -> None:
    # An archive asking for a zip version Python cannot read...
    too_new = bytearray(word())
    at = _central_header(too_new)
    too_new[at + 6 : at + 8] = (115).to_bytes(2, "little")
    # ...one whose part names claim to be UTF-8 but are not...
    bad_name = bytearray(word())
    at = _central_header(bad_name)
    flags = int.from_bytes(bad_name[at + 8 : at + 10], "little") | 0x800
    bad_name[at + 8 : at + 10] = flags.to_bytes(2, "little")
    bad_name[at + 46] = 0xFF
    # ...and a cut one.
    cut = word()[:1000]
    for content in (bytes(too_new), bytes(bad_name), cut):
        assert "not an accepted type" in refused(upload("x.docx", content), EVIDENCE)


def test_random_damage_to_a_document_never_escapes_as_another_error() -> None:
    original = word()
    rng = random.Random(7)  # noqa: S311 - repeatable damage, not secrecy
    for _ in range(300):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            damaged[rng.randrange(len(damaged) - 400, len(damaged))] = rng.randrange(256)
        with contextlib.suppress(ValidationError):
            check_upload(upload("x.docx", bytes(damaged)), kinds=EVIDENCE)


def test_an_empty_file_and_a_file_over_the_limit_are_refused() -> None:
    assert refused(upload("a.pdf", b""), EVIDENCE) == "The file is empty."
    big = upload("big.pdf", b"%PDF-1.7\n" + b"0" * (20 * MB))
    assert refused(big, EVIDENCE) == "The file is 20.0\xa0MB; the limit is 20.0\xa0MB."
    assert "the limit is 1.0" in refused(upload("c.pdf", pdf() + b"0" * MB), {"pdf"}, max_bytes=MB)


def test_a_plain_stream_without_a_size_is_measured() -> None:
    assert check_upload(io.BytesIO(pdf()), kinds={"pdf"}) == "pdf"


def test_text_must_be_utf8_except_for_a_character_cut_by_the_sample() -> None:
    assert "not an accepted type" in refused(upload("a.txt", b"minutes \xff"), {"text"})
    assert "not an accepted type" in refused(upload("b.txt", b"minutes \xd8"), {"text"})
    assert "not an accepted type" in refused(upload("c.txt", "نص".encode("utf-16")), {"text"})
    # "é" is two bytes; the sample ends after its first one.
    cut = b"x" * (SAMPLE_BYTES - 1) + "é".encode() + b" more"
    assert check_upload(upload("d.txt", cut), kinds={"text"}) == "text"


# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "safe"),
    [
        ("الخطة الوطنية 2024.pdf", "pdf", "الخطة-الوطنية-2024.pdf"),
        # Vowel signs and shadda are kept: they are part of the word.
        ("خُطَّة العمل.docx", "docx", "خُطَّة-العمل.docx"),
        ("国家行动计划.xlsx", "xlsx", "国家行动计划.xlsx"),
        ("Décret n° 5.pdf", "pdf", "Décret-n-5.pdf"),
        ("हिन्दी नाम.pdf", "pdf", "हिन्दी-नाम.pdf"),
    ],
)
def test_letters_of_every_script_are_kept(name: str, kind: str, safe: str) -> None:
    assert safe_filename(name, kind) == safe


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\windows\\passwd",
        "/etc/passwd",
        "C:\\Users\\x\\passwd",
        "uploads/../../passwd",
    ],
)
def test_paths_are_stripped_to_the_last_part(name: str) -> None:
    assert safe_filename(name, "pdf") == "passwd.pdf"


def test_the_extension_is_the_detected_kinds_and_tricks_are_removed() -> None:
    assert safe_filename("invoice.exe", "pdf") == "invoice.pdf"
    # A right-to-left override would show "evilexe.pdf" as "evilfdp.exe".
    assert safe_filename("evil\u202efdp.exe", "pdf") == "evilfdp.pdf"
    assert safe_filename('a"b;c\r\nd<e>.pdf', "pdf") == "abcde.pdf"
    assert safe_filename("..", "pdf") == "file.pdf"
    assert safe_filename(" .pdf", "png") == "file.png"
    assert safe_filename(".bashrc", "text") == "bashrc.txt"
    long = safe_filename("a" * 300 + ".pdf", "pdf")
    assert long == "a" * 80 + ".pdf"
