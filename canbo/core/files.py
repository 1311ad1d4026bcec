"""Uploaded documents (a plan's product: a decision, a resolution, a report): checked by content."""

import io
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.text import slugify

from canbo.core.errors import InputRejected, RowError

_KINDS = "PDF, Word (.doc, .docx), OpenDocument (.odt)"


def check_document(data: bytes, *, name: str = "", column: str = "Tệp văn bản") -> str:
    """Return the document's kind ('pdf', 'docx', 'doc', 'odt') or refuse it with a Vietnamese message."""
    limit = settings.CANBO_MAX_UPLOAD_BYTES

    def refuse(message: str) -> InputRejected:
        return InputRejected([RowError(message, column=column)])

    if len(data) > limit:
        raise refuse(f"Tệp “{name}” quá lớn; giới hạn là {limit // 1024 // 1024} MB.")
    if not data:
        raise refuse(f"Tệp “{name}” rỗng.")
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "_VBA_PROJECT".encode("utf-16-le") in data:
            raise refuse(f"Tệp “{name}” có chứa macro; không nhận.")
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise refuse(f"Tệp “{name}” bị hỏng.") from None
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise refuse(f"Tệp “{name}” có chứa macro; không nhận.")
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names and "mimetype" in names:
            return "odt"
    raise refuse(f"Tệp “{name}” không phải văn bản ({_KINDS}).")


def read_upload(upload: Any, *, column: str = "Tệp") -> bytes:
    """The bytes of an uploaded file, its size checked before it is read (an upload larger than
    CANBO_MAX_UPLOAD_BYTES is refused without being read into memory; an empty one has its message)."""
    limit = settings.CANBO_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise InputRejected(
            [
                RowError(
                    f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB); giới hạn là {limit // 1024 // 1024} MB.",
                    column=column,
                )
            ]
        )
    if not size:
        raise InputRejected([RowError("Tệp rỗng.", column=column)])
    return bytes(upload.read())


def stored_name(name: str, kind: str) -> str:
    """An uploaded document's name as it is kept: its stem in plain letters, digits and dashes, and the
    extension of the type its content was found to be (never the extension the sender gave)."""
    stem = slugify(Path(name).stem) or "van-ban"
    return f"{stem[:80]}.{kind}"
