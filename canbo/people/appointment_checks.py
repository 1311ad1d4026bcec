"""The hook for the appointment checker: every service that opens an assignment with a post (an
appointment, a re-appointment or extension, a transfer or rotation into a post, an import row that
opens a new post with its own date) asks each function named in the setting CANBO_APPOINTMENT_CHECKS
(dotted paths, as Django's AUTHENTICATION_BACKENDS). The registry sits below the app that knows the
rules of appointment (issue 14): it names no checker, it only asks.

A checker is called as

    check(actor=, person=, post=, unit=, kind=, on=, decision_number=, note=) -> list[dict]

inside the service's transaction, before anything is written. It refuses by raising InputRejected
(its reasons as RowErrors: nothing is written, the form or the API shows them); it accepts by
returning the soft reasons to keep with the new assignment (Assignment.check_reasons), each a dict
with the keys "rule", "text" and "source"."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from canbo.core.actors import Actor
from canbo.people import catalogues

# What kind of appointment the new post is (the checker's rules differ by kind).
FIRST = "first"  # the person holds no leadership post: a first appointment to one
HIGHER = "higher"  # a post of a higher level than the highest the person holds
EQUAL_OR_LOWER = "equal_or_lower"  # a post of the same or a lower level
REAPPOINTMENT = "reappointment"  # the same post again, for a new term
EXTENSION = "extension"  # the same post until retirement (kéo dài thời gian giữ chức vụ)
ROTATION = "rotation"  # luân chuyển
TRANSFER = "transfer"  # điều động
KINDS = (FIRST, HIGHER, EQUAL_OR_LOWER, REAPPOINTMENT, EXTENSION, ROTATION, TRANSFER)
REASON_KEYS = ("rule", "text", "source")


def level_rank(level: str | None) -> int:
    """agency_head 4, agency_deputy 3, division_head 2, division_deputy 1, none (or no post) 0."""
    if not level or level not in catalogues.POST_LEVELS:
        return 0
    return len(catalogues.POST_LEVELS) - 1 - catalogues.POST_LEVELS.index(level)  # type: ignore[arg-type]


def appointment_kind(*, held_levels: list[str], new_level: str) -> str:
    """first, higher or equal_or_lower: the new post's level against the highest the person holds."""
    held = max((level_rank(level) for level in held_levels), default=0)
    if held == 0:
        return FIRST
    return HIGHER if level_rank(new_level) > held else EQUAL_OR_LOWER


def appointment_checks_run(
    *,
    actor: Actor,
    person: Any,
    post: Any,
    unit: Any,
    kind: str,
    on: dt.date,
    decision_number: str = "",
    note: str = "",
) -> list[dict[str, str]]:
    """Ask every checker of settings.CANBO_APPOINTMENT_CHECKS; their soft reasons, in order. A refusal
    (InputRejected) goes up to the caller's transaction: nothing is written."""
    if kind not in KINDS:
        raise ValueError(f"Loại bổ nhiệm không hợp lệ: {kind}")
    reasons: list[dict[str, str]] = []
    for path in getattr(settings, "CANBO_APPOINTMENT_CHECKS", []):
        found = import_string(path)(
            actor=actor,
            person=person,
            post=post,
            unit=unit,
            kind=kind,
            on=on,
            decision_number=decision_number,
            note=note,
        )
        for reason in found or []:
            reasons.append({key: str(reason.get(key, "")) for key in REASON_KEYS})
    return reasons


def appointment_checks_enabled() -> bool:
    return bool(getattr(settings, "CANBO_APPOINTMENT_CHECKS", []))
