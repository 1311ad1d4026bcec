"""A language level counts from its certificate's date, and the outlook page of the international
share with the language programme (issue 16.3)."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings

from canbo.indicators.engine.international import LanguageCohort
from canbo.indicators.selectors import indicators_on, international_outlook_view
from canbo.indicators.tests.test_views import person
from canbo.people.models import LanguageSkill
from canbo.people.services import posts_ensure

pytestmark = pytest.mark.django_db
CERTIFIED = dt.date(2026, 9, 15)
COHORT: list[LanguageCohort] = []


def programme(*, user: Any) -> list[LanguageCohort]:
    return COHORT


@pytest.fixture
def staff(builtin_org) -> dict[str, Any]:
    posts_ensure()
    return {
        "able": person("Trần Thị Phó", "KH.STC", "nu", dt.date(1975, 5, 1), "pho_giam_doc_so", level=4),
        "learner": person("Phạm Thị A", "KH.STC", "nu", dt.date(1992, 1, 1)),
        "other": person("Đỗ Văn C", "KH.STC", "nam", dt.date(1994, 1, 1)),
        "elsewhere": person("Bùi Thị Y", "KH.SYT", "nu", dt.date(1990, 1, 1)),
    }


def _stc(user: Any, on: dt.date) -> tuple[int, int]:
    row = next(d for d in indicators_on(user=user, as_of=on)["departments"] if d["unit_code"] == "KH.STC")
    return row["international_capable"], row["staff_counted_for_international"]


def test_a_level_4_certificate_counts_from_its_date(staff, make_user) -> None:
    user = make_user("noi_vu", "KH")
    LanguageSkill.objects.create(person=staff["learner"], language="en", level=4, certified_on=CERTIFIED)
    assert _stc(user, CERTIFIED - dt.timedelta(days=1)) == (1, 3)
    assert _stc(user, CERTIFIED) == (2, 3)
    # a level recorded without a date counts on every date, as before
    LanguageSkill.objects.create(person=staff["other"], language="fr", level=5)
    assert _stc(user, dt.date(2026, 1, 1)) == (2, 3)


def test_the_outlook_adds_the_cohort_in_the_users_scope_only(staff, make_user) -> None:
    cohort = LanguageCohort(
        "Tiếng Anh B2 2027",
        dt.date(2027, 6, 30),
        4,
        person_ids=(staff["learner"].pk, staff["able"].pk, staff["elsewhere"].pk),
    )
    province = international_outlook_view(
        user=make_user("noi_vu", "KH"), as_of=dt.date(2026, 1, 1), cohorts=[cohort]
    )
    assert [(p["year"], p["capable"], p["programme_effect"]) for p in province] == [
        (2026, 1, 0), (2027, 1, 2), (2028, 1, 2), (2029, 1, 2), (2030, 1, 2),
    ]  # fmt: skip
    focal = international_outlook_view(
        user=make_user("dau_moi", "KH.STC"), as_of=dt.date(2026, 1, 1), cohorts=[cohort]
    )
    assert focal[-1]["counted"] == 3 and focal[-1]["programme_effect"] == 1  # Sở Y tế's learner is not theirs


@override_settings(CANBO_LANGUAGE_PROGRAMME="canbo.indicators.tests.test_international_page.programme")
def test_the_page_shows_both_outlooks_and_the_cohorts(staff, make_user) -> None:
    COHORT[:] = [LanguageCohort("Tiếng Anh B2 khóa 2027", dt.date(2027, 6, 30), 4, (staff["learner"].pk,), 2)]
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    html = client.get("/chi-tieu/quoc-te/", {"ngay": "01/01/2026"}).content.decode()
    assert 'id="international-data"' in html and "Có chương trình ngoại ngữ" in html
    assert "Tiếng Anh B2 khóa 2027" in html and "30/06/2027" in html
    # 2030: 4 counted, 1 able; with the learner and 2 places: 4 of 4 → 100,0 %
    assert "<td>31/12/2030</td>" in html and "100,0" in html and "25–30 %" in html
    COHORT.clear()
    html = client.get("/chi-tieu/quoc-te/", {"ngay": "01/01/2026"}).content.decode()
    assert 'id="no-cohorts"' in html


@override_settings(CANBO_LANGUAGE_PROGRAMME="canbo.indicators.tests.test_international_page.programme")
def test_the_api_gives_the_same_outlook(staff, make_user) -> None:
    COHORT[:] = [LanguageCohort("Tiếng Anh B2 khóa 2027", dt.date(2027, 6, 30), 4, (staff["learner"].pk,), 2)]
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    points = client.get("/api/indicators/international", {"start": "2026-01-01"}).json()
    COHORT.clear()
    assert [(p["year"], p["counted"], p["capable"], p["programme_effect"]) for p in points] == [
        (2026, 4, 1, 0), (2027, 4, 1, 3), (2028, 4, 1, 3), (2029, 4, 1, 3), (2030, 4, 1, 3),
    ]  # fmt: skip
    assert points[-1]["share_with_programme"] == 100.0 and points[-1]["target"] == [25.0, 30.0]
    bad = client.get("/api/indicators/international", {"start": "2026-01-01", "to": 2020})
    assert bad.status_code in (400, 422)
