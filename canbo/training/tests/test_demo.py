"""The demo's training (canbo/demo/training.py) on a small registry: the catalogue, the 2026 classes,
the completed B2 class counting its learners from the certificate date, the 2026 plan, idempotent."""

import datetime as dt

import pytest

from canbo.accounts.system import SYSTEM
from canbo.demo.training import demo_training
from canbo.people.models import LanguageSkill
from canbo.training.choices import ClassStatus, NeedSource
from canbo.training.documents import plan_docx
from canbo.training.models import TrainingClass, TrainingPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(make_person, home_affairs) -> dict[str, int]:
    for n in range(12):
        make_person(f"Công Chức {n}", code=("KH.STC", "KH.SYT", "KH.SNV")[n % 3])
    return demo_training(actor=SYSTEM, home_affairs=home_affairs, on=dt.date(2026, 11, 26))


def test_the_demo_training_is_complete_and_idempotent(demo, home_affairs) -> None:
    counts = demo
    assert counts["courses"] == 13 and counts["classes"] == 8 and counts["cohorts"] == 6
    first = TrainingClass.objects.get(name="Tiếng Anh B2 khóa 1/2026")
    assert first.status == ClassStatus.COMPLETED
    certified = LanguageSkill.objects.filter(level=4, certified_on=dt.date(2026, 9, 15))
    assert certified.count() == first.enrolments.filter(status="dat").count() > 0
    assert TrainingClass.objects.get(name="Tiếng Anh B2 khóa 2/2026").status == ClassStatus.RUNNING
    plan = TrainingPlan.objects.get(year=2026)
    assert plan.lines.filter(need=NeedSource.LANGUAGE).count() == 2
    assert plan.lines.get(need=NeedSource.KEY_CADRE_UPDATE).classes.count() == 1
    assert demo_training(actor=SYSTEM, home_affairs=home_affairs, on=dt.date(2026, 11, 26)) == dict.fromkeys(
        counts, 0
    )


def test_the_2026_plan_from_the_demo_needs_opens_in_libreoffice(demo, home_affairs, docx_to_pdf) -> None:
    # Done when: the PL.8 plan for 2026, drafted from the demo's needs, is a Word file LibreOffice opens.
    plan = TrainingPlan.objects.get(year=2026)
    assert docx_to_pdf(plan_docx(user=home_affairs, plan=plan)).startswith(b"%PDF")
