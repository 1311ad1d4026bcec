"""The demo's recruitments (issue 16.5), written through the recruitment services as Sở Nội vụ would:

- Sở Nội vụ's first competitive recruitment of the year, finished: notice, applications, both rounds,
  the result and the appointment — its two new civil servants are in the registry from their first day
  (reason tuyển dụng, with their job position and probation).
- Sở Tài chính's recruitment of the year, in progress: notice published, applications in (one candidate
  under 18 is not eligible), round 1 done, round 2 partly scored — with a tie at one position's quota
  that waits for the head's decision.

Dates are counted back from `on` (the demo's day). The job positions are the demo's (demo_positions,
called here when none exist yet). Names and figures are plausible, not real. Idempotent: nothing is
written when a recruitment exists."""

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.db import transaction

from canbo.core.actors import Actor
from canbo.org.models import Unit
from canbo.positions.models import JobPosition
from canbo.recruitment import services
from canbo.recruitment.models import Candidate, Line, Recruitment

logger = logging.getLogger(__name__)
D = dt.timedelta


def _applicant(
    name: str,
    born: str,
    sex: str,
    *,
    ethnicity: str = "01",
    priority: tuple[str, ...] = (),
    qualification: str = "dai_hoc",
    field: str = "",
) -> dict[str, Any]:
    day, month, year = (int(x) for x in born.split("/"))
    return {
        "full_name": name,
        "birth_date": dt.date(year, month, day),
        "sex": sex,
        "ethnicity": ethnicity,
        "priority": list(priority),
        "qualification": qualification,
        "qualification_field": field,
    }


# (line code, applicant, round-1 correct answers, round-2 professional score or None)
Row = tuple[str, dict[str, Any], int | None, str | None]
SNV: list[Row] = [
    ("CM.01", _applicant("Nguyễn Thị Thanh Hương", "14/05/1998", "nu", field="Quản lý nhà nước"), 44, "78"),
    (
        "CM.01",
        _applicant("Trần Quốc Bảo", "02/11/1996", "nam", priority=("nghia_vu_quan_su",), field="Luật"),
        39,
        "71.5",
    ),
    ("CM.01", _applicant("Lê Thị Mỹ Duyên", "23/08/1999", "nu", field="Hành chính học"), 41, "69"),
    ("CM.01", _applicant("Phạm Văn Hậu", "30/01/1997", "nam", field="Luật"), 27, None),
    ("CM.01", _applicant("Võ Thị Ngọc Trâm", "11/03/2000", "nu", field="Quản trị nhân lực"), 35, "47"),
]
STC: list[Row] = [
    ("CM.01", _applicant("Huỳnh Minh Tuấn", "05/07/1995", "nam", field="Tài chính – Ngân hàng"), 46, "82.5"),
    ("CM.01", _applicant("Đặng Thị Thu Hà", "19/12/1997", "nu", field="Kế toán"), 43, "74"),
    (
        "CM.01",
        _applicant("Nguyễn Văn Lộc", "28/02/1996", "nam", priority=("qncn_phuc_vien",), field="Kinh tế"),
        37,
        "66",
    ),
    ("CM.01", _applicant("Bùi Thị Kim Oanh", "09/09/1998", "nu", field="Tài chính công"), 40, None),
    ("CM.01", _applicant("Mai Xuân Trường", "17/04/1999", "nam", field="Kinh tế"), 26, None),
    ("CM.02", _applicant("Trương Thị Lan Anh", "03/06/1997", "nu", field="Kinh tế"), 38, "68"),
    ("CM.02", _applicant("Phan Đức Thịnh", "21/10/1996", "nam", field="Tài chính – Ngân hàng"), 42, "68"),
    (
        "CM.02",
        _applicant(
            "Y Blin Niê", "14/02/1998", "nam", ethnicity="10", priority=("dan_toc_thieu_so",), field="Kinh tế"
        ),
        33,
        "48",
    ),
    ("CM.03", _applicant("Lâm Thị Ngọc Bích", "25/11/1995", "nu", field="Kế toán"), 45, None),
    (
        "CM.03",
        _applicant("Cao Văn Sơn", "08/08/1997", "nam", priority=("nghia_vu_cong_an",), field="Luật kinh tế"),
        36,
        None,
    ),
    (
        "CM.03",
        _applicant("Hồ Thị Thùy Linh", "12/01/2009", "nu", qualification="trung_cap", field="Kế toán"),
        None,
        None,
    ),
]


def _lines(
    recruitment: Recruitment, actor: Actor, unit: Unit, quotas: dict[str, int], conditions: str
) -> dict[str, Line]:
    positions = {
        p.code: p for p in JobPosition.objects.filter(unit=unit, code__in=quotas, valid_to__isnull=True)
    }
    return {
        code: services.line_add(
            actor=actor,
            recruitment=recruitment,
            position=positions[code],
            quota=quota,
            min_qualification="dai_hoc",
            conditions=conditions,
        )
        for code, quota in quotas.items()
        if code in positions
    }


