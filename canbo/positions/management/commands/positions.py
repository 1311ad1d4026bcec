"""canbo positions — job positions and staffing from the command line, as the system (the whole
province):

- `canbo positions export --unit CODE [--date DD/MM/YYYY] --output FILE.xlsx` — the agency's positions
  in force on the day, in the import's columns;
- `canbo positions import --unit CODE --date DD/MM/YYYY FILE.xlsx` — add the new codes from that day,
  correct the codes in force (all or nothing; every bad row listed, exit code 1);
- `canbo positions framework-import FILE.xlsx [--source URL]` — entries of the national framework lists
  (columns “Danh mục”, “Mã”, “Tên vị trí việc làm”, “Ngạch”);
- `canbo positions staffing --unit CODE [--date DD/MM/YYYY] [--format json|text]` — the staffing summary:
  quota against people, vacancies, the rank-share verdict, people without a position."""

import datetime as dt
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from canbo.accounts.system import SYSTEM
from canbo.core.dates import parse_date, today
from canbo.core.errors import ApplicationError, InputRejected
from canbo.org.models import Unit
from canbo.positions import workbook
from canbo.positions.export import staffing_json
from canbo.positions.selectors import positions_on, staffing_summary


def _date(value: str | None) -> dt.date:
    if not value:
        return today()
    try:
        return parse_date(value)
    except ValidationError as exc:
        raise CommandError(exc.messages[0]) from None


def _unit(code: str) -> Unit:
    found = Unit.objects.filter(code=code.strip()).first()
    if found is None:
        raise CommandError(f"Không có đơn vị mã “{code}”.")
    return found


def _file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}.") from None


def _refusal(exc: ApplicationError) -> CommandError:
    if isinstance(exc, InputRejected) and exc.errors:
        return CommandError("\n".join(["Không thực hiện được:", *(f"- {e}" for e in exc.errors)]))
    return CommandError(exc.message)


class Command(BaseCommand):
    help = "Vị trí việc làm (Nghị định 361/2025/NĐ-CP, 232/2026/NĐ-CP), biên chế, bố trí."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        export = sub.add_parser("export", help="Xuất danh sách vị trí việc làm của một cơ quan.")
        export.add_argument("--unit", required=True, help="mã cơ quan")
        export.add_argument("--date", help="ngày dd/mm/yyyy (mặc định: hôm nay)")
        export.add_argument("--output", required=True, help="tệp .xlsx ghi ra")
        imported = sub.add_parser("import", help="Nhập danh sách vị trí việc làm của một cơ quan.")
        imported.add_argument("--unit", required=True)
        imported.add_argument("--date", help="vị trí mới có hiệu lực từ ngày dd/mm/yyyy (mặc định: hôm nay)")
        imported.add_argument("file")
        framework = sub.add_parser("framework-import", help="Nhập danh mục khung vị trí việc làm.")
        framework.add_argument("file")
        framework.add_argument("--source", default="", help="nguồn (văn bản, địa chỉ) ghi cho mọi dòng")
        staffing = sub.add_parser("staffing", help="Biên chế, số người, vị trí còn trống, tỷ lệ ngạch.")
        staffing.add_argument("--unit", required=True)
        staffing.add_argument("--date", help="ngày dd/mm/yyyy (mặc định: hôm nay)")
        staffing.add_argument("--format", dest="fmt", choices=["json", "text"], default="text")

    def handle(self, *args: Any, what: str, **options: Any) -> None:
        try:
            getattr(self, "_" + what.replace("-", "_"))(options)
        except ApplicationError as exc:
            raise _refusal(exc) from None

    def _export(self, options: dict[str, Any]) -> None:
        unit, on = _unit(options["unit"]), _date(options["date"])
        found = list(positions_on(user=SYSTEM, unit=unit, on=on))
        Path(options["output"]).write_bytes(workbook.positions_xlsx(found))
        self.stdout.write(
            f"Đã ghi {options['output']}: {len(found)} vị trí của {unit.code} ngày {on:%d/%m/%Y}."
        )

    def _import(self, options: dict[str, Any]) -> None:
        unit, on = _unit(options["unit"]), _date(options["date"])
        created, updated = workbook.positions_import(
            actor=SYSTEM, unit=unit, data=_file(options["file"]), on=on
        )
        self.stdout.write(f"Đã thêm {created} vị trí, sửa {updated} vị trí của {unit.code}.")

    def _framework_import(self, options: dict[str, Any]) -> None:
        created, updated = workbook.framework_import(
            actor=SYSTEM, data=_file(options["file"]), source=options["source"]
        )
        self.stdout.write(f"Danh mục khung: thêm {created}, sửa {updated} vị trí.")

    def _staffing(self, options: dict[str, Any]) -> None:
        unit, on = _unit(options["unit"]), _date(options["date"])
        summary = staffing_summary(user=SYSTEM, unit=unit, on=on)
        if options["fmt"] == "json":
            self.stdout.write(
                json.dumps(staffing_json(summary), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
            )
            return
        quota = summary.quota
        lines = [
            f"{unit.code}, ngày {on:%d/%m/%Y}",
            f"Biên chế công chức năm {on.year}: {quota.civil_servants if quota else 'chưa giao'}; "
            f"hiện có {summary.civil_servants} công chức, {summary.public_employees} viên chức.",
            f"Vị trí: {len(summary.positions)}; số người theo vị trí {summary.planned}, "
            f"đã bố trí {summary.held}, còn trống {summary.vacant}.",
        ]
        lines += [
            f"  {v.position.code} {v.position.name}: {v.held}/{v.planned}, trống {v.vacant}"
            for v in summary.positions
            if v.vacant
        ]
        lines.append(summary.senior.message() if summary.senior else summary.senior_missing)
        lines.append(f"Chưa bố trí vị trí việc làm: {len(summary.unplaced)} người.")
        self.stdout.write("\n".join(lines))
