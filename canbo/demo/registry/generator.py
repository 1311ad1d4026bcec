"""The generator of the demo province's registry: agency by agency, person by person, each drawn in
steps — who they are, their birth and identity number, recruitment, category and rank, schooling,
Party membership, the posts they held and will hold, languages and training abroad, evaluations,
the planning pool and the conclusion on political standards. The order of the draws is the demo's
reproducibility: the same seed draws the same people, so a step draws nothing it did not draw before.

Leaders have a career up to DEMO_TODAY (careers.py): posts falling vacant on a retirement are filled
from the level below (_promote, _heir). What happens before an agency's 2025 restructuring is written
at the agency and carried by people.services.people_follow_restructurings; what happens after it is
written at the successor; both are applied to the rows before they are written (Generator._settle)."""

import datetime as dt
import random
from bisect import insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from canbo.core.bulk import large_load
from canbo.demo.registry.agencies import (
    REFERENCE_DATE,
    Agency,
    agencies_of_2022,
    post_above,
    post_below,
    roles,
)
from canbo.demo.registry.careers import (
    APPOINTMENT,
    REAPPOINTMENT,
    RECRUITMENT,
    RETIREMENT,
    TRANSFER,
    Segment,
    Service,
    Vacancy,
    career,
    earliest_birth,
    previous_term,
    service_of,
)
from canbo.demo.registry.draws import (
    CHAM,
    DEPUTY,
    DIV_DEPUTY,
    DIV_HEAD,
    EVALUATION_LEVELS,
    HEAD,
    KINH,
    RAGLAI,
    STAFF,
    Agencies,
    Names,
    Population,
)
from canbo.demo.registry.rows import Dates, Rows, SealedRows, Writer
from canbo.org.choices import RestructuringKind
from canbo.org.models import Restructuring
from canbo.people.choices import AssignmentReason
from canbo.people.models import (
    Assignment,
    Evaluation,
    LanguageSkill,
    Person,
    PlanningMembership,
    PoliticalConclusion,
    Training,
)
from canbo.people.services import posts_ensure
from canbo.people.vnsort import fold, sort_key

CCCD_PROVINCE = "058"  # Ninh Thuận (Circular 07/2016/TT-BCA)
BATCH = 20_000  # people drawn before their rows are written
PROGRESS_EVERY = 100_000
INDEX_BUILD_MEMORY = "512MB"  # PostgreSQL's maintenance_work_mem while generating
SQLITE_CACHE_KIB = -262_144  # PRAGMA cache_size while generating: 256 MiB (negative = KiB)
EVALUATION_YEARS = (2021, 2022, 2023, 2024)
MIN_AGE = 22
LAST_REMOVAL = dt.date(2025, 6, 30).toordinal()  # removals from a planning pool, before the 2025 merger
DEGREES = ("dai_hoc", "thac_si", "tien_si")
# A post nobody took goes to the last person of the level below (or to a non-leader), aged 35 at least
# then, and under 40 with these chances (the plan asks for young leaders; estimates).
HEIR_MIN_AGE = 12784  # days: 35 years
YOUNG_HEIR_HEAD = 0.1
YOUNG_HEIR = 0.4
POOL_2025 = dt.date(2025, 3, 1).toordinal()  # appointments from then on come from the 2025–2030 pool
# Who takes a vacant post (estimates): someone from the next level down, always if under 40, else with
# this chance each; from further down, rarely.
ACCEPT_NEXT_LEVEL = 0.6
ACCEPT_FURTHER = 0.25
ACCEPT_FURTHER_YOUNG = 0.1

PERSON_FIELDS = (
    "id", "full_name", "other_names", "name_fold", "sort_key", "birth_date", "birth_year_only",
    "sex", "ethnicity", "religion", "hometown", "cccd", "unit", "staff_category", "rank_code",
    "rank_name", "salary_step", "salary_coefficient", "general_education", "qualification",
    "qualification_field", "political_theory", "state_management", "it_level", "degree_abroad",
    "party_joined", "party_full", "recruited_on", "version", "created_at", "updated_at",
)  # fmt: skip
REORGANISATION = str(AssignmentReason.REORGANISATION)
# An event that ends the open assignments of a unit: (its place in the order of events, its effective
# date, the successor, whether it ends them without a successor, its decision's number, day and issuer).
Carry = tuple[int, Any, int | None, bool, str, Any, str]
ASSIGNMENT_FIELDS = (
    "person", "unit", "post", "valid_from", "valid_to", "concurrent", "decision_number",
    "decision_date", "decision_issuer", "start_reason", "end_reason",
)  # fmt: skip


@dataclass(slots=True)
class Drawn:
    """One person as the steps of Generator.person draw them. Days are date ordinals."""

    id: int
    agency: Agency
    role: int
    post: str | None  # the post held on the reference date (None: none)
    heir: Vacancy | None  # a vacant post they are drawn to take (Generator._heir)
    male: bool = True
    ethnicity: str = KINH
    religion: str = ""
    full_name: str = ""
    birth: int = 0
    year_only: bool = False
    cccd: str | None = None
    service: Service = field(init=False)  # set with the birth date
    hometown: str = ""
    recruited: int = 0
    appointed: int = 0  # a leader's current term began then
    first_appointed: int = 0  # … and its first term then, if it is the second (0: it is the first)
    reason: str = RECRUITMENT  # how the assignment held on the reference date began
    category: str = ""
    rank: tuple[str, str, int | None, Any] = ("", "", None, None)  # code, name, step, coefficient
    qualification: str = ""
    qualification_field: str = ""
    theory: str = ""
    management: str = ""
    abroad: bool = False
    it_level: str = ""
    party: tuple[Any, Any] = (None, None)  # joined, full member
    segments: list[Segment] = field(default_factory=list)  # the posts held from the reference date on
    promoted: tuple[str, int] | None = None  # (post, day) of an appointment to a vacant post

    @property
    def leader(self) -> bool:
        return self.role != STAFF

    @property
    def top(self) -> bool:
        return self.role in (HEAD, DEPUTY)


