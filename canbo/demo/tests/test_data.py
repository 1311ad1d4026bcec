"""The demo's data files (demo/data/) hold together: every key a table names exists, every code is one of
the registry's catalogues, shares are shares. What a data file says is an estimate; that it can be
read and drawn from is checked here, without a database."""

import math

import pytest

from canbo.demo.registry.draws import Agencies, Names, Population
from canbo.demo.tables import table
from canbo.people import catalogues


@pytest.fixture(scope="module")
def agencies() -> Agencies:
    return Agencies()


@pytest.fixture(scope="module")
def population() -> Population:
    return Population()


def test_every_profile_names_tables_that_exist(agencies: Agencies, population: Population) -> None:
    for code, profile in {**agencies.profiles, **agencies.kind_profiles}.items():
        assert profile.ethnic in population.ethnic_mix, code
        assert profile.fields in population.fields, code
        assert math.isclose(sum(profile.staff), 1.0), code
        assert 0 < profile.women < 1 and profile.headcount > 0 and profile.languages > 0, code
        assert profile.divisions and all(weight > 0 for _, weight in profile.divisions), code


def test_every_post_is_in_the_catalogue(agencies: Agencies) -> None:
    posts = agencies.posts
    named = {post for pair in [*posts.top.values(), *posts.top_by_kind.values()] for post in pair}
    named |= {post for codes in posts.special_divisions.values() for post in codes}
    named |= set(posts.deputy_of) | set(posts.deputy_of.values()) | set(posts.public_service)
    named |= {post for profile in agencies.profiles.values() for post, _ in profile.divisions}
    assert named - set(catalogues.POSTS.codes()) == set()
    assert {post for profile in agencies.profiles.values() for post, _ in profile.divisions} <= set(
        posts.deputy_of
    )  # every division head drawn has a deputy post


def test_ethnic_groups_and_religions_are_catalogue_codes(population: Population) -> None:
    ethnic, religions = set(catalogues.ethnic_codes()), set(catalogues.religion_codes())
    for key, mix in population.ethnic_mix.items():
        assert set(mix) - {"other"} <= ethnic, key
        assert sum(mix.values()) < 1, key  # the rest are Kinh
    assert set(population.other_minorities.values) <= ethnic
    assert set(population.religions) - {"other"} <= ethnic
    for pick in population.religions.values():
        assert set(pick.values) <= religions


def test_every_name_list_can_be_drawn_from() -> None:
    names = Names()
    for given in (names.women_given, names.men_given, names.raglai_women, names.raglai_men):
        assert given and len(set(given)) == len(given)
    data = table("names")
    for group in ("kinh", "cham", "hoa", "raglai"):
        for key, values in data[group].items():
            if isinstance(values, list) and values and isinstance(values[0], list):
                assert all(weight > 0 for _, weight in values), (group, key)
