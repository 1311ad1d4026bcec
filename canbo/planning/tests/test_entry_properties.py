"""The limits of a pool against a reference written from the texts (RULES-2 §3): any sequence of entries,
on either side of 08/10/2025, is refused exactly when the reference refuses it, and no pool ever holds
more than 3 people nor a person more than 3 posts of one level in a term."""

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canbo.people.models import PlanningMembership
from canbo.planning.entry_rules import REGULATION_377_FROM, entry_problems
from canbo.planning.tests.conftest import post, unit

pytestmark = pytest.mark.django_db
POSTS = ("pho_giam_doc_so", "pho_chanh_thanh_tra_tinh", "giam_doc_so", "truong_phong")
UNITS = ("KH.STC", "KH.SYT")
DAYS = (dt.date(2025, 9, 1), dt.date(2025, 10, 7), REGULATION_377_FROM, dt.date(2026, 3, 1))
LIMIT_RULES = {"planning.duplicate", "planning.max_per_post", "planning.max_posts_per_person_same_level"}


def expected(
    entries: set[tuple[int, str, str]], person: int, post_code: str, code: str, on: dt.date
) -> set[str]:
    """Regulation 50: ≤ 3 per post, ≤ 3 posts per person (any level); Regulation 377: the same, the posts
    counted at the post's level only."""
    levels = {p: post(p).level for p in POSTS}
    reasons = set()
    if (person, post_code, code) in entries:
        reasons.add("planning.duplicate")
    if len({e[0] for e in entries if e[1:] == (post_code, code) and e[0] != person}) >= 3:
        reasons.add("planning.max_per_post")
    held = [e for e in entries if e[0] == person and e[1:] != (post_code, code)]
    if on >= REGULATION_377_FROM:
        held = [e for e in held if levels[e[1]] == levels[post_code]]
    if len(held) >= 3:
        reasons.add("planning.max_posts_per_person_same_level")
    return reasons


@pytest.fixture
def staff(make_person) -> list[Any]:
    """Five people without a post (no post is 'not higher' for them), each with a positive conclusion."""
    return [make_person(f"Người Thử {i}") for i in range(5)]


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.integers(0, 4), st.sampled_from(POSTS), st.sampled_from(UNITS), st.sampled_from(DAYS)),
        max_size=14,
    )
)
def test_the_limits_match_the_reference(staff, steps) -> None:
    with transaction.atomic():
        entries: set[tuple[int, str, str]] = set()
        for index, post_code, code, on in sorted(steps, key=lambda s: s[3]):
            person = staff[index]
            found = entry_problems(
                person=person, post=post(post_code), unit=unit(code), term_from=2025, term_to=2030, on=on
            )
            got = {p.field for p in found}
            assert got <= LIMIT_RULES, got
            assert got == expected(entries, index, post_code, code, on), (index, post_code, code, on)
            if not got:
                PlanningMembership.objects.create(
                    person=person, post=post(post_code), unit=unit(code), term_from=2025, term_to=2030
                )
                entries.add((index, post_code, code))
        for post_code in POSTS:
            for code in UNITS:
                assert len({e[0] for e in entries if e[1:] == (post_code, code)}) <= 3
        transaction.set_rollback(True)