class Generator:
    def __init__(self, seed: int, progress: Callable[[int], None] | None) -> None:
        self.rng = random.Random(seed)
        self.progress = progress
        self.names = Names()
        self.population = Population()
        self.agency_data = Agencies()
        self.deputy_of = self.agency_data.posts.deputy_of
        self.name_keys: dict[str, tuple[str, str]] = {}
        self.cccd_used: dict[str, bytearray] = {}
        self.dates = Dates()
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.posts = {code: post.pk for code, post in posts_ensure().items()}
        self.ref = REFERENCE_DATE.toordinal()
        self.earliest = {male: earliest_birth(male, REFERENCE_DATE).toordinal() for male in (True, False)}
        self.latest = dt.date(
            REFERENCE_DATE.year - MIN_AGE, REFERENCE_DATE.month, REFERENCE_DATE.day
        ).toordinal()
        self.services: dict[tuple[int, int, bool], dt.date] = {}
        self.salaries = {
            key: [
                (
                    rank.code,
                    rank.name,
                    step,
                    connection.ops.adapt_decimalfield_value(rank.first + rank.step * (step - 1), 4, 2),
                )
                for step in range(1, rank.steps + 1)
            ]
            for key, rank in self.population.ranks.items()
        }
        self.people = SealedRows(Person, PERSON_FIELDS)
        self.assignments = Rows(Assignment, ASSIGNMENT_FIELDS)
        self.languages = Rows(LanguageSkill, ["person", "language", "level"])
        self.evaluations = Rows(Evaluation, ["person", "year", "level"])
        self.planning = Rows(
            PlanningMembership,
            [
                "person",
                "post",
                "unit",
                "term_from",
                "term_to",
                "decision_number",
                "decision_date",
                "removed_on",
            ],
        )
        self.conclusions = Rows(
            PoliticalConclusion, ["person", "concluded_on", "conclusion", "meets_standard", "issuer"]
        )
        self.trainings = Rows(
            Training, ["kind", "person", "level", "institution", "started_on", "finished_on", "abroad"]
        )
        self.tables = (
            self.people,
            self.assignments,
            self.languages,
            self.evaluations,
            self.planning,
            self.conclusions,
            self.trainings,
        )
        self.writer = Writer()  # the one run() writes through
        self.stats = dict.fromkeys(
            ("leaders", "women", "minorities", "without_cccd", "retired", "reappointed", "promoted"), 0
        )
        # the posts of the agency being generated that are to be filled, by the day they are filled
        self.vacancies: list[Vacancy] = []
        # what is written after people_follow_restructurings, at the successors (see _write_career)
        self.later_close: list[tuple[Any, str, int]] = []
        self.later_retire: list[tuple[int, int]] = []
        self.later_rows: list[tuple[Any, ...]] = []
        # the restructurings the rows follow before they are written (_carry, _settle)
        self.events: list[Restructuring] = []
        self.follow: dict[int, list[Carry]] = {}
        self.file_unit: dict[int, int] = {}  # unit of 2022 → the unit that holds the person's file
        self.moved_by_event: list[int] = []
        self.drawn_assignments = 0  # rows drawn, as counted before: not those the restructurings open

    # --- the whole run ---

    def run(self, persons: int) -> dict[str, int]:
        """Draw and write `persons` people; the counts of rows written and the statistics."""
        agencies, self.province = agencies_of_2022(persons, self.agency_data)
        self.all_agencies = agencies
        self._load_restructurings()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # ids are given here: no one else may take them meanwhile
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(Person._meta.db_table)} IN EXCLUSIVE MODE"
                )
                # the indexes large_load builds again sort in memory (the default 64 MB spills the
                # millions of keys of 2,000,000 people to disk); until the transaction ends
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
            cache_size = None
            if connection.vendor == "sqlite":  # a larger page cache for this connection while inserting
                cursor.execute("PRAGMA cache_size")
                cache_size = int(cursor.fetchone()[0])
                cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
            try:
                self.reserve_cccds(
                    Person.objects.exclude(cccd=None).values_list("cccd", flat=True).iterator()
                )
                self.first_id = self.next_id = (Person.objects.aggregate(m=Max("id"))["m"] or 0) + 1
                self.reported = 0
                # At least `persons` rows go into each of the first three tables, about the share
                # given of them into the others; when that at least doubles a table (a first load), its
                # indexes and keys are built once after the rows (core.bulk, decisions/0007). The
                # writer is left — every row written — before they are built.
                with (
                    large_load(Person, persons),
                    large_load(Assignment, persons),
                    large_load(Evaluation, persons),
                    large_load(LanguageSkill, persons * 7 // 10),
                    large_load(PoliticalConclusion, persons // 10),
                    large_load(PlanningMembership, persons * 7 // 100),
                    large_load(Training, persons * 3 // 100),
                    Writer() as self.writer,
                ):
                    for agency in agencies:
                        self._agency(agency)
                    self._write()
            finally:
                if cache_size is not None:
                    cursor.execute(f"PRAGMA cache_size = {cache_size}")
            if connection.vendor == "postgresql":
                for sql in connection.ops.sequence_reset_sql(no_style(), [Person]):
                    cursor.execute(sql)
        self.last_id = self.next_id - 1
        return {
            "people": self.people.count,
            "assignments": self.drawn_assignments,
            "assignments_moved": sum(self.moved_by_event),
            "languages": self.languages.count,
            "evaluations": self.evaluations.count,
            "planning": self.planning.count,
            "political_conclusions": self.conclusions.count,
            "trainings": self.trainings.count,
            **self.stats,
        }

    def _write(self) -> None:
        self.writer.submit(self.tables)
        done = self.next_id - self.first_id
        if self.progress and done >= self.reported + PROGRESS_EVERY:
            self.reported = done // PROGRESS_EVERY * PROGRESS_EVERY
            self.progress(done)

    def _agency(self, agency: Agency) -> None:
        chunk: list[tuple[int, int, int]] = []  # evaluations of this agency: (person, year, level index)
        self.vacancies = []
        drawn = roles(agency, self.rng.random, self.deputy_of)
        last_of_role = {role: index for index, (role, _, _) in enumerate(drawn)}
        for index, (role, post, sex) in enumerate(drawn):
            heir = None
            if self.vacancies and (role == STAFF or index == last_of_role[role]):
                heir = self._heir(role, post)
            self.person(agency, role, post, sex, chunk, heir)
            if len(self.people.rows) >= BATCH:
                self._evaluations(chunk)
                chunk = []
                self._write()
        self._evaluations(chunk)

    def _evaluations(self, chunk: list[tuple[int, int, int]]) -> None:
        """Keep "xuất sắc" within 20 % of "tốt" in each year of the chunk (a part of one agency,
        so the agency keeps it too): the excess becomes "tốt"."""
        counts = {year: [0, 0, 0, 0] for year in EVALUATION_YEARS}
        for _, year, level in chunk:
            counts[year][level] += 1
        # x excellent of x + g kept if x <= (x + g - x) / 5, i.e. x <= (x + g) / 6
        allowed = {year: (c[0] + c[1]) // 6 for year, c in counts.items() if c[0] > (c[0] + c[1]) // 6}
        if allowed:
            for i, (person, year, level) in enumerate(chunk):
                if level == 0 and year in allowed:
                    if allowed[year] > 0:
                        allowed[year] -= 1
                    else:
                        chunk[i] = (person, year, 1)
        self.evaluations.rows.extend(
            (person, year, EVALUATION_LEVELS[level]) for person, year, level in chunk
        )

    # --- one person ---

    def person(
        self,
        agency: Agency,
        role: int,
        post: str | None,
        forced_male: bool | None,
        evaluations: list[tuple[int, int, int]],
        heir: Vacancy | None = None,
    ) -> None:
        """One person of the agency, with all their rows. `heir`: a vacant post this person is
        appointed to (_heir); they are drawn to fit it."""
        p = Drawn(self.next_id, agency, role, post, heir)
        self.next_id += 1
        self._identity(p, forced_male)
        self._birth_and_cccd(p)
        self._hometown(p)
        self._recruitment(p)
        self._category_and_post(p)
        self._rank(p)
        self._education(p)
        self._party(p)
        self._person_row(p)
        start = len(self.assignments.rows)
        self._career(p)
        self._settle(start)
        self._languages_and_training(p)
        self._yearly_evaluations(p, evaluations)
        self._planning_and_conclusion(p)

    def _identity(self, p: Drawn, forced_male: bool | None) -> None:
        """Sex, ethnic group, religion and name."""
        r = self.rng.random
        profile = p.agency.profile
        if p.heir is not None and p.agency.men_only and p.heir[1] in (HEAD, DEPUTY):
            forced_male = True
        if forced_male is not None:
            p.male = forced_male
        else:
            p.male = r() >= (profile.women * 0.85 if p.leader else profile.women)
        x = r()
        for group, share in self.population.ethnic_mix[profile.ethnic].items():
            if x < share:
                p.ethnicity = self.population.other_minorities(r()) if group == "other" else group
                break
            x -= share
        religions = self.population.religions
        p.religion = religions.get(p.ethnicity, religions["other"])(r())
        p.full_name = self.names.make(r, p.ethnicity, p.male)

    def _birth_and_cccd(self, p: Drawn) -> None:
        """Birth date (for an heir: old enough, with a full term of service left on the day they take
        the post, RULES.md §2), whether only the year is known, and the CCCD number."""
        r = self.rng.random
        birth = self._birth(p.role, p.male)
        if p.heir is not None:
            heir_on = p.heir[0]
            if r() < (YOUNG_HEIR_HEAD if p.heir[1] == HEAD else YOUNG_HEIR):  # 35 to 39 then
                birth = heir_on - HEIR_MIN_AGE - int(r() * 1826)
            for _ in range(50):
                if heir_on - birth >= HEIR_MIN_AGE and self._service(birth, p.male).full_term_left(heir_on):
                    break
                birth = self._birth(p.role, p.male)
        p.year_only = p.heir is None and r() < 0.02
        if p.year_only:
            first_of_year = dt.date(dt.date.fromordinal(birth).year, 1, 1)
            if first_of_year.toordinal() < self.earliest[p.male]:
                first_of_year = dt.date(first_of_year.year + 1, 1, 1)
            birth = first_of_year.toordinal()
        p.birth = birth
        p.cccd = self._cccd(dt.date.fromordinal(birth), p.male) if r() >= 0.05 else None
        p.service = self._service(birth, p.male)

    def _hometown(self, p: Drawn) -> None:
        r = self.rng.random
        population = self.population
        if p.ethnicity == CHAM:
            place = population.cham_places(r())
        elif p.ethnicity == RAGLAI:
            place = population.raglai_places(r())
        elif p.agency.code in population.district_place and r() < 0.6:
            place = population.district_place[p.agency.code]
        elif r() < 0.3:
            place = ""
        else:
            place = population.ninh_thuan_places[int(r() * len(population.ninh_thuan_places))]
        p.hometown = f"{place}, Ninh Thuận" if place else population.provinces(r())

    def _recruitment(self, p: Drawn) -> None:
        """Recruitment at 21½ to 30 (at least 20), before the reference date. A leader's current term
        began in the five years before it, at least two years after recruitment: a first appointment
        if a full term was left (RULES.md §2), else — and for half of those appointed after 45 — the
        second term of a post first held a term earlier (re-appointed, or extended if less than two
        years were left). The elected head and deputies of a district are never re-appointed."""
        r = self.rng.random
        ref = self.ref
        recruited = min(p.birth + 7850 + int(r() * 3100), ref - 30 - int(r() * 300))
        if p.leader:
            p.appointed = ref - 1 - int(r() * 1826)
            if p.heir is not None:  # two years in the post before the appointment to the vacant one
                p.appointed = min(p.appointed, p.heir[0] - 730)
            p.reason = APPOINTMENT
            if not (p.agency.elected and p.top):
                older = p.appointed - p.birth > 16436  # 45 years old
                if not p.service.full_term_left(p.appointed) or (older and r() < 0.5):
                    p.first_appointed = previous_term(p.appointed)
                    p.reason = p.service.at_term_end(p.appointed)
            recruited = min(recruited, (p.first_appointed or p.appointed) - 730 - int(r() * 365))
        recruited = max(recruited, p.birth + 7300)
        if p.heir is not None and not p.leader:
            recruited = min(recruited, p.heir[0] - 730)
        p.recruited = recruited

    def _category_and_post(self, p: Drawn) -> None:
        """Staff category; for the others than leaders, their post (an heir's fits the vacant post)."""
        r = self.rng.random
        if p.top:
            p.category = "can_bo" if p.agency.kind == "huyen" else "cong_chuc"
        elif p.leader:
            p.category = self._category_of(p.post)
        else:
            cb, cc, vc, _ = p.agency.profile.staff
            x = r()
            p.category = (
                "can_bo"
                if x < cb
                else "cong_chuc"
                if x < cb + cc
                else "vien_chuc"
                if x < cb + cc + vc
                else "nguoi_lao_dong"
            )
            if p.heir is not None:
                p.category = self._category_of(p.heir[2])
            if p.category == "cong_chuc":
                x = r()
                p.post = (
                    "chuyen_vien" if x < 0.8 or p.heir is not None else "can_su" if x < 0.95 else "nhan_vien"
                )
            elif p.category == "nguoi_lao_dong":
                p.post = "nhan_vien" if r() < 0.6 else None

    def _rank(self, p: Drawn) -> None:
        """Rank and salary step, of civil servants and cadres only: the step by years since recruitment."""
        if p.category not in ("cong_chuc", "can_bo"):
            return
        r = self.rng.random
        if p.role == HEAD:
            rank = "cvcc" if r() < 0.5 else "cvc"
        elif p.role == DEPUTY:
            rank = "cvcc" if r() < 0.2 else "cvc"
        elif p.leader:
            rank = "cvc" if r() < 0.55 else "cv"
        elif p.post == "can_su":
            rank = "cs"
        elif p.post == "nhan_vien":
            rank = "nv"
        else:
            rank = "cvc" if r() < 0.08 else "cv"
        scale = self.salaries[rank]
        years = (self.ref - p.recruited) // 365
        p.rank = scale[min(len(scale) - 1, years // 3 if rank in ("cv", "cs", "nv") else years // 6)]

    def _education(self, p: Drawn) -> None:
        """Qualification and its field, political theory, state management, a degree from abroad, IT."""
        r = self.rng.random
        population = self.population
        p.qualification = population.qualifications["leader" if p.leader or p.heir is not None else "staff"](
            r()
        )
        fields = population.fields[p.agency.profile.fields]
        if p.qualification not in ("so_cap", "khac"):
            p.qualification_field = fields[int(r() * len(fields))]
        p.theory = population.theory[p.role](r())
        if p.leader:
            p.management = population.state_management[p.role](r())
        else:
            p.management = population.state_management["cong_chuc" if p.category == "cong_chuc" else "other"](
                r()
            )
        p.abroad = r() < (0.08 if p.leader else 0.025)
        p.it_level = population.it_levels(r())

    def _party(self, p: Drawn) -> None:
        """Party membership: joined at 22 to 35, a full member a year later (before the reference date)."""
        r = self.rng.random
        if r() < (0.97 if p.leader else 0.35):
            joined = p.birth + 8000 + int(r() * 5000)
            if joined < self.ref - 30:
                full = joined + 365 + int(r() * 20)
                p.party = (
                    dt.date.fromordinal(joined),  # encrypted dates: their field takes a date
                    dt.date.fromordinal(full) if full < self.ref else None,
                )

    def _person_row(self, p: Drawn) -> None:
        D = self.dates
        full_name = p.full_name
        keys = self.name_keys.get(full_name)
        if keys is None:
            keys = self.name_keys[full_name] = (fold(full_name), sort_key(full_name))
        rank_code, rank_name, salary_step, salary_coefficient = p.rank
        self.people.rows.append(
            (
                p.id, full_name, "", keys[0], keys[1], D[p.birth], p.year_only,
                "nam" if p.male else "nu", p.ethnicity, p.religion, p.hometown, p.cccd,
                self.file_unit.get(p.agency.unit_id, p.agency.unit_id),
                p.category, rank_code, rank_name, salary_step, salary_coefficient, "12/12", p.qualification,
                p.qualification_field, p.theory, p.management, p.it_level, p.abroad, p.party[0], p.party[1],
                D[p.recruited], 1, self.now, self.now,
            )
        )  # fmt: skip
        stats = self.stats
        stats["leaders"] += p.leader
        stats["women"] += not p.male
        stats["minorities"] += p.ethnicity != KINH
        stats["without_cccd"] += p.cccd is None

    # --- the posts held ---

    def _career(self, p: Drawn) -> None:
        """The posts held before the reference date, then the career after it: re-appointments,
        retirement, an appointment to a post left vacant in the agency."""
        if p.leader:
            number, issuer, decided = self._leader_history(p)
        else:
            number, issuer, decided = self._staff_history(p)
        if p.heir is not None:
            p.promoted = self._appoint(p, p.heir)
        elif self.vacancies:
            p.promoted = self._promote(p)
        last = p.segments[-1]
        if last[4] == RETIREMENT:
            self.stats["retired"] += 1
            if p.leader:
                self._vacate(p.agency, p.role, last[0], last[3])
        self._write_career(p, number, issuer, decided)

    def _leader_history(self, p: Drawn) -> tuple[str, str, int]:
        """A leader's post before this one (three in ten), the first term of this post if the current
        one is the second, and the current one's terms; the decision that began the current term."""
        r = self.rng.random
        D = self.dates
        agency = p.agency
        first = p.first_appointed or p.appointed
        decision = self._decision(agency, p.top, p.appointed)
        held_from = max(p.recruited, first - 730 - int(r() * 2200))
        if r() < 0.3 and held_from < first:  # the post held before
            before = post_below(agency, p.role, p.post, self.deputy_of)
            self.assignments.rows.append(
                (
                    p.id, agency.unit_id, self._post_id(before), D[held_from], D[first], False, "", None,
                    "", RECRUITMENT if held_from == p.recruited else APPOINTMENT, APPOINTMENT,
                )
            )  # fmt: skip
        if p.first_appointed:  # the first term of the post
            number, issuer, decided = self._decision(agency, p.top, p.first_appointed)
            self.assignments.rows.append(
                (
                    p.id, agency.unit_id, self._post_id(p.post), D[p.first_appointed], D[p.appointed],
                    False, number, D[decided], issuer, APPOINTMENT, p.reason,
                )
            )  # fmt: skip
        p.segments = self._term_after_term(agency, cast(str, p.post), p.appointed, p.reason, p.service)
        return decision

    def _staff_history(self, p: Drawn) -> tuple[str, str, int]:
        """A non-leader's post since recruitment (one in forty came from another agency) and the
        decision that began it."""
        r = self.rng.random
        D = self.dates
        agency, ref = p.agency, self.ref
        number, issuer = f"{1 + int(r() * 900)}/QĐ-{agency.abbreviation}", agency.issuer
        valid_from, reason = p.recruited, p.reason
        if p.heir is None and r() < 0.025 and ref - p.recruited > 1200:  # transferred from another agency
            other = self.all_agencies[int(r() * len(self.all_agencies))]
            if other is not agency:
                moved = p.recruited + 730 + int(r() * (ref - p.recruited - 1000))
                self.assignments.rows.append(
                    (
                        p.id, other.unit_id, self._post_id(p.post), D[p.recruited], D[moved], False,
                        f"{1 + int(r() * 900)}/QĐ-{other.abbreviation}", D[p.recruited - 10], other.issuer,
                        RECRUITMENT, TRANSFER,
                    )
                )  # fmt: skip
                valid_from, reason = moved, TRANSFER
        decided = valid_from - 5 - int(r() * 20)
        p.segments = [[p.post, valid_from, reason, None, ""]]
        return number, issuer, decided

    def _post_id(self, post: str | None) -> int | None:
        return self.posts[post] if post else None

    def _write_career(self, p: Drawn, number: str, issuer: str, decided: int) -> None:
        """The rows of a career. What starts before the agency's first restructuring is drawn at the
        agency, and still open then if it lasts past that day, so that the restructurings carry it
        (_settle, as people_follow_restructurings would); what happens after the last is kept for
        _settle too, at the successor: closing the row the restructuring opened, and the rows after it.
        A retirement between the two days ends the row the restructuring had opened on that day (changes
        of post are never due then: _shift)."""
        D = self.dates
        agency = p.agency
        rows = self.assignments.rows
        first, last = agency.first, agency.last
        for index, (post, start, reason, end, end_reason) in enumerate(p.segments):
            if index:
                number, issuer, decided = self._decision(agency, post in agency.top_posts, start)
                if reason == REAPPOINTMENT:
                    self.stats["reappointed"] += 1
            post_id = self._post_id(post)
            if start >= first:
                self.later_rows.append(
                    (
                        p.id, agency.final_unit_id, post_id, D[start], None if end is None else D[end],
                        False, number, D[decided], issuer, reason, end_reason,
                    )
                )  # fmt: skip
                continue
            carried = end is not None and (end > first or (end == first and end_reason != RETIREMENT))
            rows.append(
                (
                    p.id, agency.unit_id, post_id, D[start], None if end is None or carried else D[end],
                    False, number, D[decided], issuer, reason, "" if carried else end_reason,
                )
            )  # fmt: skip
            if carried:
                if end_reason == RETIREMENT and end <= last:
                    self.later_retire.append((p.id, end))
                else:
                    self.later_close.append((D[end], end_reason, p.id))

    # --- languages, evaluations, planning ---

    def _languages_and_training(self, p: Drawn) -> None:
        """A degree from abroad (and the language of the country), English, another language."""
        r = self.rng.random
        population = self.population
        languages = self.languages.rows
        abroad_language = ""
        if p.abroad:
            country, abroad_language = population.abroad[int(r() * len(population.abroad))]
            languages.append((p.id, abroad_language, 4 + int(r() * 3)))
            finished = min(p.recruited + 365 + int(r() * max(1, self.ref - p.recruited - 400)), self.ref - 1)
            self.trainings.rows.append(
                (
                    "chuyen_mon", p.id, population.degree_names.get(p.qualification, "Đại học"),
                    f"Trường đại học tại {country}", self.dates[finished - 730], self.dates[finished], True,
                )
            )  # fmt: skip
        if p.qualification_field in population.language_teachers:
            if abroad_language != "en":
                languages.append((p.id, "en", population.teacher_english(r())))
        elif abroad_language != "en" and r() < 0.6:
            # level 4 (B2) and up, the level to work internationally (RULES.md §6), is likelier for the
            # young, the better qualified and in agencies that deal with foreign partners (estimates)
            age = (self.ref - p.birth) // 365
            chance = (
                population.b2_chance
                * p.agency.profile.languages
                * (1.8 if age < 35 else 1.0 if age < 45 else 0.5)
                * population.b2_by_qualification.get(p.qualification, 0.2)
            )
            level = population.english_b2(r()) if r() < chance else population.english(r())
            languages.append((p.id, "en", level))
        if r() < 0.05:
            other_language = population.other_language(r())
            if other_language != abroad_language:
                languages.append((p.id, other_language, 1 + int(r() * 4)))

    def _yearly_evaluations(self, p: Drawn, evaluations: list[tuple[int, int, int]]) -> None:
        """Evaluations 2021–2024, while in service (kept in check per agency by _evaluations)."""
        r = self.rng.random
        pick = self.population.evaluation["leader" if p.leader else "staff"]
        recruited_year = dt.date.fromordinal(p.recruited).year
        retirement_year = p.service.retires.year
        for year in EVALUATION_YEARS:
            if recruited_year < year and retirement_year >= year:
                evaluations.append((p.id, year, pick(r())))

    def _planning_and_conclusion(self, p: Drawn) -> None:
        """The planning pool — for the post they were appointed to, before it (RULES.md §2), else a
        third of the deputies and division heads and a few young graduates — and a conclusion on
        political standards before the first decision that needed one."""
        r = self.rng.random
        role = p.role
        in_pool = r() < (0.35 if role in (DEPUTY, DIV_HEAD, DIV_DEPUTY) else 0.06 if role == STAFF else 0.0)
        age = (self.ref - p.birth) // 365
        if role == STAFF and (age < 28 or age > 45 or p.qualification not in DEGREES):
            in_pool = False
        if p.promoted is not None:
            pools = [self._pool_before(p, *p.promoted)]
        elif in_pool:
            pools = self._pools(p)
        else:
            pools = []
        if p.promoted is not None or (p.leader and r() < 0.9) or (pools and r() < 0.95):
            first_decision = min(pools) if pools else p.first_appointed or p.segments[0][1]
            on = first_decision - 30 - int(r() * 150)
            meets = p.promoted is not None or r() >= 0.005
            self.conclusions.rows.append(
                (
                    p.id, self.dates[max(on, p.recruited + 1)], self.population.conclusions[meets], meets,
                    "Ban Tổ chức Tỉnh ủy Ninh Thuận" if p.top else p.agency.party_issuer,
                )
            )  # fmt: skip

    def _pool_decision_number(self, p: Drawn) -> str:
        r = self.rng.random
        if p.role in (DEPUTY, DIV_HEAD) and p.agency.kind != "huyen":
            return f"{1 + int(r() * 900)}-QĐ/TU"
        return f"{1 + int(r() * 900)}/QĐ-{p.agency.abbreviation}"

    def _pool_before(self, p: Drawn, target: str, on: int) -> int:
        """In the pool of the term in force for the post they are appointed to on `on`; the day of
        the decision."""
        r = self.rng.random
        term_from = 2025 if on >= POOL_2025 else 2020
        decided = min(dt.date(term_from - 1, 1, 1).toordinal() + int(r() * 420), on - 60 - int(r() * 120))
        number = self._pool_decision_number(p)
        decided = max(decided, p.recruited + 1)
        self.planning.rows.append(
            (
                p.id,
                self.posts[target],
                p.agency.unit_id,
                term_from,
                term_from + 5,
                number,
                self.dates[decided],
                None,
            )
        )
        return decided

    def _pools(self, p: Drawn) -> list[int]:
        """In the pool for the post one level up, for the 2020–2025 term, the 2025–2030 one or both
        (those still in service in the term's last year); the days of the decisions."""
        r = self.rng.random
        target = post_above(p.agency, p.role, p.post, self.agency_data.posts.head_of)
        retirement_year = p.service.retires.year
        terms = [t for t in ((2020, 2025), (2025, 2030)) if retirement_year >= t[0] + 4]
        x = r()
        if len(terms) == 2:
            terms = terms if x < 0.4 else terms[:1] if x < 0.7 else terms[1:]
        decisions = []
        for term_from, term_to in terms:
            decided = dt.date(term_from - 1, 1, 1).toordinal() + int(r() * 420)
            if decided <= p.recruited:
                continue
            removed = self.dates[min(decided + 200 + int(r() * 900), LAST_REMOVAL)] if r() < 0.03 else None
            number = self._pool_decision_number(p)
            self.planning.rows.append(
                (
                    p.id, self.posts[target], p.agency.unit_id, term_from, term_to, number,
                    self.dates[decided], removed,
                )
            )  # fmt: skip
            decisions.append(decided)
        return decisions

    # --- dates and numbers ---

    def _service(self, birth: int, male: bool) -> Service:
        """The person's Service; the retirement date worked out once per birth month."""
        date = dt.date.fromordinal(birth)
        key = (date.year, date.month, male)
        retires = self.services.get(key)
        if retires is None:
            retires = self.services[key] = service_of(date, male).retires
        return Service(date, male, retires)

    def _birth(self, role: int, male: bool) -> int:
        """A birth date (ordinal) for the role: 22 to retirement age on the reference date."""
        r = self.rng.random
        population = self.population
        if role == STAFF:
            low, high = population.ages["staff"](r())
        elif r() < population.young_share[role]:
            low, high = population.young_leader
        else:
            low, high = population.ages["top" if role in (HEAD, DEPUTY) else "division"](r())
        first = max(self.earliest[male], self.ref - int((high + 1) * 365.25) + 1)
        last = min(self.latest, self.ref - int(low * 365.25))
        if first > last:
            first = self.earliest[male]
        return first + int(r() * (last - first + 1))

    def _cccd(self, birth: dt.date, male: bool) -> str:
        century_sex = 2 * ((birth.year - 1900) // 100) + (0 if male else 1)
        prefix = f"{CCCD_PROVINCE}{century_sex}{birth.year % 100:02d}"
        used = self.cccd_used.get(prefix)
        if used is None:
            used = self.cccd_used[prefix] = bytearray(125_000)
        r = self.rng.random
        for _ in range(1000):
            serial = int(r() * 1_000_000)
            byte, bit = serial >> 3, 1 << (serial & 7)
            if not used[byte] & bit:
                used[byte] |= bit
                return f"{prefix}{serial:06d}"
        raise RuntimeError(f"Hết số CCCD còn trống cho tiền tố {prefix}.")  # pragma: no cover

    def reserve_cccds(self, numbers: Iterable[str | None]) -> None:
        """Numbers already in the registry are never drawn."""
        for number in numbers:
            if number and len(number) == 12 and number.isdigit():
                used = self.cccd_used.setdefault(number[:6], bytearray(125_000))
                serial = int(number[6:])
                used[serial >> 3] |= 1 << (serial & 7)

    def _decision(self, agency: Agency, top: bool, on: int) -> tuple[str, str, int]:
        """The number, issuer and day of the decision that starts a post on `on`: the province's
        People's Committee for a head or deputy, the agency (or its successor) for the others."""
        r = self.rng.random
        if top:
            issuer = self.province.issuer_on(on)
            number = f"{1 + int(r() * 2800)}/QĐ-UBND"
        elif on >= agency.first:
            issuer, number = agency.later_issuer, f"{1 + int(r() * 900)}/QĐ-{agency.later_abbreviation}"
        else:
            issuer, number = agency.issuer, f"{1 + int(r() * 900)}/QĐ-{agency.abbreviation}"
        return number, issuer, on - 5 - int(r() * 20)

    # --- vacancies ---

    def _category_of(self, post: str | None) -> str:
        """The staff category of the holder of an appointed leadership post."""
        return "vien_chuc" if post in self.agency_data.posts.public_service else "cong_chuc"

    def _shift(self, agency: Agency, day: int) -> int:
        """A decision due while the agency is being restructured (from its first to its last
        restructuring day) is taken by the successor, ten days to three months after the last."""
        if agency.first <= day <= agency.last:
            return agency.last + 10 + int(self.rng.random() * 80)
        return day

    def _term_after_term(
        self, agency: Agency, post: str, start: int, reason: str, service: Service
    ) -> list[Segment]:
        return career(
            post,
            start,
            reason,
            service=service,
            horizon=agency.horizon,
            shift=lambda day: self._shift(agency, day),
            reappointed=not (agency.elected and post in agency.top_posts),
        )

    def _vacate(self, agency: Agency, role: int, post: str, since: int) -> None:
        """A post falls vacant on `since`; it is to be filled one to eight months later from within the
        agency (_promote, _heir), unless that is after the horizon, or the agency was merged by then
        (the merged department has leaders to spare), or it is an elected post."""
        if agency.elected and role in (HEAD, DEPUTY):
            return
        on = self._shift(agency, since + 30 + int(self.rng.random() * 210))
        if on > agency.horizon or (agency.merged and on >= agency.first):
            return
        insort(self.vacancies, (on, role, post))

    def _promote(self, p: Drawn) -> tuple[str, int] | None:
        """Appoint this person to a vacant post one to three levels up, if they fit: the right staff
        category, at least two years in their post, 30 years old, a full term of service left (RULES.md
        §2), a degree for a non-leader, a man if the agency appoints only men. The plan asks for young
        leaders: the next level down is preferred and, there, people under 40 always accept. Changes
        the segments; returns (post, day) or None."""
        r = self.rng.random
        role = p.role
        since_post = p.segments[0][1]
        if role == STAFF and (p.qualification not in DEGREES or p.post not in (None, "chuyen_vien")):
            return None
        for vacancy in self.vacancies:
            on, vacant_role, vacant_post = vacancy
            if not 0 < role - vacant_role <= 3 or p.category != self._category_of(vacant_post):
                continue
            if p.agency.men_only and vacant_role in (HEAD, DEPUTY) and not p.male:
                continue
            if on < since_post + 730 or on - p.birth < 10958 or not p.service.full_term_left(on):
                continue
            young = on - p.birth < 14610  # under 40
            if role == vacant_role + 1:
                accept = 1.0 if young else ACCEPT_NEXT_LEVEL
            else:
                accept = ACCEPT_FURTHER_YOUNG if young else ACCEPT_FURTHER
            if r() < accept:
                return self._appoint(p, vacancy)
        return None

    def _heir(self, role: int, post: str | None) -> Vacancy | None:
        """The vacant post nobody took that this person — the last of their level in the agency, or a
        non-leader — must take: the first one of a level one to three above theirs (and of their
        staff category, for a leader)."""
        for vacancy in self.vacancies:
            _, vacant_role, vacant_post = vacancy
            if 0 < role - vacant_role <= 3 and (
                role == STAFF or self._category_of(post) == self._category_of(vacant_post)
            ):
                return vacancy
        return None

    def _appoint(self, p: Drawn, vacancy: Vacancy) -> tuple[str, int] | None:
        """Appoint the person to the vacant post on the day it is filled, if they have a full term of
        service left then (RULES.md §2): the post they hold that day ends, the new one starts, theirs
        falls vacant. Changes the segments; returns (post, day) or None."""
        on, _, vacant_post = vacancy
        segments = p.segments
        if not p.service.full_term_left(on) or on <= segments[0][1]:
            return None
        self.vacancies.remove(vacancy)
        held = next(s for s in reversed(segments) if s[1] < on)
        del segments[segments.index(held) + 1 :]
        held[3], held[4] = on, APPOINTMENT
        segments += self._term_after_term(p.agency, vacant_post, on, APPOINTMENT, p.service)
        if p.role != STAFF:
            self._vacate(p.agency, p.role, held[0], on)
        self.stats["promoted"] += 1
        return vacant_post, on

    # --- the restructurings, followed before the rows are written ---

    def _load_restructurings(self) -> None:
        """The 2025 restructurings as people.services.people_follow_restructurings applies them (in order
        of effective date; a rename or a move carries nobody; a predecessor goes to its first link's
        successor; a dissolution ends the assignments and hands the files on): which units' open
        assignments each event ends and where it opens them again (self.follow), and where each unit's
        files end up (self.file_unit)."""
        D = self.dates
        self.events = [
            event
            for event in Restructuring.objects.prefetch_related("links").order_by("effective_date", "pk")
            if event.kind not in (RestructuringKind.RENAME, RestructuringKind.MOVE)
        ]
        self.moved_by_event = [0] * len(self.events)
        self.follow = {}
        files: dict[int, int] = {}  # unit of origin → where its files are now
        for index, event in enumerate(self.events):
            targets: dict[int, int | None] = {}
            for link in event.links.all():
                targets.setdefault(link.predecessor_id, link.successor_id)
            date = D[event.effective_date.toordinal()]
            decided = None if event.decision_date is None else D[event.decision_date.toordinal()]
            for predecessor, successor in targets.items():
                ends = successor is None or event.kind == RestructuringKind.DISSOLVE
                self.follow.setdefault(predecessor, []).append(
                    (index, date, successor, ends, event.decision_number, decided, event.decision_issuer)
                )
                if successor is not None:  # Person.objects.filter(unit=predecessor).update(unit=successor)
                    files.setdefault(predecessor, predecessor)
                    for origin, unit in files.items():
                        if unit == predecessor:
                            files[origin] = successor
        self.file_unit = files

    def _carry(self, row: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """An assignment open when the restructurings are followed, and what they make of it: each event
        of its unit dated after it began ends it on its date ("Sắp xếp tổ chức") and opens it again at
        the successor that day, same post, under the event's decision — which the events after may
        carry on in turn. The row itself when no event touches it."""
        out = []
        done = -1
        while True:
            event = next((e for e in self.follow.get(row[1], ()) if e[0] > done and row[3] < e[1]), None)
            if event is None:
                out.append(row)
                return out
            index, date, successor, ends, number, decided, issuer = event
            out.append((*row[:4], date, *row[5:10], REORGANISATION))
            self.moved_by_event[index] += 1
            if ends:
                return out
            row = (row[0], successor, row[2], date, None, row[5], number, decided, issuer, REORGANISATION, "")
            done = index

    def _settle(self, start: int) -> None:
        """The person's assignment rows (from `start` on) as the database held them once the
        restructurings were followed and the changes after them written (the way generate() ran
        before): the open rows carried (_carry); then the row the restructuring opened closed by the
        next change of post, and a retirement due while the agency was being restructured ending the
        row open that day and dropping any after it; then the rows after the restructuring, at the
        successor. Written once, with no UPDATE of rows already in the database."""
        rows = self.assignments.rows
        mine = rows[start:]
        del rows[start:]
        later = self.later_rows
        self.drawn_assignments += len(mine) + len(later)
        if self.follow:
            carried = []
            for row in mine:
                if row[4] is None and row[1] in self.follow:
                    carried += self._carry(row)
                else:
                    carried.append(row)
            mine = carried
        for end, end_reason, _person in self.later_close:  # the person's open row ends
            mine = [(*row[:4], end, *row[5:10], end_reason) if row[4] is None else row for row in mine]
        for _person, day in self.later_retire:
            on = self.dates[day]
            mine = [
                (*row[:4], on, *row[5:10], RETIREMENT) if row[4] is not None and on <= row[4] else row
                for row in mine
                if row[3] < on
            ]
        rows += mine
        rows += later
        self.later_close, self.later_retire, self.later_rows = [], [], []
