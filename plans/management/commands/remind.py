"""canbo remind [--as-of DATE] — e-mail the focal officers about tasks due soon or overdue.

Schedule it once a day (README: cron or a systemd timer). Running it twice on a day sends nothing
new."""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.dates import format_date, parse_date, today
from plans.services import reminders_send


class Command(BaseCommand):
    help = "Gửi thư nhắc việc cho cán bộ đầu mối về nhiệm vụ sắp đến hạn hoặc quá hạn."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (mặc định: hôm nay)")
        parser.add_argument("--days", type=int, default=None, help="số ngày trước hạn (mặc định 7)")

    def handle(self, *args: Any, as_of: str | None, days: int | None, **options: Any) -> None:
        try:
            date = parse_date(as_of) if as_of else today()
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        result = reminders_send(as_of=date, days=days)
        agencies = len({r.unit_id for r in result.sent})
        self.stdout.write(
            f"Ngày {format_date(date)}: đã gửi nhắc {len(result.sent)} nhiệm vụ cho {agencies} cơ quan."
        )
        for name in result.agencies_without_recipient:
            self.stdout.write(f"Không có cán bộ đầu mối có địa chỉ thư: {name}")
