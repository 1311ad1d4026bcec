"""canbo people template|import|export — thin wrappers over the registry's io and services."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from canbo.accounts.system import SYSTEM
from canbo.core.dates import parse_date, today
from canbo.core.errors import InputRejected
from canbo.org.models import Unit, UnitVersion
from canbo.people.io.excel import rows_from_excel
from canbo.people.io.export import template_xlsx
from canbo.people.services import ImportSource, import_files_purge, people_export, people_import


class Command(BaseCommand):
    help = "Hồ sơ cán bộ: mẫu Excel, nhập, xuất."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        template = sub.add_parser("template", help="Ghi mẫu Excel.")
        template.add_argument("file")
        imp = sub.add_parser("import", help="Nhập danh sách cán bộ từ Excel (tất cả hoặc không).")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        imp.add_argument(
            "--as-of",
            default="",
            metavar="DD/MM/YYYY",
            help="danh sách tính đến ngày (mặc định hôm nay): "
            "ngày vào đơn vị của người mới khi dòng không ghi",
        )
        exp = sub.add_parser("export", help="Xuất danh sách cán bộ ra Excel theo mẫu.")
        exp.add_argument("file")
        purge = sub.add_parser("purge-files", help="Xóa các tệp đã nhập quá thời hạn lưu giữ.")
        purge.add_argument(
            "--days",
            type=int,
            default=None,
            help="thời hạn lưu giữ (ngày); mặc định CANBO_IMPORT_FILE_RETENTION_DAYS",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "handle_" + options["action"].replace("-", "_"))(**options)

    def handle_purge_files(self, *, days: int | None, **_: Any) -> None:
        from django.conf import settings

        keep = settings.CANBO_IMPORT_FILE_RETENTION_DAYS if days is None else days
        if keep < 0:
            raise CommandError("Thời hạn lưu giữ phải là số ngày không âm.")
        result = import_files_purge(older_than_days=keep)
        self.stdout.write(
            f"Đã xóa {result.files} tệp nhập cũ hơn {keep} ngày ({result.bytes / 1024 / 1024:.1f} MB)."
        )

    def handle_template(self, *, file: str, **_: Any) -> None:
        from canbo.people.selectors import template_units

        Path(file).write_bytes(template_xlsx(units=template_units(user=SYSTEM)))
        self.stdout.write(f"Đã ghi mẫu {file}.")

    def handle_import(self, *, file: str, dry_run: bool, as_of: str, **_: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp “{file}”.")
        try:
            day = parse_date(as_of) if as_of else today()
        except ValidationError as exc:
            raise CommandError(f"--as-of: {exc.messages[0]}") from None
        if day > today():
            raise CommandError(f"--as-of: ngày {day:%d/%m/%Y} chưa đến; danh sách chỉ tính đến hôm nay.")
        units = dict(Unit.objects.values_list("code", "id"))
        kinds = dict(UnitVersion.objects.as_of(day).values_list("unit__code", "kind"))
        try:
            data = path.read_bytes()
            rows = rows_from_excel(data, units=units, today=today(), kinds=kinds, as_of=day)
            result = people_import(
                actor=SYSTEM, rows=rows, on=day, dry_run=dry_run, source=ImportSource(path.name, data)
            )
        except InputRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Không ghi gì: {len(exc.errors)} lỗi.") from None
        self.stdout.write(result.summary())

    def handle_export(self, *, file: str, **_: Any) -> None:
        Path(file).write_bytes(people_export(actor=SYSTEM))
        self.stdout.write(f"Đã ghi {file}.")
