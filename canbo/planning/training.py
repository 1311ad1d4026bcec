"""The training a pool member should have for the post they are planned for (the plan's task III.7.c:
train the people in the planning pool to the standards of their post): political theory, state
management, defence and security — by the post's leadership level.

UNVERIFIED. Our reading of the standards of leadership posts, to be confirmed by Sở Nội vụ against the
texts: Regulation 89-QĐ/TW (2017, the framework of standards of leaders at each level), the standards of
heads and deputies of provincial departments and of divisions set by the province, and Decree
139/2020/NĐ-CP (defence and security education of cadres: each leadership level has its course). None of
them was read for this table; the levels are those most provinces write into their standards."""

from dataclasses import dataclass

from canbo.people.choices import PostLevel


@dataclass(frozen=True)
class Requirement:
    political_theory: str  # a code of people.catalogues.POLITICAL_THEORY: at least its rank
    state_management: str  # a code of people.catalogues.STATE_MANAGEMENT: at least its rank
    defence: bool  # a completed "Quốc phòng - an ninh" course (people.TrainingKind.DEFENCE)


SOURCE = (
    "Tiêu chuẩn chức danh lãnh đạo, quản lý (Quy định 89-QĐ/TW; Nghị định 139/2020/NĐ-CP về bồi dưỡng "
    "kiến thức quốc phòng, an ninh) — cách hiểu của hệ thống, chưa kiểm chứng"
)

REQUIRED: dict[str, Requirement] = {
    PostLevel.AGENCY_HEAD: Requirement("cao_cap", "chuyen_vien_chinh", True),
    PostLevel.AGENCY_DEPUTY: Requirement("cao_cap", "chuyen_vien_chinh", True),
    PostLevel.DIVISION_HEAD: Requirement("trung_cap", "chuyen_vien", True),
    PostLevel.DIVISION_DEPUTY: Requirement("trung_cap", "chuyen_vien", True),
}
