"""canbo demo load — the built-in organisation and plan, the demo users, their reports, the demo
province's people, the yearly snapshots and the 2026 evaluations (idempotent)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from canbo.accounts.choices import Role
from canbo.accounts.services import role_grant, user_ensure
from canbo.accounts.system import SYSTEM
from canbo.demo.evaluation import demo_evaluations
from canbo.demo.plan_reports import demo_plan_activity
from canbo.demo.positions import demo_positions
from canbo.demo.recruitment import demo_recruitment
from canbo.demo.registry import generate
from canbo.demo.registry.agencies import DEMO_TODAY
from canbo.demo.training import demo_training
from canbo.indicators.models import Snapshot
from canbo.org.models import Unit
from canbo.people.models import Person
from canbo.plans.services import notifications_mark_read

DEMO_PASSWORD = "canbo-demo-2025"
DEMO_SEED = 2022  # the registry's and the evaluations' random draws
# A focal officer for each of Khánh Hòa's departments (their e-mail goes to the console in the demo).
FOCAL_UNITS = [
    "KH.VP",
    "KH.TTR",
    "KH.SNV",
    "KH.STP",
    "KH.SCT",
    "KH.SNNMT",
    "KH.SXD",
    "KH.SKHCN",
    "KH.SVHTTDL",
    "KH.SGDDT",
    "KH.SYT",
    "KH.SDTTG",
]
DEMO_USERS = [
    # username, full name, role, unit code
    ("quantri", "Nguyễn Văn Quản", Role.ADMIN, None),
    ("noivu", "Trần Thị Nội", Role.HOME_AFFAIRS, "KH"),
    ("taichinh", "Lê Minh Tài", Role.FOCAL, "KH.STC"),
    ("lanhdao", "Phạm Quốc Lãnh", Role.LEADER, "KH"),
    ("nhaplieu", "Huỳnh Thị Nhập", Role.HOME_AFFAIRS, "KH"),
]


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn: cơ cấu tổ chức có sẵn và các tài khoản thử."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--persons", type=int, default=15_000, help="số hồ sơ cán bộ trình diễn")
        parser.add_argument(
            "--only-accounts-and-plan",
            action="store_true",
            help="chỉ cơ cấu tổ chức, tài khoản, kế hoạch và báo cáo, số liệu chỉ tiêu hằng năm: không tạo "
            "hồ sơ cán bộ, vị trí việc làm, đánh giá, tuyển dụng, đào tạo (cho sổ 2.000.000 người có sẵn)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("org", "load", "builtin", stdout=self.stdout, stderr=self.stderr)
        users = {}
        for username, full_name, role, code in DEMO_USERS:
            user = user_ensure(
                actor=SYSTEM,
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                email=f"{username}@canbo.local",
                superuser=role == Role.ADMIN,
            )
            unit = Unit.objects.get(code=code) if code else None
            role_grant(actor=SYSTEM, user=user, role=role, unit=unit)
            users[username] = user
        focal_for = {Unit.objects.get(code="KH.STC").pk: users["taichinh"]}
        for code in FOCAL_UNITS:
            username = "daumoi." + code.split(".")[1].lower()
            user = user_ensure(
                actor=SYSTEM,
                username=username,
                password=DEMO_PASSWORD,
                full_name=f"Cán bộ đầu mối {code}",
                email=f"{username}@canbo.local",
            )
            unit = Unit.objects.get(code=code)
            role_grant(actor=SYSTEM, user=user, role=Role.FOCAL, unit=unit)
            focal_for[unit.pk] = user
        call_command("plan", "load", "builtin", stdout=self.stdout, stderr=self.stderr)
        written = demo_plan_activity(officer=users["noivu"], clerk=users["nhaplieu"], focal_for=focal_for)
        if written:
            self.stdout.write(f"Đã ghi {written} báo cáo trình diễn.")
            # The demo's reviews tell of 2022–2025: its users start with nothing unread.
            for user in {*users.values(), *focal_for.values()}:
                notifications_mark_read(actor=user)
        only_accounts_and_plan = options.get("only_accounts_and_plan", False)
        if not only_accounts_and_plan and not Person.objects.exists():
            counts = generate(options["persons"], DEMO_SEED, SYSTEM)
            self.stdout.write(f"Đã tạo {counts['people']} hồ sơ cán bộ của tỉnh trình diễn.")
        if not Snapshot.objects.exists():  # the trend since 2021 on the targets page
            call_command("snapshot", "yearly", stdout=self.stdout, stderr=self.stderr)
        if only_accounts_and_plan:
            # A registry loaded by other means (the 2,000,000-person copy of issue 17): its job positions,
            # evaluations, recruitments and training grow with the registry and are not what is measured.
            self._accounts_listed()
            return
        positions = demo_positions(actor=SYSTEM, on=DEMO_TODAY)
        if positions:
            self.stdout.write(
                f"Đã tạo {positions.get('positions', 0)} vị trí việc làm, "
                f"{positions.get('holdings', 0)} người được bố trí vào vị trí."
            )
        evaluations = demo_evaluations(seed=DEMO_SEED, actor=SYSTEM, home_affairs=users["noivu"])
        if evaluations:
            self.stdout.write(
                f"Đã tạo {evaluations['sheets']} phiếu đánh giá năm 2026, {evaluations['items']} sản phẩm."
            )
        recruited = demo_recruitment(actor=SYSTEM, home_affairs=users["noivu"], on=DEMO_TODAY)
        if recruited:
            self.stdout.write(
                f"Đã tạo {recruited['recruitments']} kỳ tuyển dụng, {recruited['candidates']} thí sinh; "
                f"{recruited['appointed']} người trúng tuyển đã vào hồ sơ."
            )
        training = demo_training(actor=SYSTEM, home_affairs=users["noivu"], on=DEMO_TODAY)
        if training.get("courses"):
            self.stdout.write(
                f"Đã tạo {training['classes']} lớp đào tạo, bồi dưỡng, {training['enrolments']} học viên, "
                f"kế hoạch năm 2026 ({training['plan_lines']} nội dung)."
            )
        self._accounts_listed()

    def _accounts_listed(self) -> None:
        self.stdout.write(f"Tài khoản trình diễn (mật khẩu: {DEMO_PASSWORD}):")
        for username, _, role, code in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role.label}{' — ' + code if code else ''}")
        self.stdout.write("  daumoi.snv, daumoi.syt, … cán bộ đầu mối của từng sở Khánh Hòa")
