"""canbo indicators --as-of DATE --format json|table|xlsx [--units] [--publish] — the plan's targets on a
date, per department, with the "còn thiếu" of every target year (the page's cards); with --units, the
women test and its counts for every unit of any level. Exact numbers; --publish hides small counts in
the Excel file (a copy for publication)."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from canbo.accounts.system import SYSTEM
from canbo.core.dates import format_date
from canbo.core.entry import command_date
from canbo.core.excel import write_workbook
from canbo.indicators.selectors import targets_on, unit_indicators_on
from canbo.indicators.tables import (
    COLUMNS,
    RULE_LABELS,
    UNIT_COLUMNS,
    export_rows,
    outlook_line,
    with_outlook,
)
from canbo.people.selectors import before_first_data


class Command(BaseCommand):
    help = "Chỉ tiêu của Kế hoạch (mục I.4) vào một ngày, theo từng sở, ban, ngành và toàn tỉnh."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (mặc định: hôm nay)")
        parser.add_argument("--format", choices=["json", "table", "xlsx"], default="table")
        parser.add_argument("--output", help="tệp Excel ghi ra (với --format xlsx)")
        parser.add_argument(
            "--units",
            action="store_true",
            help="tiêu chí nữ và các số đếm cho mọi đơn vị, mọi cấp (sở, phòng, huyện, xã ...)",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="bản công bố: tệp Excel ghi số từ 1 đến 4 là “<5” (mặc định: số chính xác)",
        )

    def handle(
        self,
        *args: Any,
        as_of: str | None,
        format: str,
        output: str | None,
        units: bool,
        publish: bool = False,
        **options: Any,
    ) -> None:
        date = command_date(as_of)
        no_data = before_first_data(date)
        if no_data:
            raise CommandError(no_data)
        if units:
            self._units(date, format, output, publish)
            return
        data = targets_on(user=SYSTEM, as_of=date)
        result, outlook = data["result"], data["forecast"]["outlook"]
        if format == "json":
            payload = {**result, "outlook": outlook}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
            return
        rows = export_rows(with_outlook(result["departments"], outlook), COLUMNS, publish=publish)
        if format == "xlsx":
            path = Path(output or f"chi-tieu-{date:%Y%m%d}.xlsx")
            path.write_bytes(write_workbook([("Chỉ tiêu", [label for _, label in COLUMNS], rows)]))
            self.stdout.write(f"Đã ghi {path}.")
            return
        province = result["province"]
        self.stdout.write(f"Chỉ tiêu ngày {format_date(date)} — {len(rows)} cơ quan")
        share_of = "—" if province["international_share"] is None else f"{province['international_share']}%"
        for d in result["departments"]:
            share = "—" if d["share_under_40"] is None else f"{d['share_under_40']:.1f}%"
            self.stdout.write(
                f"{d['unit_code']:<12} lãnh đạo {d['leaders']:>3}, "
                f"dưới 40: {d['leaders_under_40']:>2} ({share:>6}); "
                f"nữ: {RULE_LABELS[d['women_rule']]}; DTTS {d['ethnic_minority_leaders']}; {d['unit_name']}"
            )
        self.stdout.write(
            f"Toàn tỉnh: {province['leaders']} lãnh đạo, {province['leaders_under_40']} dưới 40 tuổi "
            f"({province['share_under_40']}%). Làm việc được trong môi trường quốc tế: "
            f"{province['international_capable']}/{province['staff_counted_for_international']} cán bộ, "
            f"công chức ({share_of})."
        )
        for row in outlook["province"].values():
            self.stdout.write(f"Chỉ tiêu dưới 40 tuổi {outlook_line(row)}.")

    def _units(self, date: Any, format: str, output: str | None, publish: bool) -> None:
        result = unit_indicators_on(user=SYSTEM, as_of=date)
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
            return
        if format == "xlsx":
            rows = export_rows(result["units"], UNIT_COLUMNS, publish=publish)
            path = Path(output or f"tieu-chi-nu-don-vi-{date:%Y%m%d}.xlsx")
            path.write_bytes(write_workbook([("Tiêu chí nữ", [label for _, label in UNIT_COLUMNS], rows)]))
            self.stdout.write(f"Đã ghi {path}.")
            return
        rules = result["women_rule"]
        self.stdout.write(f"Tiêu chí nữ ngày {format_date(date)} — {len(result['units'])} đơn vị")
        for d in result["units"]:
            share = "—" if d["women_share"] is None else f"{d['women_share']:.1f}%"
            self.stdout.write(
                f"{'  ' * d['depth']}{d['unit_code']:<14} {d['headcount']:>6} người, "
                f"nữ {d['women_staff']}/{d['staff_counted_for_women']} ({share:>6}); "
                f"lãnh đạo {d['leaders']}, nữ {d['female_leaders']}: {RULE_LABELS[d['women_rule']]}; "
                f"{d['unit_name']}"
            )
        self.stdout.write(
            f"Đạt: {rules['met']}, chưa đạt: {rules['violated']}, không áp dụng: {rules['not_applicable']}."
        )
