"""canbo plan load|tasks|report|results|import|template — thin wrappers over plans services."""

import datetime as dt
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from canbo.accounts.system import SYSTEM
from canbo.core.dates import format_date, parse_date, today
from canbo.core.entry import command_date
from canbo.core.errors import InputRejected
from canbo.plans.io.builtin import builtin_plan
from canbo.plans.io.excel import plan_from_excel, template_xlsx
from canbo.plans.io.reports import annual_appendix_xlsx, annual_report_docx, results_xlsx
from canbo.plans.models import Occurrence, Plan
from canbo.plans.selectors import evaluation_results, occurrence_rows, score_basis
from canbo.plans.services import plan_import


class Command(BaseCommand):
    help = "Kế hoạch: nạp, liệt kê nhiệm vụ, báo cáo năm, kết quả đánh giá, nhập kế hoạch khác."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Nạp kế hoạch có sẵn (Kế hoạch triển khai NQ 07-NQ/TU).")
        load.add_argument("source", choices=["builtin"])
        tasks = sub.add_parser("tasks", help="Mọi lượt thực hiện nhiệm vụ với tình trạng vào một ngày.")
        tasks.add_argument("--as-of", dest="as_of")
        tasks.add_argument("--format", choices=["json", "table"], default="table")
        tasks.add_argument("--plan", default="kh-nq07")
        report = sub.add_parser("report", help="Báo cáo năm (Word) hoặc phụ lục (Excel).")
        report.add_argument("--year", type=int, required=True)
        report.add_argument("--format", choices=["docx", "xlsx"], default="docx")
        report.add_argument("--output", help="tệp ghi ra (mặc định: bao-cao-NAM.docx|xlsx)")
        report.add_argument("--plan", default="kh-nq07")
        results = sub.add_parser("results", help="Kết quả theo cơ quan để đánh giá, xếp loại hằng năm.")
        results.add_argument("--year", type=int, required=True)
        results.add_argument("--format", choices=["json", "xlsx"], default="json")
        results.add_argument("--output")
        imp = sub.add_parser("import", help="Nhập kế hoạch khác từ Excel theo mẫu phụ lục.")
        imp.add_argument("file")
        imp.add_argument("--code", required=True)
        imp.add_argument("--title", required=True)
        imp.add_argument("--issuer", default="Ủy ban nhân dân tỉnh")
        imp.add_argument("--from", dest="period_from", type=int, required=True)
        imp.add_argument("--to", dest="period_to", type=int, required=True)
        imp.add_argument("--starts-on", dest="starts_on")
        imp.add_argument("--dry-run", action="store_true")
        template = sub.add_parser("template", help="Ghi mẫu Excel để nhập kế hoạch.")
        template.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "handle_" + options["action"])(**options)

    def _plan(self, code: str) -> Plan:
        try:
            return Plan.objects.get(code=code)
        except Plan.DoesNotExist:
            raise CommandError(f"Chưa có kế hoạch “{code}” (chạy: canbo plan load builtin).") from None

    def _fail(self, exc: InputRejected) -> Any:
        for error in exc.errors:
            self.stderr.write(str(error))
        raise CommandError(f"Không ghi gì: {len(exc.errors)} lỗi.")

    def handle_load(self, **_: Any) -> None:
        try:
            self.stdout.write(plan_import(actor=SYSTEM, spec=builtin_plan()).summary())
        except InputRejected as exc:
            self._fail(exc)

    def handle_tasks(self, *, as_of: str | None, format: str, plan: str, **_: Any) -> None:
        date = command_date(as_of)
        the_plan = self._plan(plan)
        queryset = Occurrence.objects.filter(task__plan=the_plan).select_related("task", "unit")
        rows = occurrence_rows(user=SYSTEM, as_of=date, queryset=queryset)
        items: list[dict[str, Any]] = [
            {
                "code": r.task.code,
                "title": r.task.title,
                "period": r.occurrence.period,
                "assigned_to": {"code": r.occurrence.unit.code, "name": r.unit_name},
                "lead_on_date": (
                    {"code": r.responsible.code, "name": r.responsible_label} if r.responsible else None
                ),
                "deadline_text": r.task.deadline_text,
                "original_due": r.occurrence.original_due.isoformat() if r.occurrence.original_due else None,
                "due": r.due.isoformat() if r.due else None,
                "extensions": r.extensions,
                "status": r.status.value,
                "status_label": str(r.status.label),
            }
            for r in rows
        ]
        if format == "json":
            payload = {"plan": the_plan.code, "as_of": date.isoformat(), "occurrences": items}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{the_plan.code}: {len(items)} lượt thực hiện, tình trạng ngày {format_date(date)}"
        )
        for i in items:
            due = format_date(parse_date(i["due"])) if i["due"] else "—"
            lead = i["lead_on_date"]["code"] if i["lead_on_date"] else "—"
            self.stdout.write(f"{i['code']:<9} {i['period']:<15} {lead:<14} {due:<11} {i['status_label']}")

    def handle_report(self, *, year: int, format: str, output: str | None, plan: str, **_: Any) -> None:
        the_plan = self._plan(plan)
        if format == "docx":
            content = annual_report_docx(user=SYSTEM, plan=the_plan, year=year)
        else:
            content = annual_appendix_xlsx(user=SYSTEM, plan=the_plan, year=year)
        path = Path(output or f"bao-cao-{year}.{format}")
        path.write_bytes(content)
        self.stdout.write(f"Đã ghi {path}.")

    def handle_results(self, *, year: int, format: str, output: str | None, **_: Any) -> None:
        as_of = min(today(), dt.date(year, 12, 31))
        results = evaluation_results(user=SYSTEM, year=year, as_of=as_of)
        if format == "xlsx":
            path = Path(output or f"ket-qua-danh-gia-{year}.xlsx")
            path.write_bytes(results_xlsx(results=results, year=year, as_of=as_of))
            self.stdout.write(f"Đã ghi {path}.")
            return
        rows = [
            {
                "unit_code": r.unit.code,
                "unit_name": r.name,
                "year": r.year,
                "due": r.due,
                "done_on_time": r.on_time,
                "done_late": r.late,
                "overdue": r.overdue,
                "waiting": r.waiting,
                "yearly_report_on_time": r.yearly_report_on_time,
                "score": r.score,
            }
            for r in results
        ]
        payload = {
            "year": year,
            "as_of": as_of.isoformat(),
            "provisional": as_of < dt.date(year, 12, 31),  # "tạm tính": the year has not ended
            "basis": score_basis(),
            "results": rows,
        }
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def handle_import(
        self,
        *,
        file: str,
        code: str,
        title: str,
        issuer: str,
        period_from: int,
        period_to: int,
        starts_on: str | None,
        dry_run: bool,
        **_: Any,
    ) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp “{file}”.")
        try:
            spec = plan_from_excel(
                path.read_bytes(),
                code=code,
                title=title,
                issuer=issuer,
                period_from=period_from,
                period_to=period_to,
                starts_on=command_date(starts_on) if starts_on else command_date(f"01/01/{period_from}"),
            )
            self.stdout.write(plan_import(actor=SYSTEM, spec=spec, dry_run=dry_run).summary())
        except InputRejected as exc:
            self._fail(exc)

    def handle_template(self, *, file: str, **_: Any) -> None:
        Path(file).write_bytes(template_xlsx())
        self.stdout.write(f"Đã ghi mẫu {file}.")
