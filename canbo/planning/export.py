"""The pools as an Excel file: one row per member, and the structure of each pool and of the roll-ups
against their targets. No per-person sensitive data (ethnicity only as a share)."""

from canbo.core.excel import write_workbook
from canbo.planning.selectors import PoolsView, Share


def _met(share: Share) -> str:
    return {True: "Đạt", False: "Chưa đạt", None: ""}[share.met]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def pools_xlsx(view: PoolsView) -> bytes:
    members = []
    for pool in view.pools:
        for m in pool.members:
            members.append(
                (
                    pool.unit_name,
                    pool.post.name,
                    f"{pool.term_from}–{pool.term_to}",
                    m.person.full_name,
                    m.person.birth_date,
                    "Nữ" if m.woman else "Nam",
                    m.current_post,
                    m.membership.decision_number,
                    m.membership.decision_date,
                    "; ".join(m.missing),
                )
            )
    structure = []
    rows = [
        (p.unit_name, p.post.name, p.term_from, p.term_to, len(p.members), p.structure) for p in view.pools
    ]
    rows += [
        (r.label, "(tổng hợp cơ quan)", r.term_from, r.term_to, r.people, r.structure) for r in view.by_agency
    ]
    rows += [(r.label, "(tổng hợp)", r.term_from, r.term_to, r.people, r.structure) for r in view.by_term]
    for name, post, term_from, term_to, people, shares in rows:
        for share in shares:
            structure.append(
                (
                    name,
                    post,
                    f"{term_from}–{term_to}",
                    people,
                    share.label,
                    share.count,
                    _rounded(share.percent),
                    _rounded(share.target_percent),
                    _met(share),
                    share.source,
                )
            )
    return write_workbook(
        [
            (
                "Thành viên quy hoạch",
                [
                    "Đơn vị",
                    "Chức danh quy hoạch",
                    "Nhiệm kỳ",
                    "Họ và tên",
                    "Ngày sinh",
                    "Giới tính",
                    "Chức vụ hiện nay",
                    "Số quyết định",
                    "Ngày quyết định",
                    "Chưa đạt chuẩn đào tạo",
                ],
                members,
            ),
            (
                "Cơ cấu",
                [
                    "Đơn vị",
                    "Chức danh",
                    "Nhiệm kỳ",
                    "Số người",
                    "Chỉ tiêu",
                    "Số người đạt",
                    "Tỷ lệ (%)",
                    "Chỉ tiêu (%)",
                    "Kết quả",
                    "Căn cứ",
                ],
                structure,
            ),
        ]
    )
