"""canbo remind [--as-of DATE] — e-mail the focal officers about tasks due soon or overdue.

Schedule it once a day (README: cron or a systemd timer). Running it again on the same day sends
only what is still pending (a mail that failed) or new, never a reminder twice; it also mails again the
notifications of the last 7 days whose mail failed. When a mail fails,
the command says which agencies wait and exits with status 1, so that cron or the timer reports it;
run it again (the same day, or with --as-of that day) to send what waits.

One server runs it (docs/deploy.md): a copy started while another runs, on any server of the
database, stops at once saying so, with status 75 (core.locks.command_alone)."""

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from canbo.core.dates import format_date
from canbo.core.entry import command_date
from canbo.core.locks import command_alone
from canbo.plans.services import notifications_email_pending, reminders_send


class Command(BaseCommand):
    help = "Gửi thư nhắc việc cho cán bộ đầu mối về nhiệm vụ sắp đến hạn hoặc quá hạn."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (mặc định: hôm nay)")
        parser.add_argument("--days", type=int, default=None, help="số ngày trước hạn (mặc định 7)")

    def handle(self, *args: Any, as_of: str | None, days: int | None, **options: Any) -> None:
        date = command_date(as_of)
        with command_alone("command.remind", what="Lệnh canbo remind"):
            self._remind(date, days)

    def _remind(self, date: dt.date, days: int | None) -> None:
        result = reminders_send(as_of=date, days=days)
        agencies = len({r.unit_id for r in result.sent})
        self.stdout.write(
            f"Ngày {format_date(date)}: đã gửi nhắc {len(result.sent)} nhiệm vụ cho {agencies} cơ quan."
        )
        again = notifications_email_pending()
        if again:
            self.stdout.write(f"Đã gửi lại {again} thông báo mà lần trước chưa gửi được thư.")
        for name in result.agencies_without_recipient:
            self.stdout.write(f"Không có cán bộ đầu mối có địa chỉ thư: {name}")
        if result.failed:
            raise CommandError(
                f"Chưa gửi được thư nhắc cho {len(result.failed)} cơ quan ({'; '.join(result.failed)}): "
                "các nhắc việc này đang chờ gửi; chạy lại lệnh trong ngày "
                f"(hoặc với --as-of {format_date(date)}) để gửi."
            )
