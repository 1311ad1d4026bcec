"""The national database's time windows after a decision (pure: no Django).

Decree 27/2026/NĐ-CP (RULES-2 §6, checked), in force from 01/07/2026:
- art. 18: the managing agency creates the e-dossier within 3 days of the decision to elect, approve,
  appoint, designate or recruit;
- art. 19: data produced by management work is synchronised no later than 1 day after the processing.
Both are counted in days, not working days (the decree says "ngày làm việc" only for the person's own
declaration, art. 19: 3 working days after the e-dossier is created — canbo records no such declaration,
so that window is not checked).

How a period counted in days runs (Civil Code 2015, arts. 147–148; recalled, not re-read for this
module — unchecked): the day of the decision is not counted, the period starts the next day; when its
last day is a weekend day or a public holiday, it ends at the end of the next working day. The working
days are decisions.holidays' (the government's schedule, substitute days and swapped Saturdays)."""

import datetime as dt
from dataclasses import dataclass

from canbo.decisions.holidays import is_working_day

IN_FORCE = dt.date(2026, 7, 1)  # Decree 27/2026/NĐ-CP: in force 01/07/2026 (RULES-2 §0, §6)


@dataclass(frozen=True)
class Window:
    key: str
    days: int
    label: str  # what must be done, in Vietnamese
    source: str


CREATE = Window(
    "tao_lap",
    3,
    "Tạo lập hồ sơ điện tử sau quyết định tuyển dụng, bầu, phê chuẩn, bổ nhiệm, chỉ định",
    "Điều 18 Nghị định 27/2026/NĐ-CP",
)
SYNC = Window(
    "dong_bo",
    1,
    "Cập nhật, đồng bộ dữ liệu phát sinh từ công tác quản lý",
    "Điều 19 Nghị định 27/2026/NĐ-CP",
)


def window_end(decided_on: dt.date, days: int) -> dt.date:
    """The last day on which what follows a decision of `decided_on` is on time, for a period of `days`
    days (Civil Code 2015 arts. 147–148, unchecked): `days` days after the decision day, moved to the
    next working day when that day is a weekend day or a holiday."""
    end = decided_on + dt.timedelta(days=days)
    while not is_working_day(end):
        end += dt.timedelta(days=1)
    return end


def days_late(decided_on: dt.date, recorded_on: dt.date, days: int) -> int:
    """How many days after the window's last day the record was made (0: on time)."""
    return max(0, (recorded_on - window_end(decided_on, days)).days)
