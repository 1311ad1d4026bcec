"""canbo national export|late — thin wrappers over the national export and the late-record report.

canbo national export --format jsonl|xlsx --output FILE [--as-of dd/mm/yyyy]
canbo national late [--from dd/mm/yyyy] [--to dd/mm/yyyy] [--output FILE.xlsx]
"""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from canbo.accounts.system import SYSTEM
from canbo.core.entry import command_date
from canbo.national.export import write_jsonl, write_xlsx
from canbo.national.groups import EXCLUSION_LABELS
from canbo.national.late import late_records, late_xlsx
from canbo.national.services import national_export_begin, scope_text


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Dữ liệu cho cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức (Nghị định 27/2026/NĐ-CP)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Xuất hồ sơ theo 10 nhóm thông tin (JSON Lines hoặc Excel).")
        export.add_argument("--format", choices=["jsonl", "xlsx"], required=True)
        export.add_argument("--output", required=True, help="tệp ghi ra")
        export.add_argument("--as-of", dest="as_of", help="dữ liệu tại ngày dd/mm/yyyy (mặc định: hôm nay)")
        late = sub.add_parser("late", help="Hồ sơ ghi chậm so với thời hạn 3 ngày / 1 ngày sau quyết định.")
        late.add_argument("--from", dest="start", help="quyết định từ ngày dd/mm/yyyy (sớm nhất 01/07/2026)")
        late.add_argument("--to", dest="end", help="quyết định đến ngày dd/mm/yyyy")
        late.add_argument("--output", help="ghi báo cáo ra tệp Excel")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "handle_" + options["action"])(**options)

    def handle_export(self, *, format: str, output: str, as_of: str | None, **_: Any) -> None:
        date = command_date(as_of)
        national_export_begin(actor=SYSTEM, format=format, as_of=date)
        started = time.perf_counter()
        scope = scope_text(SYSTEM)
        if format == "jsonl":
            with open(output, "wb") as out:
                summary = write_jsonl(out, user=SYSTEM, as_of=date, scope=scope)
        else:
            summary = write_xlsx(output, user=SYSTEM, as_of=date, scope=scope)
        elapsed = time.perf_counter() - started
        rate = _n(round(summary.exported / elapsed) if elapsed else 0)
        self.stdout.write(
            f"Đã xuất {_n(summary.exported)} hồ sơ (dữ liệu ngày {date:%d/%m/%Y}) vào {output} "
            f"trong {elapsed:.1f} giây ({rate} hồ sơ/giây)."
        )
        if summary.excluded:
            self.stdout.write(
                f"Không xuất {_n(len(summary.excluded))} người không có số định danh cá nhân hợp lệ "
                "(mã trong canbo · họ và tên · cơ quan quản lý hồ sơ · lý do):"
            )
            for person in summary.excluded:
                reason = EXCLUSION_LABELS[person.reason]
                self.stdout.write(f"  {person.person_id} · {person.full_name} · {person.unit} · {reason}")

    def handle_late(self, *, start: str | None, end: str | None, output: str | None, **_: Any) -> None:
        first = command_date(start) if start else None
        last = command_date(end) if end else None
        records = late_records(user=SYSTEM, start=first, end=last)
        if output:
            with open(output, "wb") as out:
                out.write(late_xlsx(records, start=first, end=last))
        self.stdout.write(f"{_n(len(records))} hồ sơ ghi chậm so với thời hạn của Nghị định 27/2026/NĐ-CP.")
        for record in records:
            self.stdout.write(
                f"  {record.full_name} · {record.what} · QĐ {record.decision_number or '(không số)'} ngày "
                f"{record.decided_on:%d/%m/%Y} · hạn {record.deadline:%d/%m/%Y} · ghi ngày "
                f"{record.recorded_on:%d/%m/%Y} · chậm {record.late_days} ngày ({record.window.source})"
            )
