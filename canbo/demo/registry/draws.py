"""What the demo province's people are drawn from: the data files (demo/data/names.toml,
agencies.toml, population.toml) as weighted choices, built once per generation."""

import itertools
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from canbo.demo.tables import table

T = TypeVar("T")

# Roles of a person in the demo: the agency's head, a deputy, a division head or deputy, the others.
HEAD, DEPUTY, DIV_HEAD, DIV_DEPUTY, STAFF = range(5)
ROLE_NAMES = {
    "head": HEAD,
    "deputy": DEPUTY,
    "division_head": DIV_HEAD,
    "division_deputy": DIV_DEPUTY,
    "staff": STAFF,
}

# Ethnic groups the names, hometowns and religions depend on (codes of people.catalogues).
KINH, HOA, CHAM, RAGLAI = "01", "04", "17", "21"

EVALUATION_LEVELS = ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")


class Pick(Generic[T]):
    """A weighted choice: pick(r) with r = rng.random()."""

    __slots__ = ("cum", "values")

    def __init__(self, pairs: Iterable[Sequence[Any]]) -> None:
        items = [(v, w) for v, w in pairs if w > 0]
        self.values: list[T] = [v for v, _ in items]
        acc = list(itertools.accumulate(w for _, w in items))
        self.cum = [a / acc[-1] for a in acc]
        self.cum[-1] = 1.0

    def __call__(self, r: float) -> T:
        return self.values[bisect_right(self.cum, r)]


def _by_role(weights: dict[str, Any]) -> dict[int | str, Pick[str]]:
    """Weighted choices keyed by role (ROLE_NAMES), or by the key itself for the others."""
    return {ROLE_NAMES.get(key, key): Pick(pairs) for key, pairs in weights.items()}


# --- Agencies ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyProfile:
    """An agency's size and make-up (agencies.toml)."""

    headcount: int  # relative size (public-service units included)
    women: float  # share of women among the staff
    staff: tuple[float, float, float, float]  # non-leaders: can_bo, cong_chuc, vien_chuc, nguoi_lao_dong
    ethnic: str  # key of the ethnic mixes
    fields: str  # key of the fields of study
    divisions: tuple[tuple[str, float], ...]  # division-head posts besides the specials, weighted
    languages: float  # how much likelier than usual its people have English at level 4+
    woman_leader: bool | None  # a woman among the head and deputies (None: drawn, 80 %)


def _profile(data: dict[str, Any], staff: dict[str, Any], divisions: dict[str, Any]) -> AgencyProfile:
    shares = data["staff"]
    kinds = data.get("divisions", "divisions")
    return AgencyProfile(
        headcount=data["headcount"],
        women=data["women"],
        staff=tuple(staff[shares] if isinstance(shares, str) else shares),  # type: ignore[arg-type]
        ethnic=data["ethnic"],
        fields=data["fields"],
        divisions=tuple(
            (post, weight) for post, weight in (divisions[kinds] if isinstance(kinds, str) else kinds)
        ),
        languages=data.get("languages", 1.0),
        woman_leader=data.get("woman_leader"),
    )


@dataclass(frozen=True)
class Posts:
    """The leadership posts of the agencies (agencies.toml [posts]), as post catalogue codes."""

    top: dict[str, tuple[str, str]]  # head and deputy, by unit code
    top_by_kind: dict[str, tuple[str, str]]  # head and deputy, by unit kind
    special_divisions: dict[str, tuple[str, ...]]  # by unit kind
    no_special_divisions: frozenset[str]  # unit codes
    deputy_of: dict[str, str]  # division head → deputy
    head_of: dict[str, str]  # division deputy → head
    public_service: frozenset[str]
    abbreviations: dict[str, str]  # unit code → how its decisions are signed


class Agencies:
    """The agency profiles and posts (agencies.toml)."""

    def __init__(self) -> None:
        data = table("agencies")
        staff, divisions = data["staff"], data["divisions"]
        self.profiles = {code: _profile(p, staff, divisions) for code, p in data["profiles"].items()}
        self.kind_profiles = {
            kind: _profile(p, staff, divisions) for kind, p in data["kind_profiles"].items()
        }
        posts = data["posts"]
        self.posts = Posts(
            top={code: (head, deputy) for code, (head, deputy) in posts["top"].items()},
            top_by_kind={kind: (head, deputy) for kind, (head, deputy) in posts["top_by_kind"].items()},
            special_divisions={kind: tuple(codes) for kind, codes in posts["special_divisions"].items()},
            no_special_divisions=frozenset(posts["no_special_divisions"]),
            deputy_of=dict(posts["deputy_of"]),
            head_of={deputy: head for head, deputy in posts["deputy_of"].items()},
            public_service=frozenset(posts["public_service"]),
            abbreviations=dict(data["abbreviations"]),
        )

    def profile(self, code: str, kind: str) -> AgencyProfile:
        """The agency's own profile, else its kind's (a department's for any other kind)."""
        return self.profiles.get(code) or self.kind_profiles.get(kind, self.kind_profiles["so_nganh"])


# --- Names ---------------------------------------------------------------------------------------


