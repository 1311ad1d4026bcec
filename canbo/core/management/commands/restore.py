"""canbo restore ARCHIVE [--yes] [--replace] — verify an archive of `canbo backup`, then restore it
into the configured database and media folder (core.backup; docs/operations.md).

The target must be empty. `--yes` only skips the question; a non-empty target is refused with or
without it. `--replace` allows a non-empty target: its data is first saved to var/backups/ as
canbo-truoc-khoi-phuc-….tar.gz, then replaced (PostgreSQL: in one transaction)."""

import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from canbo.core.backup import BackupError, RestorePlan, RestoreResult


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của canbo backup vào cơ sở dữ liệu đang cấu hình (phải trống; "
        "--replace để thay dữ liệu hiện có, sau khi đã sao lưu nó)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", help="tệp canbo-backup-….tar.gz")
        parser.add_argument("--yes", action="store_true", help="không hỏi xác nhận")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="cho phép thay dữ liệu hiện có (được sao lưu vào var/backups/ trước khi thay)",
        )

    def handle(self, *args: Any, archive: str, yes: bool, replace: bool, **options: Any) -> None:
        started = time.monotonic()
        try:
            with RestorePlan(Path(archive), media_root=Path(settings.MEDIA_ROOT)) as plan:
                manifest = plan.manifest
                verified = time.monotonic() - started
                self.stdout.write(
                    f"Tệp sao lưu hợp lệ (đủ {len(manifest.files)} tệp, đúng mã SHA-256): tạo lúc "
                    f"{manifest.created_at}, {len(manifest.row_counts)} bảng, "
                    f"{_number(sum(manifest.row_counts.values()))} dòng, "
                    f"{_number(manifest.media_files)} tệp đính kèm. "
                    f"Kiểm tra và giải nén: {verified:.1f} giây."
                )
                empty = plan.check_target(replace=replace)  # a non-empty target needs --replace
                if not yes:
                    self._confirm(plan, empty)
                result = plan.run(replace=replace, safety_dir=Path(settings.VAR_DIR) / "backups")
        except BackupError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(f"Lỗi cơ sở dữ liệu đích: {error}".strip()) from None
        self._report(result)

    def _confirm(self, plan: RestorePlan, empty: bool) -> None:
        if not sys.stdin.isatty():
            raise BackupError("Không có bàn phím để xác nhận: chạy lại với --yes. Không có gì thay đổi.")
        name = str(plan.connection.settings_dict["NAME"])
        if empty:
            question = f"Khôi phục vào {plan.target_label} (đang trống)? Gõ “co” để tiếp tục: "
            expected = {"co", "có", "yes", "y"}
        else:
            question = (
                f"THAY TOÀN BỘ dữ liệu của {plan.target_label} và thư mục {plan.media_root} "
                f"(sẽ sao lưu trước vào {Path(settings.VAR_DIR) / 'backups'})? "
                "Gõ tên cơ sở dữ liệu để tiếp tục: "
            )
            expected = {name}
        if input(question).strip().lower() not in {e.lower() for e in expected}:
            raise BackupError("Đã hủy. Không có gì thay đổi.")

    def _report(self, result: RestoreResult) -> None:
        if result.safety_archive:
            self.stdout.write(f"Dữ liệu cũ đã được sao lưu vào {result.safety_archive}.")
        self.stdout.write(f"Đã khôi phục và đếm lại số dòng trong {result.seconds:.1f} giây.")
        if result.pending_migrations:
            self.stdout.write(
                f"Mã nguồn có {result.pending_migrations} migration chưa áp dụng cho dữ liệu này: "
                "chạy “canbo migrate”."
            )
        if result.ok:
            total = sum(c or 0 for c in result.counts.values())
            self.stdout.write(
                f"Số dòng khớp với bản kê ở cả {len(result.counts)} bảng ({_number(total)} dòng)."
            )
            return
        for table, expected, found in result.mismatches:
            found_text = "không có bảng" if found is None else f"{_number(found)} dòng"
            self.stderr.write(f"  {table}: bản sao lưu {_number(expected)} dòng, sau khôi phục {found_text}")
        raise CommandError(f"Số dòng của {len(result.mismatches)} bảng không khớp với bản kê.")