def _run(
    *,
    actor: Actor,
    unit: Unit,
    title: str,
    published: dt.date,
    quotas: dict[str, int],
    conditions: str,
    people: list[Row],
) -> tuple[Recruitment, dict[int, tuple[int | None, str | None]]]:
    """Plan, notice, applications, round 1 — the steps both recruitments share."""
    recruitment = services.recruitment_create(actor=actor, unit=unit, year=published.year, title=title)
    lines = _lines(recruitment, actor, unit, quotas, conditions)
    services.notice_publish(
        actor=actor,
        recruitment=recruitment,
        notice_number=f"{published.month:02d}/TB-{unit.code.split('.')[-1]}",
        published_on=published,
        applications_from=published,
        applications_to=published + D(days=30),
        submit_place=f"Bộ phận tổ chức cán bộ, {unit.code}",
        round_1_on=published + D(days=45),
        round_2_on=published + D(days=66),
        fee="Theo quy định của Bộ Tài chính",
    )
    rows = [(lines[code], data) for code, data, _r1, _r2 in people if code in lines]
    created = services.candidates_add(actor=actor, recruitment=recruitment, rows=rows)
    scores = {
        c.pk: (r1, r2)
        for c, (_code, _data, r1, r2) in zip(created, [p for p in people if p[0] in lines], strict=True)
    }
    services.applications_close(actor=actor, recruitment=recruitment)
    eligible = Candidate.objects.filter(line__recruitment=recruitment, eligible=True)
    services.scores_record(
        actor=actor,
        recruitment=recruitment,
        scores=[(c, {"round_1_correct": scores[c.pk][0]}) for c in eligible if scores[c.pk][0] is not None],
    )
    services.round_1_close(actor=actor, recruitment=recruitment)
    return recruitment, scores


def _round_2(actor: Actor, recruitment: Recruitment, scores: dict[int, tuple[int | None, str | None]]) -> int:
    rows = [
        (c, {"professional": Decimal(scores[c.pk][1] or "0")})
        for c in Candidate.objects.filter(line__recruitment=recruitment, eligible=True).order_by("number")
        if scores[c.pk][1] is not None
    ]
    return services.scores_record(actor=actor, recruitment=recruitment, scores=rows) if rows else 0


@transaction.atomic
def demo_recruitment(*, actor: Actor, home_affairs: Actor, on: dt.date) -> dict[str, int]:
    """Write the demo's two recruitments (nothing when any recruitment exists). `actor` writes the job
    positions if the demo has none yet; `home_affairs` (Sở Nội vụ's officer) runs the recruitments.
    Returns the counts of what was written."""
    if Recruitment.objects.exists():
        return {}
    if not JobPosition.objects.exists():
        from canbo.demo.positions import demo_positions

        demo_positions(actor=actor, on=dt.date(on.year, 1, 1))
    snv, stc = Unit.objects.filter(code="KH.SNV").first(), Unit.objects.filter(code="KH.STC").first()
    if snv is None or stc is None:
        return {}
    counts = {"recruitments": 0, "candidates": 0, "appointed": 0}

    published = on - D(days=200)
    finished, scores = _run(
        actor=home_affairs,
        unit=snv,
        title=f"Thi tuyển công chức Sở Nội vụ đợt 1 năm {published.year}",
        published=published,
        quotas={"CM.01": 2},
        conditions="Tốt nghiệp đại học ngành luật, hành chính, quản lý nhà nước, quản trị nhân lực",
        people=SNV,
    )
    _round_2(home_affairs, finished, scores)
    services.results_publish(
        actor=home_affairs, recruitment=finished, on=published + D(days=80), number="25/TB-SNV"
    )
    people = services.candidates_appoint(
        actor=home_affairs,
        recruitment=finished,
        on=published + D(days=100),
        decision_number="112/QĐ-SNV",
        issuer="Giám đốc Sở Nội vụ",
    )
    counts["appointed"] = len(people)

    published = on - D(days=75)
    running, scores = _run(
        actor=home_affairs,
        unit=stc,
        title=f"Thi tuyển công chức Sở Tài chính năm {published.year}",
        published=published,
        quotas={"CM.01": 2, "CM.02": 1, "CM.03": 1},
        conditions="Tốt nghiệp đại học ngành tài chính, kế toán, kinh tế",
        people=STC,
    )
    _round_2(home_affairs, running, scores)
    counts["recruitments"] = 2
    counts["candidates"] = Candidate.objects.count()
    logger.info("demo recruitment: %s", counts)
    return counts
