"""canbo forecast --from DATE --to 2030 --format json|table — the baseline projection of the targets,
its assumptions, and the "còn thiếu" of every target year (the same numbers as the page's cards)."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from canbo.accounts.system import SYSTEM
from canbo.core.entry import command_date
from canbo.indicators.selectors import engine_settings, forecast_from
from canbo.indicators.tables import assumptions, outlook_explained, outlook_line
from canbo.people.selectors import before_first_data


class Command(BaseCommand):
    help = (
        "Dự báo chỉ tiêu lãnh đạo dưới 40 tuổi đến năm 2030 (phương án cơ sở), số còn thiếu và số cần bổ "
        "nhiệm thêm."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--from", dest="start", help="dd/mm/yyyy (mặc định: hôm nay)")
        parser.add_argument("--to", dest="to_year", type=int, default=2030)
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args: Any, start: str | None, to_year: int, format: str, **options: Any) -> None:
        day = command_date(start)
        no_data = before_first_data(day)
        if no_data:
            raise CommandError(no_data)
        result = forecast_from(user=SYSTEM, start=day, to_year=to_year)
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(f"Dự báo từ ngày {day:%d/%m/%Y} đến năm {to_year} (toàn tỉnh), phương án cơ sở:")
        for line in assumptions(engine_settings(day), result["rates"], day):
            self.stdout.write(f"  - {line}")
        for row in result["baseline"]:
            if row["unit_code"] != "province":
                continue
            share = "—" if row["share_under_40"] is None else f"{row['share_under_40']:.1f}%"
            target = (
                f" (chỉ tiêu {row['target_under_40']}%: {'đạt' if row['meets_under_40'] else 'chưa đạt'})"
                if row["target_under_40"]
                else ""
            )
            self.stdout.write(
                f"  {row['year']}: {row['leaders']} lãnh đạo, "
                f"dưới 40 tuổi {row['leaders_under_40']} ({share}){target}"
            )
        self.stdout.write("Còn thiếu để đạt chỉ tiêu lãnh đạo dưới 40 tuổi (toàn tỉnh):")
        for row in result["outlook"]["province"].values():
            self.stdout.write(f"  {outlook_line(row)}.")
        self.stdout.write(outlook_explained(day))
