"""Writes of the national export: the record of each export, its audit entry and the record of the read
of personal data. Written when the export begins, before the first byte leaves: an export that fails
midway is still on record (the file may be incomplete; the records are not)."""

import datetime as dt

from django.db import transaction

from canbo.accounts.scope import is_home_affairs
from canbo.audit.context import current
from canbo.audit.services import actor_identity, audit_record
from canbo.core.actors import Actor
from canbo.core.errors import NotAllowed
from canbo.national.models import ExportFormat, NationalExport
from canbo.national.selectors import national_counts
from canbo.people.models import SensitiveAccess

REFUSED = "Chỉ cán bộ Sở Nội vụ và quản trị hệ thống được xuất dữ liệu cho cơ sở dữ liệu quốc gia."


def national_export_allowed(actor: Actor) -> None:
    """Sở Nội vụ and administrators only (NotAllowed otherwise): the export holds every CCCD and the
    sensitive data of the people in scope (Decree 27/2026/NĐ-CP art. 18–19 give the updating of the
    national database to the agency managing the cadres; the province's is Sở Nội vụ)."""
    if not is_home_affairs(actor):
        raise NotAllowed(REFUSED)


def scope_text(actor: Actor) -> str:
    """The part of the organisation an export covers, in words: "toàn bộ" for the whole registry, else
    the names of the units of the actor's roles."""
    from canbo.org.models import UnitVersion

    if getattr(actor, "is_superuser", False):
        return "toàn bộ sổ cán bộ"
    assignments = getattr(actor, "role_assignments", None)
    if assignments is None:
        return ""
    unit_ids = [u for u in assignments.values_list("unit_id", flat=True) if u is not None]
    if not unit_ids and assignments.exists():
        return "toàn bộ sổ cán bộ"
    names = {}
    for unit_id, name in (
        UnitVersion.objects.filter(unit_id__in=unit_ids).order_by("valid_from").values_list("unit_id", "name")
    ):
        names[unit_id] = name
    return "; ".join(sorted(set(names.values())))[:255]


@transaction.atomic
def national_export_begin(*, actor: Actor, format: str, as_of: dt.date) -> NationalExport:
    """Record an export about to be written: who, when, the format, the date, the scope and how many
    people it covers; its audit entry (`national.export`); and, for a user, the read of personal data
    (people.SensitiveAccess, `export`: the count and the file, not the ids — the people are every
    person of the scope on that date, up to two million)."""
    national_export_allowed(actor)
    user, name = actor_identity(actor)
    counts = national_counts(user=actor, as_of=as_of)
    record = NationalExport.objects.create(
        actor=user,
        actor_name=name,
        format=ExportFormat(format),
        as_of=as_of,
        scope=scope_text(actor),
        people=counts.people,
    )
    audit_record(
        actor=actor,
        action="national.export",
        obj=record,
        after={"format": record.format, "as_of": as_of, "people": counts.people, "scope": record.scope},
    )
    if user is not None:  # a command run on the server: its audit entry says what it did
        SensitiveAccess.objects.create(
            actor=user,
            where="export",
            ip_address=current.get().ip_address,
            detail=(
                f"CSDL quốc gia, {record.get_format_display()}, dữ liệu ngày {as_of:%d/%m/%Y}, {record.scope}"
            )[:500],
            count=counts.people,
        )
    return record
