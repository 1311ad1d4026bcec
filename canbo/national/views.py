"""The page /csdl-quoc-gia/ for Sở Nội vụ: the counts of the export on a date, its download (JSON Lines
or Excel, streamed), the people it leaves out, and the late-record report. Thin: each view parses its
input and calls a selector or a service; refusals are answered by the request guard (403 page)."""

import datetime as dt
import os
import tempfile
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from canbo.core.dates import as_of_or_today
from canbo.national.export import jsonl_chunks, write_xlsx
from canbo.national.groups import EXCLUSION_LABELS, GROUPS, header_lines
from canbo.national.late import COLUMNS, late_records, late_xlsx
from canbo.national.rules import CREATE, IN_FORCE, SYNC
from canbo.national.selectors import national_counts, national_without_number
from canbo.national.services import national_export_allowed, national_export_begin, scope_text

SHOWN = 50  # people left out, and late records, listed on the page (the files have them all)


def _date(request: HttpRequest, name: str) -> tuple[dt.date | None, str]:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None, ""
    return as_of_or_today(raw)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    national_export_allowed(request.user)
    as_of, problem = as_of_or_today(request.GET.get("ngay"))
    start, start_problem = _date(request, "tu")
    end, end_problem = _date(request, "den")
    counts = national_counts(user=request.user, as_of=as_of)
    excluded = national_without_number(user=request.user, as_of=as_of, first=SHOWN)
    late = late_records(user=request.user, start=start, end=end, as_of=as_of)
    context = {
        "as_of": as_of,
        "problems": [p for p in (problem, start_problem, end_problem) if p],
        "counts": counts,
        "exported": counts.people - counts.without_number,
        "excluded": [(p, EXCLUSION_LABELS[p.reason]) for p in excluded],
        "excluded_total": counts.without_number,
        "groups": GROUPS,
        "header": header_lines(),
        "late": [r.row() for r in late[:SHOWN]],
        "late_total": len(late),
        "late_columns": COLUMNS,
        "windows": (CREATE, SYNC),
        "in_force": IN_FORCE,
        "start": start,
        "end": end,
    }
    return render(request, "national/index.html", context)


def _file_pieces(path: str) -> Iterator[bytes]:
    try:
        with open(path, "rb") as handle:
            while piece := handle.read(1 << 20):
                yield piece
    finally:
        os.unlink(path)


@login_required
@require_GET
def download(request: HttpRequest, format: str) -> StreamingHttpResponse:
    """The export, streamed: JSON Lines as it is made; Excel written to a temporary file chunk by chunk
    (constant memory), then sent. The export is recorded and audited before the first byte."""
    as_of, _problem = as_of_or_today(request.GET.get("ngay"))
    national_export_begin(actor=request.user, format=format, as_of=as_of)
    scope = scope_text(request.user)
    name = f"csdl-quoc-gia-{as_of:%Y%m%d}"
    if format == "jsonl":
        response = StreamingHttpResponse(
            jsonl_chunks(user=request.user, as_of=as_of, scope=scope), content_type="application/x-ndjson"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.jsonl"'
        return response
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(path, user=request.user, as_of=as_of, scope=scope)
    except BaseException:
        os.unlink(path)
        raise
    response = StreamingHttpResponse(
        _file_pieces(path),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@require_GET
def late_download(request: HttpRequest) -> HttpResponse:
    national_export_allowed(request.user)
    start, _p1 = _date(request, "tu")
    end, _p2 = _date(request, "den")
    records = late_records(user=request.user, start=start, end=end)
    response = HttpResponse(
        late_xlsx(records, start=start, end=end),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="csdl-quoc-gia-ghi-cham.xlsx"'
    return response
