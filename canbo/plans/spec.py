"""A plan as rows: what the built-in data and an imported Excel appendix carry."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class TaskRow:
    code: str
    section: str
    title: str
    text: str
    lead: str = ""  # a unit code or a unit name as written
    all_agencies: bool = False
    co_leads: list[str] = field(default_factory=list)
    cooperating: str = ""
    products: list[str] = field(default_factory=list)
    product_text: str = ""
    deadline: str = ""
    detailed_in: str = ""
    notes: str = ""
    level: str = ""  # the level of government its product belongs to (a unit kind), if any
    row: int | None = None
    sheet: str = ""


@dataclass
class TargetRow:
    code: str
    text: str
    indicator: str
    year: int
    threshold: float | None = None
    threshold_to: float | None = None


@dataclass
class PlanSpec:
    code: str
    title: str
    issuer: str
    period_from: int
    period_to: int
    starts_on: dt.date
    number: str = ""
    issuer_unit: str = ""
    issued_on: dt.date | None = None
    issued_text: str = ""
    based_on: list[str] = field(default_factory=list)
    # Who "các cơ quan, đơn vị, địa phương" are: unit kinds directly under the province.
    addressee_kinds: list[str] = field(default_factory=lambda: ["so_nganh", "huyen"])
    sections: list[tuple[str, str]] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)


# Headers of the appendix-shaped Excel template (the shape of the plan's own appendix).
H_NO = "Số TT"
H_TASK = "Nhiệm vụ cụ thể"
H_LEAD = "Cơ quan chủ trì"
H_COOP = "Cơ quan phối hợp"
H_PRODUCT = "Sản phẩm"
H_DEADLINE = "Thời gian hoàn thành"
H_NOTES = "Ghi chú"
