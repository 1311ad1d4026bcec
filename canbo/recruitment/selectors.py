"""Reads of the recruitment app, each scoped to the user: the recruitments they may see, one recruitment
with its lines, candidates and — per line — the ranking computed by rules.rank_candidates with the rule
settings in force (decisions/data/rules.toml, recruit.*) and the head's recorded decision on a tie."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet

from canbo.core.dates import today
from canbo.core.scoping import get_scoped_or_404, visible_unit_ids
from canbo.decisions.rulesets import RuleMissing, rule_value
from canbo.org.selectors import unit_names
from canbo.recruitment import rules
from canbo.recruitment.models import Candidate, Line, Recruitment, TieDecision

__all__ = [
    "LineView",
    "RecruitmentView",
    "Settings",
    "candidate_label",
    "line_rank",
    "line_view",
    "recruitment_get",
    "recruitment_view",
    "recruitments",
    "settings_on",
]


@dataclass(frozen=True)
class Settings:
    pass_share: Decimal
    pass_mark: Decimal
    cumulative: bool
    probation_a: int
    probation_bc: int


def _setting(key: str, on: dt.date, default: Any) -> Any:
    try:
        return rule_value(key, on).value
    except RuleMissing:
        return default


def settings_on(on: dt.date) -> Settings:
    """The recruit.* settings in force on `on`; the rules' defaults where a setting has no version."""
    return Settings(
        pass_share=Decimal(str(_setting("recruit.round1_pass_share", on, rules.PASS_SHARE))),
        pass_mark=Decimal(str(_setting("recruit.professional_pass_mark", on, rules.PASS_MARK))),
        cumulative=bool(_setting("recruit.priority_cumulative", on, False)),
        probation_a=int(_setting("recruit.probation_months_a", on, 12)),
        probation_bc=int(_setting("recruit.probation_months_bc", on, 6)),
    )


def recruitments(*, user: Any, year: int | None = None) -> QuerySet[Recruitment]:
    found = Recruitment.objects.restrict(user, "view").select_related("unit")
    if year is not None:
        found = found.filter(year=year)
    return found.annotate(
        line_count=Count("lines", distinct=True), candidate_count=Count("lines__candidates")
    )


def recruitment_get(*, user: Any, pk: int, action: str = "view") -> Recruitment:
    return get_scoped_or_404(Recruitment, user, pk, action)  # type: ignore[arg-type]


def candidate_label(candidate: Candidate) -> str:
    """The name a candidate is ranked by: the exam number makes two people of one name two candidates."""
    return f"{candidate.number:03d} {candidate.full_name}"


def _priority(candidate: Candidate, cumulative: bool) -> Decimal:
    return rules.priority_points(candidate.priority or [], cumulative=cumulative)


@dataclass
class LineView:
    line: Line
    candidates: list[Candidate]
    result: rules.Result | None
    error: str = ""
    tie: TieDecision | None = None
    by_label: dict[str, Candidate] = field(default_factory=dict)
    scored: int = 0
    ineligible: list[Candidate] = field(default_factory=list)

    @property
    def admitted(self) -> list[tuple[rules.Placed, Candidate]]:
        return [(p, self.by_label[p.name]) for p in self.result.admitted] if self.result else []

    @property
    def pending(self) -> list[Candidate]:
        return [self.by_label[p.name] for p in self.result.pending_head_decision] if self.result else []

    @property
    def not_admitted(self) -> list[tuple[rules.Placed, Candidate]]:
        return [(p, self.by_label[p.name]) for p in self.result.not_admitted] if self.result else []

    @property
    def failed(self) -> list[tuple[rules.Failed, Candidate]]:
        return [(f, self.by_label[f.name]) for f in self.result.failed] if self.result else []

    @property
    def complete(self) -> bool:
        """Every eligible candidate has a round-2 score or is out after round 1."""
        return self.result is not None and self.scored == len(self.candidates)


