"""The agencies of the demo province on 01/01/2022 (org.selectors.agencies_as_of): their size, posts
and decision-makers, where the 2025 restructurings take their people, and who holds which role."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from canbo.demo.registry.draws import (
    DEPUTY,
    DIV_DEPUTY,
    DIV_HEAD,
    HEAD,
    STAFF,
    Agencies,
    AgencyProfile,
    Pick,
    Posts,
)
from canbo.org.models import Restructuring, Unit, UnitVersion
from canbo.org.selectors import agencies_as_of

REFERENCE_DATE = dt.date(2022, 1, 1)  # the day the demo's staff is drawn for
DEMO_TODAY = dt.date(2026, 11, 26)  # the registry's "today": careers are written up to this day
PROVINCE_CODE = "NT"
NEVER = dt.date.max.toordinal()  # the restructuring date of an agency that is never restructured

# (role, post code, forced sex: True male / False female / None) of each person of an agency.
Role = tuple[int, str | None, bool | None]


@dataclass
class Agency:
    unit_id: int
    code: str
    kind: str
    name: str
    short_name: str
    profile: AgencyProfile
    size: int = 0
    issuer: str = ""
    abbreviation: str = ""
    party_issuer: str = ""
    top_posts: tuple[str, str] = ("", "")
    specials: tuple[str, ...] = ()
    # The 2025 restructurings as people_follow_restructurings carries the agency's people: the first and
    # last day its lineage is restructured (NEVER if never), the unit they end up in (None: dissolved),
    # whether other agencies were merged into it, and the successor's name for decisions after `last`.
    first: int = NEVER
    last: int = NEVER
    final_unit_id: int | None = None
    merged: bool = False
    later_issuer: str = ""
    later_abbreviation: str = ""
    horizon: int = 0  # the last day a change of post is written: DEMO_TODAY, or the day before dissolution
    elected: bool = False  # the head and deputies are elected (a district's People's Committee)
    men_only: bool = False  # only men are appointed head or deputy (see roles)


@dataclass(frozen=True)
class Province:
    """Who decides on the heads and deputies: the province's People's Committee, before and after the
    day the province itself is restructured (`change`, NEVER if never)."""

    issuer: str
    issuer_later: str
    change: int

    def issuer_on(self, day: int) -> str:
        return self.issuer_later if day >= self.change else self.issuer


def province_unit() -> Unit:
    unit = Unit.objects.filter(code=PROVINCE_CODE).first()
    if unit is None:
        raise ValueError(
            "Chưa có tỉnh Ninh Thuận (mã NT) trong cơ cấu tổ chức: hãy chạy “canbo org load builtin” trước."
        )
    return unit


def sizes(persons: int, weights: list[int]) -> list[int]:
    """persons split by weight (largest remainder), each agency getting a small floor first."""
    n = len(weights)
    floor = min(6, persons // (2 * n)) if n else 0
    rest = persons - floor * n
    total = sum(weights)
    raw = [rest * w / total for w in weights]
    result = [int(x) for x in raw]
    order = sorted(range(n), key=lambda i: raw[i] - result[i], reverse=True)
    for i in order[: rest - sum(result)]:
        result[i] += 1
    return [s + floor for s in result]


def agencies_of_2022(persons: int, data: Agencies) -> tuple[list[Agency], Province]:
    """The agencies in force on the reference date, each with its share of `persons`, its posts and
    its 2025 restructurings; and the province's decision-makers."""
    units = agencies_as_of(as_of=REFERENCE_DATE)
    if not units:
        raise ValueError(
            "Chưa có cơ cấu tổ chức ngày 01/01/2022: hãy nạp dữ liệu tổ chức trước (canbo org load builtin)."
        )
    versions = {v.unit_id: v for v in UnitVersion.objects.as_of(REFERENCE_DATE).filter(unit__in=units)}
    agencies = []
    for unit in units:
        version = versions[unit.pk]
        agencies.append(
            Agency(
                unit.pk,
                unit.code,
                version.kind,
                version.name,
                version.short_name or version.name,
                data.profile(unit.code, version.kind),
            )
        )
    for agency, size in zip(agencies, sizes(persons, [a.profile.headcount for a in agencies]), strict=True):
        agency.size = size
        _describe(agency, data.posts)
    return agencies, _restructurings(agencies)


def _describe(agency: Agency, posts: Posts) -> None:
    """The agency's posts and how its decisions (and its Party committee's) are signed."""
    district = agency.kind == "huyen"
    kind = "huyen" if district else "so_nganh"
    agency.top_posts = posts.top.get(agency.code) or posts.top_by_kind[kind]
    agency.specials = () if agency.code in posts.no_special_divisions else posts.special_divisions[kind]
    agency.issuer = agency.name
    if district:
        agency.abbreviation = "UBND"
        place = agency.name.split("huyện ", 1)[-1].split("thành phố ", 1)[-1]
        committee = "Thành ủy" if "thành phố" in agency.name else "Huyện ủy"
        agency.party_issuer = f"Ban Thường vụ {committee} {place}"
    else:
        agency.abbreviation = posts.abbreviations.get(
            agency.code, "".join(c for c in agency.short_name if c.isalnum())
        )
        agency.party_issuer = "Đảng ủy Khối các cơ quan tỉnh Ninh Thuận"


