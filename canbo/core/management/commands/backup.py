"""canbo backup [--output DIR] [--keep 14,8,12] — one archive of the database and the media folder
(core.backup; docs/operations.md)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from canbo.core.backup import BackupError, backup_create, backup_prune


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _keep(value: str) -> tuple[int, int, int]:
    try:
        daily, weekly, monthly = (int(part) for part in value.split(","))
    except ValueError:
        raise CommandError("--keep nhận ba số: ngày,tuần,tháng (ví dụ 14,8,12).") from None
    if min(daily, weekly, monthly) < 0:
        raise CommandError("--keep: các số không được âm.")
    return daily, weekly, monthly


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và thư mục tệp đính kèm vào một tệp .tar.gz có bản kê và mã SHA-256 "
        "(mặc định trong var/backups/)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--output", help="thư mục ghi bản sao lưu (mặc định var/backups/)")
        parser.add_argument(
            "--keep",
            metavar="NGÀY,TUẦN,THÁNG",
            help="sau khi sao lưu, chỉ giữ bản mới nhất của mỗi ngày, tuần, tháng gần nhất (ví dụ 14,8,12)",
        )

    def handle(self, *args: Any, output: str | None, keep: str | None, **options: Any) -> None:
        rotation = _keep(keep) if keep else None
        output_dir = Path(output) if output else Path(settings.VAR_DIR) / "backups"
        try:
            result = backup_create(output_dir=output_dir, media_root=Path(settings.MEDIA_ROOT))
        except (BackupError, DatabaseError) as error:
            raise CommandError(f"Sao lưu thất bại, không có tệp sao lưu nào được tạo. {error}") from None
        manifest = result.manifest
        self.stdout.write(
            f"Đã sao lưu vào {result.path} ({result.size / 1024 / 1024:.1f} MB; "
            f"{len(manifest.row_counts)} bảng, {_number(sum(manifest.row_counts.values()))} dòng, "
            f"{_number(manifest.media_files)} tệp đính kèm; {result.seconds:.1f} giây)."
        )
        if rotation:
            daily, weekly, monthly = rotation
            removed = backup_prune(output_dir=output_dir, daily=daily, weekly=weekly, monthly=monthly)
            if removed:
                self.stdout.write(
                    f"Đã xóa {len(removed)} bản sao lưu cũ "
                    f"(giữ {daily} ngày, {weekly} tuần, {monthly} tháng)."
                )
