"""canbo rules — the rules of law, one question at a time:

- `canbo rules retirement --born DD/MM/YYYY --sex nam|nu` — the retirement date (people.retirement);
- `canbo rules due --list NAME --as-of DD/MM/YYYY [--months N] [--unit CODE] --format json|table|xlsx
  [--output FILE]` — one of the lists of decisions.lists on a date, for the whole province (as the
  administrator; docs/decisions-lists.md).

This command took over `canbo rules retirement` from the indicators app (one command name, one
module: Django runs only one `rules`)."""

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from canbo.accounts.system import SYSTEM
from canbo.core.dates import format_date, parse_date
from canbo.core.entry import command_date
from canbo.core.errors import ApplicationError
from canbo.decisions.lists import LISTS, DueFilter, due_list, due_list_json, due_list_table, due_list_xlsx
from canbo.people.retirement import retirement_date


class Command(BaseCommand):
    help = "Tính theo quy định: ngày nghỉ hưu; các danh sách đến hạn (nghỉ hưu, hết thời hạn giữ chức vụ, …)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="rule", required=True)
        retirement = sub.add_parser("retirement", help="Ngày nghỉ hưu (dd/mm/yyyy).")
        retirement.add_argument("--born", required=True, help="ngày sinh dd/mm/yyyy, hoặc chỉ năm sinh")
        retirement.add_argument("--sex", required=True, choices=["nam", "nu"])
        due = sub.add_parser("due", help="Danh sách đến hạn vào một ngày.")
        due.add_argument("--list", dest="name", required=True, choices=list(LISTS), help="tên danh sách")
        due.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (mặc định: hôm nay)")
        due.add_argument("--months", type=int, help="số tháng tới (mặc định: theo từng danh sách)")
        due.add_argument("--unit", help="mã đơn vị: chỉ đơn vị đó và các đơn vị trực thuộc")
        due.add_argument("--format", dest="fmt", choices=["json", "table", "xlsx"], default="table")
        due.add_argument("--output", help="tệp ghi ra (bắt buộc với --format xlsx)")

    def handle(self, *args: Any, rule: str, **options: Any) -> None:
        if rule == "retirement":
            self._retirement(options["born"], options["sex"])
        else:
            self._due(options)

    def _retirement(self, born: str, sex: str) -> None:
        year_only = born.strip().isdigit() and len(born.strip()) == 4
        try:
            birth = parse_date(f"01/01/{born.strip()}" if year_only else born)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        self.stdout.write(format_date(retirement_date(birth, sex == "nam", birth_year_only=year_only)))

    def _due(self, options: dict[str, Any]) -> None:
        as_of = command_date(options["as_of"])
        unit_id = None
        if options["unit"]:
            from canbo.org.models import Unit

            unit_id = Unit.objects.filter(code=options["unit"]).values_list("pk", flat=True).first()
            if unit_id is None:
                raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        try:
            result = due_list(
                user=SYSTEM,
                name=options["name"],
                as_of=as_of,
                months=options["months"],
                filters=DueFilter(unit_id=unit_id),
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        fmt, output = options["fmt"], options["output"]
        if fmt == "xlsx":
            if not output:
                raise CommandError("Cần --output TỆP.xlsx với --format xlsx.")
            Path(output).write_bytes(due_list_xlsx(result))
            self.stdout.write(f"Đã ghi {output}: {result.heading}; {len(result.rows)} dòng.")
            return
        text = (
            json.dumps(due_list_json(result), ensure_ascii=False, indent=2)
            if fmt == "json"
            else due_list_table(result)
        )
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"Đã ghi {output}: {len(result.rows)} dòng.")
        else:
            self.stdout.write(text)
            sys.stdout.flush()