def _restructurings(agencies: list[Agency]) -> Province:
    """Where each agency's people go in the 2025 restructurings, walking the events in the order
    people_follow_restructurings does (renames and moves carry nobody)."""
    province = Unit.objects.get(code=PROVINCE_CODE)
    units = [a.unit_id for a in agencies] + [province.pk]
    first = dict.fromkeys(units, NEVER)
    last = dict.fromkeys(units, NEVER)
    current: dict[int, int | None] = {unit_id: unit_id for unit_id in units}
    events = (
        Restructuring.objects.exclude(kind__in=("rename", "move"))
        .prefetch_related("links")
        .order_by("effective_date", "pk")
    )
    for event in events:
        targets: dict[int, int | None] = {}
        for link in event.links.all():
            targets.setdefault(link.predecessor_id, link.successor_id)
        day = event.effective_date.toordinal()
        for unit_id, now in current.items():
            if now is not None and now in targets:
                first[unit_id], last[unit_id] = min(first[unit_id], day), day
                current[unit_id] = None if event.kind == "dissolve" else targets[now]

    def name_on(unit_id: int, day: int) -> UnitVersion:
        return UnitVersion.objects.as_of(dt.date.fromordinal(day)).get(unit_id=unit_id)

    finals = [current[a.unit_id] for a in agencies]
    today = DEMO_TODAY.toordinal()
    for agency in agencies:
        final = current[agency.unit_id]
        agency.first, agency.last, agency.final_unit_id = first[agency.unit_id], last[agency.unit_id], final
        agency.merged = final is not None and finals.count(final) > 1
        agency.horizon = today if final is not None else agency.last - 1
        agency.elected = agency.kind == "huyen"
        if final is not None and agency.last != NEVER:
            successor = name_on(final, agency.last)
            agency.later_issuer = successor.name
            short = successor.short_name or successor.name
            agency.later_abbreviation = "".join(c for c in short if c.isalnum())
    change = last[province.pk]
    issuer = issuer_later = name_on(province.pk, REFERENCE_DATE.toordinal()).name
    final = current[province.pk]
    if final is not None and change != NEVER:
        issuer_later = name_on(final, change).name
    return Province(issuer, issuer_later, change)


def roles(agency: Agency, r: Callable[[], float], deputy_of: dict[str, str]) -> list[Role]:
    """(role, post code, forced sex) for each person of the agency, drawn with r(): the head, two to
    four deputies (districts two or three), 7–9 % leaders in all, two in five of the others division
    heads, the rest their deputies; then everyone else."""
    s = agency.size
    district = agency.kind == "huyen"
    if s == 0:
        return []
    wanted_deputies = 2 + int(r() * (2 if district else 3))  # districts 2–3, departments 2–4
    deputies = min(wanted_deputies, s // 8)
    leaders = max(round(s * (0.07 + 0.02 * r())), 1 + deputies)
    leaders = min(leaders, s)
    division = leaders - 1 - deputies
    division_heads = round(division * 0.4)
    head_post, deputy_post = agency.top_posts
    result: list[Role] = [(HEAD, head_post, None)]
    result += [(DEPUTY, deputy_post, None) for _ in range(deputies)]
    pick: Pick[str] = Pick(agency.profile.divisions)
    heads: list[str] = []
    for i in range(division_heads):
        heads.append(agency.specials[i] if i < len(agency.specials) else pick(r()))
    result += [(DIV_HEAD, post, None) for post in heads]
    for _ in range(division - division_heads):
        head = heads[int(r() * len(heads))] if heads and r() < 0.8 else pick(r())
        result.append((DIV_DEPUTY, deputy_of[head], None))
    result += [(STAFF, None, None)] * (s - len(result))
    # A woman among the agency's leaders: in most agencies whose staff are >= 1/3 women, not all
    # (AgencyProfile.woman_leader, else drawn). An agency without one appoints men to those posts.
    top = 1 + deputies
    women = agency.profile.women
    sexes: list[bool] = [r() >= women * 0.45 for _ in range(top)]
    if women >= 1 / 3:
        woman_leader = agency.profile.woman_leader
        if woman_leader is None:
            woman_leader = r() < 0.8
        if woman_leader:
            if all(sexes):
                sexes[int(r() * top)] = False
        else:
            sexes = [True] * top
            agency.men_only = True
    for i in range(top):
        result[i] = (result[i][0], result[i][1], sexes[i])
    return result


def post_below(agency: Agency, role: int, post: str | None, deputy_of: dict[str, str]) -> str | None:
    """The post a leader held before this one."""
    if role == HEAD:
        return agency.top_posts[1]
    if role == DEPUTY:
        return "truong_phong"
    if role == DIV_HEAD and post in deputy_of:
        return deputy_of[post]
    return "chuyen_vien"


def post_above(agency: Agency, role: int, post: str | None, head_of: dict[str, str]) -> str:
    """The post one level up, for the planning pool."""
    if role == DEPUTY:
        return agency.top_posts[0]
    if role == DIV_HEAD:
        return agency.top_posts[1]
    if role == DIV_DEPUTY and post in head_of:
        return head_of[post]
    return "pho_truong_phong"
