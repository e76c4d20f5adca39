"""Checks every uploaded file goes through: size, type by content (never by name), safe names.

`check_upload(file, kinds={"pdf", "docx"}, max_bytes=...)` returns the detected kind or raises a
ValidationError whose message says what was wrong; nothing is stored before it passes.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
# Office files are zip archives: refuse archives that would expand beyond this or by this ratio.
MAX_UNZIPPED_BYTES = 200 * MB
MAX_ZIP_RATIO = 100
MAX_ZIP_ENTRIES = 10_000
# How much of the start of a file decides its kind.
SAMPLE_BYTES = 4096

KIND_NAMES = {
    "pdf": gettext_lazy("PDF document"),
    "docx": gettext_lazy("Word document (DOCX)"),
    "xlsx": gettext_lazy("Excel workbook (XLSX)"),
    "png": gettext_lazy("PNG image"),
    "jpeg": gettext_lazy("JPEG image"),
    "text": gettext_lazy("plain text (UTF-8)"),
}
EXTENSIONS = {
    "pdf": ".pdf",
    "docx": ".docx",
    "xlsx": ".xlsx",
    "png": ".png",
    "jpeg": ".jpg",
    "text": ".txt",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "text": "text/plain; charset=utf-8",
}


def detect_kind(head: bytes, stream: IO[bytes]) -> str | None:
    """The kind of file by its first bytes (and, for zip archives, by their entries)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(stream)
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut by the end of a full sample is still text; invalid
            # bytes anywhere else (or at the end of a file shorter than the sample) are not.
            cut_by_sample = len(head) >= SAMPLE_BYTES and error.reason == "unexpected end of data"
            if not cut_by_sample:
                return None
        return "text"
    return None


def _office_kind(stream: IO[bytes]) -> str | None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ValidationError(_("The archive holds too many parts to be a document."))
            unzipped = sum(entry.file_size for entry in entries)
            packed = max(1, sum(entry.compress_size for entry in entries))
            if unzipped > MAX_UNZIPPED_BYTES or unzipped / packed > MAX_ZIP_RATIO:
                raise ValidationError(
                    _("The file expands far beyond its size when opened; it was refused.")
                )
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        # A damaged or unusual archive (zipfile raises all of these on bad headers) is no document.
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def check_upload(file: Any, *, kinds: set[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The kind of `file` if it is one of `kinds` and not larger than `max_bytes`.

    Raises ValidationError with a message for the person who uploaded it otherwise.
    """
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size == 0:
        raise ValidationError(_("The file is empty."))
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )
    file.seek(0)
    head = file.read(SAMPLE_BYTES)
    kind = detect_kind(head, file)
    file.seek(0)
    if kind not in kinds:
        allowed = ", ".join(str(KIND_NAMES[k]) for k in sorted(kinds))
        raise ValidationError(
            _("This file's content is not an accepted type. Accepted: %(allowed)s.")
            % {"allowed": allowed}
        )
    return kind


def safe_filename(name: str, kind: str) -> str:
    """A file name safe to store and to send in a header: no path, no control characters, the
    extension of the detected kind. Letters of every script are kept."""
    stem = PurePath(name.replace("\\", "/")).stem
    stem = unicodedata.normalize("NFC", stem)
    # Letters, marks (Arabic vowel signs, Devanagari matras...) and digits of every script,
    # spaces, dots, hyphens and underscores; nothing else (no controls, slashes or quotes).
    stem = "".join(c for c in stem if unicodedata.category(c)[0] in "LMN" or c in " ._-")
    stem = stem.strip(" .-_")
    stem = re.sub(r"\s+", "-", stem)[:80].strip(" .-_") or "file"
    return stem + EXTENSIONS[kind]
