"""`canbo db grant --role canbo_app`: the privileges of the application's PostgreSQL role.

Migrations run as the owner of the tables; the application connects as another role that may read
and write the ordinary tables but only read and add to the append-only ones (core/append_only.py).
Run it as the owner after every `canbo migrate` (docs/operations.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from canbo.core.append_only import append_only_tables, grant_statements


class Command(BaseCommand):
    help = "Quyền của vai trò cơ sở dữ liệu mà ứng dụng dùng (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        grant = sub.add_parser(
            "grant", help="cấp quyền cho vai trò của ứng dụng (chạy bằng vai trò chủ sở hữu)"
        )
        grant.add_argument("--role", required=True, help="vai trò PostgreSQL mà ứng dụng dùng để kết nối")
        grant.add_argument("--owner", help="vai trò chủ sở hữu các bảng (để cấp quyền mặc định về sau)")
        grant.add_argument("--print", action="store_true", dest="print_only", help="chỉ in các lệnh SQL")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "Phân quyền theo vai trò chỉ áp dụng cho PostgreSQL (SQLite là một tệp của dịch vụ)."
            )
        statements = grant_statements(options["role"], options.get("owner"))
        if options["print_only"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        tables = ", ".join(append_only_tables())
        self.stdout.write(
            f"Đã cấp quyền cho vai trò {options['role']}: đọc và ghi các bảng thường; "
            f"chỉ đọc và thêm vào {tables}."
        )
