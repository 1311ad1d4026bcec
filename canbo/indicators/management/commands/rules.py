"""canbo rules retirement --born DD/MM/YYYY --sex nam|nu — the rules of law, one at a time."""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from canbo.core.dates import format_date, parse_date
from canbo.people.retirement import retirement_date


class Command(BaseCommand):
    help = "Tính theo quy định: ngày nghỉ hưu (Bộ luật Lao động 2019 điều 169; Nghị định 135/2020/NĐ-CP)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="rule", required=True)
        retirement = sub.add_parser("retirement", help="Ngày nghỉ hưu (dd/mm/yyyy).")
        retirement.add_argument("--born", required=True, help="ngày sinh dd/mm/yyyy, hoặc chỉ năm sinh")
        retirement.add_argument("--sex", required=True, choices=["nam", "nu"])

    def handle(self, *args: Any, rule: str, born: str, sex: str, **options: Any) -> None:
        year_only = born.strip().isdigit() and len(born.strip()) == 4
        try:
            birth = parse_date(f"01/01/{born.strip()}" if year_only else born)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        self.stdout.write(format_date(retirement_date(birth, sex == "nam", birth_year_only=year_only)))
