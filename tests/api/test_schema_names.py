"""Every schema of the API has a name of its own: django-ninja names an OpenAPI component by the class
name, so two apps' `PersonOut` would silently describe one another's answers (the evaluation app's
ranked person once replaced the registry's person in the schema)."""

from collections import defaultdict

from ninja import Schema

import canbo.api  # noqa: F401 — every router, hence every schema, imported


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_no_two_schemas_of_ours_share_a_name() -> None:
    """Two classes may share a name only if they describe the same thing (`Problem`: {detail})."""
    by_name: dict[str, list[type]] = defaultdict(list)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("canbo.") and ".tests" not in cls.__module__:
            by_name[cls.__name__].append(cls)
    shared = {
        name: sorted(c.__module__ for c in classes)
        for name, classes in by_name.items()
        if len({str(c.model_json_schema()) for c in classes}) > 1  # type: ignore[attr-defined]
    }
    assert shared == {}