def line_view(line: Line, *, settings: Settings, candidates: list[Candidate] | None = None) -> LineView:
    """The ranking of a line's eligible candidates (rules.rank_candidates) with the settings given and
    the head's recorded decision, if any. A line whose scores cannot be ranked yet says why in `error`."""
    found = (
        candidates
        if candidates is not None
        else list(line.candidates.filter(eligible=True).order_by("number"))  # type: ignore[attr-defined]
    )
    eligible = [c for c in found if c.eligible]
    by_label = {candidate_label(c): c for c in eligible}
    tie = TieDecision.objects.filter(line=line).first()
    scored = sum(
        1
        for c in eligible
        if c.professional is not None
        or (line.has_round_1 and c.round_1_correct is not None and not _round_1_ok(c, settings))
    )
    view = LineView(
        line=line,
        candidates=eligible,
        result=None,
        tie=tie,
        by_label=by_label,
        scored=scored,
        ineligible=[c for c in found if c.eligible is False],
    )
    decision = None
    if tie is not None:
        labels = {c.pk: candidate_label(c) for c in eligible}
        decision = [labels[pk] for pk in tie.order if pk in labels]
    try:
        view.result = line_rank(line, eligible, settings=settings, head_decision=decision)
    except (ValueError, rules.HeadDecisionError) as exc:
        view.error = str(exc)
    return view


def line_rank(
    line: Line, eligible: list[Candidate], *, settings: Settings, head_decision: list[str] | None = None
) -> rules.Result:
    """rules.rank_candidates over the line's eligible candidates (ValueError, HeadDecisionError as it
    raises them)."""
    pool = [
        rules.Candidate(
            name=candidate_label(c),
            professional=c.professional,
            round_1_correct=c.round_1_correct if line.has_round_1 else None,
            written=c.written if line.written_part else None,
            priority=_priority(c, settings.cumulative),
        )
        for c in eligible
    ]
    return rules.rank_candidates(
        pool,
        line.quota,
        head_decision=head_decision,
        pass_share=settings.pass_share,
        pass_mark=settings.pass_mark,
    )


def _round_1_ok(candidate: Candidate, settings: Settings) -> bool:
    assert candidate.round_1_correct is not None
    return rules.round_1_passes(candidate.round_1_correct, pass_share=settings.pass_share)


@dataclass
class RecruitmentView:
    recruitment: Recruitment
    unit_name: str
    settings: Settings
    lines: list[LineView]
    candidates: list[Candidate]

    @property
    def pending_ties(self) -> list[LineView]:
        return [v for v in self.lines if v.pending]

    @property
    def admitted_count(self) -> int:
        return sum(len(v.admitted) for v in self.lines)


def recruitment_view(*, user: Any, recruitment: Recruitment, on: dt.date | None = None) -> RecruitmentView:
    """The recruitment with every line ranked. The caller fetched it within the user's scope; the check
    is made again here so no path reads a recruitment outside it."""
    scope = visible_unit_ids(user, "view")
    if scope is not None and recruitment.unit_id not in scope:
        from canbo.core.errors import OutOfScope

        raise OutOfScope()
    day = on or recruitment.round_2_on or recruitment.published_on or today()
    settings = settings_on(day)
    lines = list(recruitment.lines.select_related("position", "post").order_by("pk"))  # type: ignore[attr-defined]
    candidates = list(
        Candidate.objects.filter(line__recruitment=recruitment)
        .select_related("person", "line__position")
        .order_by("line_id", "number")
    )
    by_line: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_line.setdefault(c.line_id, []).append(c)
    views = [line_view(line, settings=settings, candidates=by_line.get(line.pk, [])) for line in lines]
    name = unit_names(units=[recruitment.unit], as_of=day).get(recruitment.unit_id, str(recruitment.unit))
    return RecruitmentView(recruitment, name, settings, views, candidates)
