"""`canbo incident --from 01/12/2026 --to 03/12/2026`: who read whose protected personal data, and from
where, between two dates — for the notice of a personal data breach within 72 hours (Decree
356/2025). One line per person read; `--person ID` or `--user USERNAME` narrows it; `--format xlsx
--output FILE` writes the Excel file the page also offers."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from canbo.accounts.system import SYSTEM
from canbo.core.entry import command_date
from canbo.people.io.export import access_lines_xlsx
from canbo.people.selectors import access_incident


class Command(BaseCommand):
    help = "Ai đã đọc dữ liệu cá nhân của ai, từ địa chỉ nào, giữa hai ngày (thông báo vi phạm trong 72 giờ)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from", dest="start", required=True, help="từ ngày (dd/mm/yyyy), kể cả ngày này"
        )
        parser.add_argument("--to", dest="end", required=True, help="đến ngày (dd/mm/yyyy), kể cả ngày này")
        parser.add_argument("--person", type=int, help="chỉ những lần đọc hồ sơ của người có mã này")
        parser.add_argument("--user", default="", help="chỉ những lần đọc của tài khoản này")
        parser.add_argument("--format", choices=["table", "json", "xlsx"], default="table")
        parser.add_argument("--output", help="tệp Excel (với --format xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = command_date(options["start"]), command_date(options["end"])
        if end < start:
            raise CommandError("Ngày kết thúc phải không trước ngày bắt đầu.")
        lines = access_incident(
            user=SYSTEM,
            start=_midnight(start),
            end=_midnight(end + dt.timedelta(days=1)),
            person_id=options["person"],
            actor=options["user"],
        )
        if options["format"] == "xlsx":
            if not options["output"]:
                raise CommandError("Với --format xlsx hãy cho --output TỆP.")
            Path(options["output"]).write_bytes(access_lines_xlsx(lines))
            self.stdout.write(f"Đã ghi {len(lines)} dòng vào {options['output']}.")
        elif options["format"] == "json":
            self.stdout.write(json.dumps([_plain(line) for line in lines], ensure_ascii=False, indent=1))
        else:
            for line in lines:
                self.stdout.write(
                    f"{timezone.localtime(line.at):%d/%m/%Y %H:%M:%S}  {line.actor:<16} "
                    f"{line.ip_address or '-':<15} {line.where:<28} {line.person_id or '-':>8} "
                    f"{line.person_name} {line.detail}"
                )
            self.stdout.write(f"{len(lines)} lượt đọc dữ liệu cá nhân.")


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _plain(line: Any) -> dict[str, Any]:
    return {
        "at": timezone.localtime(line.at).isoformat(),
        "actor": line.actor,
        "ip_address": line.ip_address,
        "where": line.where,
        "person_id": line.person_id,
        "person_name": line.person_name,
        "unit_code": line.unit_code,
        "detail": line.detail,
        "reason": line.reason,
    }
