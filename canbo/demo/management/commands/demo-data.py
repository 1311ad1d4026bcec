"""canbo demo-data --persons N --seed S [--replace]: the demo province's personnel registry
(demo.registry.generate)."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from canbo.accounts.system import SYSTEM
from canbo.demo.registry import delete_demo_people, generate
from canbo.people.models import Person


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Tạo sổ cán bộ mẫu của tỉnh Ninh Thuận ngày 01/01/2022 (cùng seed cho cùng dữ liệu), rồi chuyển "
        "theo các đợt sắp xếp năm 2025."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--persons", type=int, default=15000, help="số người (mặc định 15000)")
        parser.add_argument("--seed", type=int, default=2022, help="hạt giống ngẫu nhiên (mặc định 2022)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="xóa người của dữ liệu mẫu đã tạo trước rồi tạo lại, khi sổ cán bộ đã có người",
        )

    def handle(self, *args: Any, persons: int, seed: int, replace: bool, **options: Any) -> None:
        if persons < 1:
            raise CommandError("Số người (--persons) phải lớn hơn 0.")
        started = time.monotonic()
        try:
            with transaction.atomic():
                existing = Person.objects.count()
                if existing and not replace:
                    raise CommandError(
                        f"Sổ cán bộ đã có {_number(existing)} người: không tạo dữ liệu mẫu chồng lên. "
                        "Dùng --replace để xóa dữ liệu mẫu cũ rồi tạo lại."
                    )
                if existing:
                    deleted = delete_demo_people(actor=SYSTEM)
                    self.stdout.write(
                        f"Đã xóa {_number(deleted)} người của dữ liệu mẫu cũ "
                        f"({time.monotonic() - started:.1f} giây)."
                    )
                    started = time.monotonic()
                counts = generate(persons, seed, SYSTEM, progress=self._progress)
        except ValueError as error:
            raise CommandError(str(error)) from None
        elapsed = time.monotonic() - started
        n = {key: _number(value) for key, value in counts.items()}
        self.stdout.write(
            f"Đã tạo {n['people']} người (seed {seed}): {n['leaders']} giữ chức vụ lãnh đạo, "
            f"{n['women']} nữ, {n['minorities']} người dân tộc thiểu số, {n['without_cccd']} chưa có số CCCD."
        )
        self.stdout.write(
            f"{n['assignments']} quá trình công tác, {n['languages']} ngoại ngữ, "
            f"{n['evaluations']} kết quả xếp loại, {n['planning']} quy hoạch, "
            f"{n['political_conclusions']} kết luận tiêu chuẩn chính trị, {n['trainings']} khóa đào tạo; "
            f"{n['assignments_moved']} quá trình công tác chuyển theo sắp xếp tổ chức năm 2025."
        )
        people = counts["people"]
        generating = max(counts["generate_ms"], 1) / 1000
        self.stdout.write(
            f"Thời gian: {elapsed:.1f} giây ({_number(int(people / elapsed))} người/giây), trong đó tạo dữ "
            f"liệu {generating:.1f} giây ({_number(int(people / generating))} người/giây, đã theo các "
            f"đợt sắp xếp tổ chức năm 2025 khi ghi), chuyển người đã có trong sổ theo sắp xếp tổ chức "
            f"{counts['follow_ms'] / 1000:.1f} giây."
        )

    def _progress(self, done: int) -> None:
        self.stdout.write(f"  … {_number(done)} người")
        self.stdout.flush()
