"""Uploaded documents (a plan's product: a decision, a resolution, a report): checked by content."""

import io
import zipfile

from django.conf import settings

from core.errors import InputRejected, RowError

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
