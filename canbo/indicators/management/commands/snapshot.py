"""`canbo snapshot save --as-of DD/MM/YYYY` keeps the province's indicators on a date;
`canbo snapshot yearly [--from 2021]` keeps those of 31/12 of every year that has ended;
`canbo snapshot list` shows what is kept.

One server saves them (docs/deploy.md): a `save` or `yearly` started while another runs, on any server
of the database, stops at once saying so, with status 75 (core.locks.command_alone)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from canbo.accounts.system import SYSTEM
from canbo.core.dates import today
from canbo.core.entry import command_date
from canbo.core.locks import command_alone
from canbo.indicators.history import FIRST_YEAR, snapshot_take, year_ends
from canbo.indicators.models import Snapshot
from canbo.people.selectors import before_first_data


class Command(BaseCommand):
    help = "Lưu số liệu chỉ tiêu vào một ngày (số liệu cuối năm dùng cho báo cáo năm)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        save = actions.add_parser("save", help="lưu số liệu của một ngày")
        save.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (mặc định: hôm nay)")
        yearly = actions.add_parser("yearly", help="lưu số liệu ngày 31/12 của mỗi năm đã qua")
        yearly.add_argument(
            "--from", dest="first", type=int, default=FIRST_YEAR, help="năm đầu (mặc định 2021)"
        )
        yearly.add_argument(
            "--replace",
            action="store_true",
            help="lưu lại cả những ngày đã có số liệu (mặc định: giữ nguyên)",
        )
        actions.add_parser("list", help="các ngày đã lưu")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action in ("save", "yearly"):
            with command_alone("command.snapshot", what="Lệnh canbo snapshot"):
                self._save(action, options)
        else:
            self._list()

    def _save(self, action: str, options: dict[str, Any]) -> None:
        if action == "save":
            day = command_date(options.get("as_of"))
            if day > today():
                raise CommandError(
                    f"Ngày {day:%d/%m/%Y} chưa đến: chỉ lưu số liệu của một ngày đã qua hoặc hôm nay."
                )
            if before_first_data(day):
                raise CommandError(before_first_data(day))
            saved = snapshot_take(actor=SYSTEM, as_of=day)
            self.stdout.write(f"Đã lưu số liệu chỉ tiêu ngày {saved.as_of:%d/%m/%Y}.")
        elif action == "yearly":
            if options["first"] < 2000:
                raise CommandError(f"Năm đầu {options['first']} không hợp lý.")
            kept = set(Snapshot.objects.values_list("as_of", flat=True))
            for day in year_ends(options["first"]):
                if day in kept and not options["replace"]:
                    self.stdout.write(f"Giữ nguyên số liệu đã lưu ngày {day:%d/%m/%Y}.")
                    continue
                if before_first_data(day):
                    self.stdout.write(f"Không lưu ngày {day:%d/%m/%Y}: {before_first_data(day)}")
                    continue
                snapshot_take(actor=SYSTEM, as_of=day)
                self.stdout.write(f"Đã lưu số liệu chỉ tiêu ngày {day:%d/%m/%Y}.")

    def _list(self) -> None:
        for saved in Snapshot.objects.order_by("as_of"):
            province = saved.data.get("province", {})
            self.stdout.write(
                f"{saved.as_of:%d/%m/%Y}  lưu lúc {timezone.localtime(saved.taken_at):%d/%m/%Y %H:%M} "
                f"bởi {saved.taken_by_name}; "
                f"lãnh đạo {province.get('leaders')}, dưới 40 tuổi "
                f"{'—' if province.get('share_under_40') is None else province['share_under_40']} %"
            )