class Names:
    """Name patterns per ethnic group (names.toml; DATA.md "Names, for the demo province")."""

    def __init__(self) -> None:
        data = table("names")
        kinh, cham, raglai = data["kinh"], data["cham"], data["raglai"]
        self.kinh_family: Pick[str] = Pick(kinh["family"])
        self.cham_family: Pick[str] = Pick(cham["family"])
        self.hoa_family: Pick[str] = Pick(data["hoa"]["family"])
        self.clans: Pick[str] = Pick(raglai["clans"])
        self.women_middle: Pick[str] = Pick(kinh["women_middle"])
        self.men_middle: Pick[str] = Pick(kinh["men_middle"])
        self.cham_women_middle: Pick[str] = Pick(cham["women_middle"])
        self.cham_men_middle: Pick[str] = Pick(cham["men_middle"])
        self.women_given: tuple[str, ...] = tuple(kinh["women_given"])
        self.men_given: tuple[str, ...] = tuple(kinh["men_given"])
        self.raglai_women: tuple[str, ...] = tuple(raglai["women_given"])
        self.raglai_men: tuple[str, ...] = tuple(raglai["men_given"])
        self.raglai_thi: float = raglai["women_with_thi"]

    def make(self, r: Callable[[], float], ethnicity: str, male: bool) -> str:
        """A full name for a person of the group and sex, drawn with r()."""
        if ethnicity == RAGLAI:
            given = self.raglai_men if male else self.raglai_women
            name = given[int(r() * len(given))]
            if not male and r() < self.raglai_thi:
                return f"{self.clans(r())} Thị {name}"
            return f"{self.clans(r())} {name}"
        given = self.men_given if male else self.women_given
        index = int(r() * len(given))
        if ethnicity == CHAM:
            middle = self.cham_men_middle(r()) if male else self.cham_women_middle(r())
            family = self.cham_family(r())
        else:
            family = self.hoa_family(r()) if ethnicity == HOA else self.kinh_family(r())
            middle = self.men_middle(r()) if male else self.women_middle(r())
        name = given[index]
        if middle.rsplit(" ", 1)[-1] == name:  # not "Thị Thu Thu"
            name = given[index - 1]
        return f"{family} {middle} {name}"


# --- The population ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rank:
    """A civil-service rank and its salary scale (population.toml [ranks])."""

    code: str
    name: str
    first: Decimal  # coefficient of the first step
    step: Decimal  # added at each step
    steps: int


class Population:
    """Who the people are (population.toml): each table as the choice the generator makes."""

    def __init__(self) -> None:
        data = table("population")
        self.ethnic_mix: dict[str, dict[str, float]] = data["ethnic_mix"]
        self.other_minorities: Pick[str] = Pick(data["ethnic"]["other_minorities"])
        self.religions: dict[str, Pick[str]] = {group: Pick(p) for group, p in data["religions"].items()}
        places = data["places"]
        self.ninh_thuan_places: tuple[str, ...] = tuple(places["ninh_thuan"])
        self.provinces: Pick[str] = Pick(places["other_provinces"])
        self.cham_places: Pick[str] = Pick(places["cham"])
        self.raglai_places: Pick[str] = Pick(places["raglai"])
        self.district_place: dict[str, str] = places["district"]
        self.fields: dict[str, tuple[str, ...]] = {key: tuple(f) for key, f in data["fields"].items()}
        self.qualifications: dict[str, Pick[str]] = {k: Pick(p) for k, p in data["qualifications"].items()}
        self.theory = _by_role(data["theory"])
        self.state_management = _by_role(data["state_management"])
        self.it_levels: Pick[str] = Pick(data["it_levels"]["levels"])
        languages = data["languages"]
        self.english: Pick[int] = Pick(languages["english"])
        self.english_b2: Pick[int] = Pick(languages["english_b2"])
        self.teacher_english: Pick[int] = Pick(languages["teacher_english"])
        self.b2_chance: float = languages["b2_chance"]
        self.b2_by_qualification: dict[str, float] = languages["b2_by_qualification"]
        self.language_teachers = frozenset(languages["teacher_fields"])
        self.other_language: Pick[str] = Pick(languages["other"])
        self.abroad: tuple[tuple[str, str], ...] = tuple(
            (country, lang) for country, lang in languages["abroad"]
        )
        self.degree_names: dict[str, str] = languages["degree_names"]
        self.ranks = {key: Rank(r["code"], r["name"], Decimal(r["first"]), Decimal(r["step"]), r["steps"])
                      for key, r in data["ranks"].items()}  # fmt: skip
        self.evaluation: dict[str, Pick[int]] = {
            key: Pick(enumerate(weights)) for key, weights in data["evaluations"].items()
        }
        ages = data["ages"]
        self.ages: dict[str, Pick[tuple[int, int]]] = {
            key: Pick(((low, high), weight) for low, high, weight in ages[key])
            for key in ("staff", "top", "division")
        }
        self.young_leader: tuple[int, int] = tuple(ages["young_leader"])  # type: ignore[assignment]
        self.young_share = {ROLE_NAMES[role]: share for role, share in ages["young_share"].items()}
        self.conclusions = {True: data["conclusions"]["met"], False: data["conclusions"]["not_met"]}
