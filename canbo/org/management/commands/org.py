"""canbo org tree|successor|load|import|export — thin wrappers over org selectors and services."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from canbo.accounts.system import SYSTEM
from canbo.core.dates import format_date
from canbo.core.entry import command_date
from canbo.core.errors import InputRejected
from canbo.org.io.builtin import builtin_dataset
from canbo.org.io.excel import dataset_from_excel, dataset_to_excel
from canbo.org.models import Unit, UnitVersion
from canbo.org.selectors import org_dataset, unit_find, unit_names, unit_successors
from canbo.org.services import org_import


class Command(BaseCommand):
    help = "Cây tổ chức theo ngày: xem cây, tìm đơn vị kế thừa, nạp dữ liệu, nhập/xuất Excel."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        tree = sub.add_parser("tree", help="Các đơn vị có hiệu lực vào một ngày.")
        tree.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (mặc định: hôm nay)")
        tree.add_argument("--format", choices=["json", "table"], default="table")
        successor = sub.add_parser("successor", help="Đơn vị kế thừa của một đơn vị vào một ngày.")
        successor.add_argument("unit", help="mã hoặc tên đơn vị")
        successor.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (mặc định: hôm nay)")
        successor.add_argument("--format", choices=["json", "table"], default="table")
        load = sub.add_parser("load", help="Nạp dữ liệu tổ chức có sẵn.")
        load.add_argument("source", choices=["builtin"])
        imp = sub.add_parser("import", help="Nhập đơn vị và sự kiện sắp xếp từ Excel.")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        exp = sub.add_parser("export", help="Xuất đơn vị và sự kiện sắp xếp ra Excel.")
        exp.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "handle_" + options["action"])(**options)

    def handle_tree(self, *, as_of: str | None, format: str, **_: Any) -> None:
        date = command_date(as_of)
        versions = list(
            UnitVersion.objects.as_of(date).select_related("unit", "parent").order_by("unit__code")
        )
        rows = [
            {
                "id": v.unit_id,
                "code": v.unit.code,
                "name": v.name,
                "kind": v.kind,
                "parent_code": v.parent.code if v.parent else None,
            }
            for v in versions
        ]
        if format == "json":
            self.stdout.write(
                json.dumps({"as_of": date.isoformat(), "units": rows}, ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(f"Cây tổ chức ngày {format_date(date)}: {len(rows)} đơn vị")
        for r in rows:
            self.stdout.write(
                f"{r['id']:>6}  {r['code']:<14} {r['kind']:<9} {r['parent_code'] or '-':<10} {r['name']}"
            )

    def handle_successor(self, *, unit: str, as_of: str | None, format: str, **_: Any) -> None:
        date = command_date(as_of)
        found = unit_find(query=unit, as_of=date)
        if not found:
            raise CommandError(f"Không tìm thấy đơn vị “{unit}”.")
        if len(found) > 1:
            codes = ", ".join(u.code for u in found)
            raise CommandError(f"“{unit}” trùng với nhiều đơn vị ({codes}); hãy dùng mã đơn vị.")
        successors = unit_successors(unit=found[0], as_of=date)
        names = unit_names(units=successors, as_of=date)
        if format == "json":
            payload = {
                "unit": found[0].code,
                "as_of": date.isoformat(),
                "successors": [{"id": u.pk, "code": u.code, "name": names.get(u.pk, "")} for u in successors],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not successors:
            self.stdout.write(
                f"{found[0].code}: không có đơn vị kế thừa có hiệu lực ngày {format_date(date)}."
            )
        for u in successors:
            self.stdout.write(f"{u.code}\t{names.get(u.pk, '')}")

    def handle_load(self, **_: Any) -> None:
        self._import(builtin_dataset(), dry_run=False)

    def handle_import(self, *, file: str, dry_run: bool, **_: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp “{file}”.")
        try:
            dataset = dataset_from_excel(path.read_bytes())
        except InputRejected as exc:
            self._fail(exc)
        self._import(dataset, dry_run=dry_run)

    def handle_export(self, *, file: str, **_: Any) -> None:
        Path(file).write_bytes(dataset_to_excel(org_dataset(user=SYSTEM)))
        self.stdout.write(f"Đã xuất {Unit.objects.count()} đơn vị ra {file}.")

    def _import(self, dataset: Any, *, dry_run: bool) -> None:
        try:
            result = org_import(actor=SYSTEM, dataset=dataset, dry_run=dry_run)
        except InputRejected as exc:
            self._fail(exc)
        self.stdout.write(result.summary())

    def _fail(self, exc: InputRejected) -> Any:
        for error in exc.errors:
            self.stderr.write(str(error))
        raise CommandError(f"Không ghi gì: {len(exc.errors)} lỗi.")
