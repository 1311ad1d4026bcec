"""Reads of the training app, each for a user: the catalogue and the classes (the province's, seen by
every user), the enrolments (only those of the user's part of the organisation), the yearly plan's
progress, the language programme's cohorts for the indicators' outlook, and the key cadres'
knowledge-update classes counted per term."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from canbo.core.scoping import get_scoped_or_404, visible_unit_ids
from canbo.decisions.rulesets import RuleMissing, rule_value
from canbo.indicators.engine.international import LanguageCohort
from canbo.people.models import Person
from canbo.training import rules
from canbo.training.choices import ENROLLED, HOLDS_PLACE, ClassStatus, EnrolmentStatus
from canbo.training.models import Course, Enrolment, PlanLine, ProgrammeCohort, TrainingClass, TrainingPlan

__all__ = [
    "KEY_CADRE_RULE",
    "class_detail",
    "classes_list",
    "courses_list",
    "enrolments_of",
    "key_cadre_terms",
    "language_cohorts",
    "plan_progress",
    "programme_rows",
]

KEY_CADRE_RULE = "training.key_cadre_update_classes_per_term"


def courses_list(*, user: Any, kind: str = "") -> QuerySet[Course]:
    """The catalogue (the province's: every signed-in user reads it)."""
    found = Course.objects.all()
    return found.filter(kind=kind) if kind else found


def classes_list(
    *, user: Any, year: int | None = None, kind: str = "", status: str = ""
) -> QuerySet[TrainingClass]:
    """The province's classes, with the number of places held and, of the user's people, enrolled."""
    scope = visible_unit_ids(user, "view")
    own = (
        Q(enrolments__status__in=HOLDS_PLACE)
        if scope is None
        else Q(enrolments__status__in=HOLDS_PLACE, enrolments__unit_id__in=scope)
    )
    found = TrainingClass.objects.select_related("course", "organiser").annotate(
        held=Count("enrolments", filter=Q(enrolments__status__in=HOLDS_PLACE), distinct=True),
        own=Count("enrolments", filter=own, distinct=True),
    )
    if year:
        found = found.filter(year=year)
    if kind:
        found = found.filter(course__kind=kind)
    if status:
        found = found.filter(status=status)
    return found.order_by("starts_on", "name")


def enrolments_of(*, user: Any, training_class: TrainingClass) -> QuerySet[Enrolment]:
    """The class's learners that the user may see (an agency sees its own people only)."""
    return (
        Enrolment.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(training_class=training_class)
        .select_related("person", "unit", "proposed_by")
        .order_by("person__sort_key", "pk")
    )


@dataclass
class ClassDetail:
    training_class: TrainingClass
    enrolments: list[Enrolment]
    counts: dict[str, int]  # by status, over the whole class (numbers only)
    held: int


def class_detail(*, user: Any, pk: int) -> ClassDetail:
    training_class = TrainingClass.objects.select_related("course", "organiser", "plan_line").get(pk=pk)
    counts = dict(
        Enrolment.objects.filter(training_class=training_class)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return ClassDetail(
        training_class,
        list(enrolments_of(user=user, training_class=training_class)),
        counts,
        sum(n for status, n in counts.items() if status in HOLDS_PLACE),
    )


def enrolment_for(*, user: Any, pk: int, action: str = "view") -> Enrolment:
    return get_scoped_or_404(Enrolment, user, pk, action)  # type: ignore[arg-type]


def proposable_people(
    *, user: Any, training_class: TrainingClass, query: str, limit: int = 20
) -> list[Person]:
    """People of the user's change scope whose name contains `query`, not yet in the class."""
    from canbo.core.text import fold

    text = fold(query).strip()
    if len(text) < 2:
        return []
    taken = Enrolment.objects.filter(training_class=training_class).values("person_id")
    found = (
        Person.objects.restrict(user, "change")  # type: ignore[attr-defined]
        .filter(name_fold__contains=text)
        .exclude(pk__in=taken)
        .select_related("unit")
        .order_by("sort_key")
    )
    return list(found[:limit])


# --- the language programme ------------------------------------------------------------------------


def language_cohorts(*, user: Any) -> list[LanguageCohort]:
    """The programme's cohorts as the indicators' engine counts them (settings.CANBO_LANGUAGE_PROGRAMME):
    the people enrolled by name in a cohort's class (approved, attending or passed; those of the
    user's part of the organisation — the outlook is of that part) and the planned unnamed places. The
    places are the province's: counted only for a user who sees every department (sees_whole_province)."""
    scope = visible_unit_ids(user, "view")
    whole = sees_whole_province(user)
    found: list[LanguageCohort] = []
    cohorts = ProgrammeCohort.objects.select_related("training_class").order_by("completes_on", "name")
    enrolled: dict[int, list[int]] = {}
    class_ids = [c.training_class_id for c in cohorts if c.training_class_id]
    rows = Enrolment.objects.filter(training_class_id__in=class_ids, status__in=ENROLLED)
    if scope is not None:
        rows = rows.filter(unit_id__in=scope)
    for class_id, person_id in rows.values_list("training_class_id", "person_id").order_by("person_id"):
        enrolled.setdefault(class_id, []).append(person_id)
    for cohort in cohorts:
        people = tuple(enrolled.get(cohort.training_class_id or 0, ()))
        found.append(
            LanguageCohort(
                name=cohort.name,
                completes_on=cohort.completes_on,
                level=cohort.level,
                person_ids=people,
                places=cohort.places if whole else 0,
            )
        )
    return found


def sees_whole_province(user: Any) -> bool:
    """Whether the user sees every department in force today (an administrator, Sở Nội vụ over the
    province, a leader of the province): the programme's unnamed places are theirs to count."""
    from canbo.core.dates import today
    from canbo.org.selectors import agencies_as_of

    scope = visible_unit_ids(user, "view")
    return scope is None or all(unit.pk in scope for unit in agencies_as_of(as_of=today()))


@dataclass
class ProgrammeRow:
    cohort: ProgrammeCohort
    named: int
    levels_before: Counter[int | None] = field(default_factory=Counter)
    passed: int = 0
    levels_after: Counter[int] = field(default_factory=Counter)

    @property
    def before(self) -> list[tuple[int | None, int]]:
        """(level or None for none, count), lowest first (a template cannot call Counter.items)."""
        return sorted(self.levels_before.items(), key=lambda kv: kv[0] or 0)

    @property
    def after(self) -> list[tuple[int, int]]:
        return sorted(self.levels_after.items())


def programme_rows(*, user: Any) -> list[ProgrammeRow]:
    """Each cohort with its learners' levels before (from their enrolment) and, for those who passed,
    after (the cohort's level: a certificate only raises), over the user's part of the organisation."""
    scope = visible_unit_ids(user, "view")
    rows: list[ProgrammeRow] = []
    for cohort in ProgrammeCohort.objects.select_related("training_class__course").order_by(
        "completes_on", "name"
    ):
        row = ProgrammeRow(cohort, 0)
        if cohort.training_class_id:
            enrolments = Enrolment.objects.filter(
                training_class_id=cohort.training_class_id, status__in=ENROLLED
            )
            if scope is not None:
                enrolments = enrolments.filter(unit_id__in=scope)
            for status, before in enrolments.values_list("status", "level_before"):
                row.named += 1
                row.levels_before[before] += 1
                if status == EnrolmentStatus.PASSED:
                    row.passed += 1
                    row.levels_after[rules.language_level_after(before, cohort.level)] += 1
        rows.append(row)
    return rows


# --- the key cadres' knowledge-update classes per term -----------------------------------------------


def key_cadre_terms(*, first_year: int = 2020, last_year: int = 2030) -> list[rules.TermCount]:
    """Per term, the knowledge-update classes for key cadres held (not cancelled; a class counts in the
    term it starts in) against the plan's 3–4 (setting training.key_cadre_update_classes_per_term)."""
    classes = TrainingClass.objects.filter(course__key_cadre_update=True).exclude(
        status=ClassStatus.CANCELLED
    )
    starts = list(classes.values_list("starts_on", flat=True))
    counted = Counter(rules.term_of(day, first_year) for day in starts)
    found = []
    for term in rules.terms(first_year, last_year):
        try:
            low, high = (int(v) for v in rule_value(KEY_CADRE_RULE, term.starts_on).value)
        except RuleMissing:
            low, high = 3, 4
        found.append(rules.key_cadre_verdict(term, counted[term], low, high))
    return found


# --- the yearly plan ----------------------------------------------------------------------------------


@dataclass
class LineProgress:
    line: PlanLine
    classes: list[TrainingClass]
    enrolled: int
    completed: int

    @property
    def share(self) -> float | None:
        return None if not self.line.people_count else round(100 * self.completed / self.line.people_count, 1)


def plan_progress(*, user: Any, plan: TrainingPlan) -> list[LineProgress]:
    """Each line of the plan: its classes, the people planned, enrolled (approved, attending, passed)
    and who completed (passed) — the province's numbers: the plan is the People's Committee's."""
    lines = list(plan.lines.select_related("course").prefetch_related("classes").order_by("order", "pk"))
    class_ids = [c.pk for line in lines for c in line.classes.all()]
    counts: dict[int, Counter[str]] = {}
    for class_id, status, n in (
        Enrolment.objects.filter(training_class_id__in=class_ids)
        .values_list("training_class_id", "status")
        .annotate(n=Count("pk"))
        .values_list("training_class_id", "status", "n")
    ):
        counts.setdefault(class_id, Counter())[status] += n
    found = []
    for line in lines:
        classes = list(line.classes.all())
        enrolled = sum(counts.get(c.pk, Counter())[s] for c in classes for s in ENROLLED)
        completed = sum(counts.get(c.pk, Counter())[EnrolmentStatus.PASSED] for c in classes)
        found.append(LineProgress(line, classes, enrolled, completed))
    return found


def line_people(*, user: Any, line: PlanLine) -> list[Person]:
    """The people a line names, of the user's part of the organisation."""
    return list(
        Person.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(pk__in=line.named.values("person_id"))
        .select_related("unit")
        .order_by("sort_key")
    )
