"""Writes of the decisions app: the rule settings kept in step with their data file, and the versions
Sở Nội vụ adds."""

import datetime as dt
import json
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from canbo.accounts.scope import is_home_affairs
from canbo.accounts.system import SYSTEM
from canbo.audit.services import actor_identity, audit_record, snapshot
from canbo.core.actors import Actor
from canbo.core.dates import today
from canbo.core.errors import InputRejected, NotAllowed, NotFound, RowError
from canbo.decisions.models import RuleOrigin, RuleSetting
from canbo.decisions.rulesets import rule_definitions, rule_label

logger = logging.getLogger(__name__)

RULE_FIELDS = [
    "key",
    "value",
    "effective_from",
    "text",
    "article",
    "checked",
    "source_url",
    "origin",
    "reason",
]
HOME_AFFAIRS_ONLY = "Chỉ Sở Nội vụ được thay đổi quy tắc."


def _version_values(version: dict[str, Any]) -> dict[str, Any]:
    return {
        "value": version["value"],
        "text": version["text"],
        "article": version.get("article", ""),
        "checked": bool(version.get("checked", False)),
        "source_url": version.get("source", ""),
    }


@transaction.atomic
def rule_settings_sync(*, actor: Actor = SYSTEM) -> int:
    """Every version of the data file in the table: created if missing, corrected if the file changed
    (both audited — except the first load into an empty table, the installation itself, as a
    migration's rows are not). A version Sở Nội vụ added is never touched, even on a date the file
    also names (theirs stands). Returns how many versions were created or corrected."""
    existing = {(row.key, row.effective_from): row for row in RuleSetting.objects.all()}
    installing = not existing
    changed = 0
    for key, definition in rule_definitions().items():
        for version in definition["versions"]:
            values = _version_values(version)
            row = existing.get((key, version["effective_from"]))
            if row is None:
                row = RuleSetting(
                    key=key, effective_from=version["effective_from"], origin=RuleOrigin.DATA, **values
                )
                row.full_clean()
                row.save()
                if not installing:
                    audit_record(
                        actor=actor, action="decisions.rule.create", obj=row, after=snapshot(row, RULE_FIELDS)
                    )
                changed += 1
                continue
            if row.origin != RuleOrigin.DATA:
                continue
            before = snapshot(row, RULE_FIELDS)
            for name, value in values.items():
                setattr(row, name, value)
            after = snapshot(row, RULE_FIELDS)
            if before != after:
                row.full_clean()
                row.save()
                audit_record(actor=actor, action="decisions.rule.update", obj=row, before=before, after=after)
                changed += 1
    if changed:
        logger.info("Rule settings: %d versions created or corrected from the data file.", changed)
    return changed


def parse_rule_value(raw: str, like: Any) -> Any:
    """The text typed on the rule page, read as a value of the same kind as the version in force
    (`like`): a whole number, a number (decimal comma allowed), có/không, a date dd/mm/yyyy, or, for a
    table of values, JSON with the same keys. ValueError with a Vietnamese message otherwise."""
    text = raw.strip()
    if isinstance(like, bool):
        folded = text.lower()
        if folded in {"có", "co", "true", "1", "đúng"}:
            return True
        if folded in {"không", "khong", "false", "0", "sai"}:
            return False
        raise ValueError("Giá trị phải là “có” hoặc “không”.")
    if isinstance(like, int):
        try:
            return int(text)
        except ValueError:
            raise ValueError("Giá trị phải là một số nguyên.") from None
    if isinstance(like, float):
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise ValueError("Giá trị phải là một số (ví dụ 0,15).") from None
    if isinstance(like, dict):
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError('Giá trị phải là một bảng JSON, ví dụ {"khien_trach": 24}.') from None
        if not isinstance(value, dict) or not value:
            raise ValueError('Giá trị phải là một bảng JSON, ví dụ {"khien_trach": 24}.')
        kinds = {type(v) for v in like.values()}
        if any(type(v) not in kinds for v in value.values()):
            raise ValueError("Các giá trị trong bảng phải cùng kiểu với phiên bản đang áp dụng.")
        return value
    if isinstance(like, list):  # thresholds such as eval.bands: "90; 70; 50"
        try:
            numbers = [float(part.strip().replace(",", ".")) for part in text.split(";")]
        except ValueError:
            raise ValueError(
                "Giá trị phải là các số cách nhau bởi dấu chấm phẩy, ví dụ 90; 70; 50."
            ) from None
        if len(numbers) != len(like):
            raise ValueError(f"Cần đúng {len(like)} số, cách nhau bởi dấu chấm phẩy.")
        return [int(n) if n.is_integer() else n for n in numbers]
    if isinstance(like, str) and not _is_iso_date(like):  # a text or a code (eval.period: quy)
        if not text:
            raise ValueError("Cần ghi giá trị.")
        return text
    if isinstance(like, str):
        try:
            day, month, year = (int(part) for part in text.split("/"))
            return dt.date(year, month, day).isoformat()
        except ValueError:
            raise ValueError("Giá trị phải là một ngày dd/mm/yyyy.") from None
    raise ValueError("Không đọc được giá trị.")


def _is_iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@transaction.atomic
def rule_setting_change(
    *,
    actor: Actor,
    key: str,
    value: Any,
    effective_from: dt.date,
    reason: str,
    text: str = "",
    article: str = "",
    source_url: str = "",
    retroactive: bool = False,
) -> RuleSetting:
    """Sở Nội vụ adds a version of a setting, in force from `effective_from`. Past versions are never
    edited: a change is a new version, and
    - its date must be after every existing version of the key (a version inserted under a later one
      would rewrite history that later versions already framed);
    - a reason is required, always;
    - a date on or before today changes verdicts already given: it is refused unless `retroactive`
      (the user confirms it), and the audit entry says so.
    The text (the decision of the province or the new text) defaults to "Quyết định của Sở Nội vụ";
    the version is "checked" (a text the province adopted). NotAllowed for other users."""
    if not is_home_affairs(actor):
        raise NotAllowed(HOME_AFFAIRS_ONLY)
    if key not in rule_definitions():
        raise NotFound(f"Không có quy tắc “{key}”.")
    label = rule_label(key)
    errors: list[RowError] = []
    if not reason.strip():
        errors.append(RowError("Phải nêu lý do thay đổi quy tắc.", field="reason", column="Lý do"))
    latest = RuleSetting.objects.select_for_update().filter(key=key).order_by("-effective_from").first()
    if latest is not None and effective_from <= latest.effective_from:
        errors.append(
            RowError(
                f"Quy tắc “{label}” đã có phiên bản áp dụng từ {latest.effective_from:%d/%m/%Y}: phiên bản "
                "mới phải áp dụng từ một ngày sau đó (không sửa phiên bản cũ).",
                field="effective_from",
                column="Áp dụng từ ngày",
            )
        )
    if effective_from <= today() and not retroactive:
        errors.append(
            RowError(
                f"Ngày {effective_from:%d/%m/%Y} không sau hôm nay: các kết quả thẩm định từ ngày đó "
                "sẽ thay đổi. Xác nhận áp dụng hồi tố nếu đúng ý.",
                field="retroactive",
                column="Áp dụng hồi tố",
            )
        )
    if latest is not None and type(value) is not type(latest.value):
        # int where float is kept: accepted (0 → 0.0 is the same share)
        if not (isinstance(latest.value, float) and isinstance(value, int) and not isinstance(value, bool)):
            errors.append(
                RowError("Giá trị không cùng kiểu với phiên bản trước.", field="value", column="Giá trị")
            )
    if errors:
        raise InputRejected(errors)
    user, name = actor_identity(actor)
    row = RuleSetting(
        key=key,
        value=value,
        effective_from=effective_from,
        text=text.strip() or "Quyết định của Sở Nội vụ",
        article=article.strip(),
        checked=True,
        source_url=source_url.strip(),
        origin=RuleOrigin.MANUAL,
        reason=reason.strip(),
        created_by=user,
        created_by_name=name,
    )
    try:
        row.full_clean()
    except ValidationError as error:
        raise InputRejected.from_validation(error, model=RuleSetting) from None
    row.save()
    note = "Áp dụng hồi tố." if effective_from <= today() else ""
    audit_record(
        actor=actor,
        action="decisions.rule.change",
        obj=row,
        before=snapshot(latest, RULE_FIELDS) if latest else None,
        after=snapshot(row, RULE_FIELDS),
        note=(reason.strip() + (" " + note if note else "")),
    )
    return row


# --- Information received about a cadre (thông tin phản ánh, plan II.5) -----------------------------

INFORMATION_FIELDS = ["person", "source", "received_on", "verifier", "concluded_on"]  # never the content
PERSONNEL_ONLY = "Chỉ cán bộ làm công tác tổ chức cán bộ được xem, ghi thông tin phản ánh."


def _require_personnel(actor: Actor, person: Any) -> None:
    from canbo.core.scoping import ensure_in_scope
    from canbo.people.selectors import can_see_sensitive

    if not can_see_sensitive(actor):
        raise NotAllowed(PERSONNEL_ONLY)
    ensure_in_scope(actor, person, "change")


def _saved(report: Any) -> None:
    try:
        report.full_clean()
    except ValidationError as error:
        raise InputRejected.from_validation(error, model=type(report)) from None
    report.save()


@transaction.atomic
def information_report_create(
    *, actor: Actor, person: Any, source: str, received_on: dt.date, content: str, verifier: Any = None
) -> Any:
    """Record information received about a cadre: its source, date, content and who verifies it. The
    audit entry names the source and the dates, never the content (encrypted, read only on its page)."""
    from canbo.decisions.models import InformationReport

    _require_personnel(actor, person)
    report = InformationReport(
        person=person,
        source=source.strip(),
        received_on=received_on,
        content=content.strip(),
        verifier=verifier,
    )
    _saved(report)
    audit_record(
        actor=actor,
        action="decisions.information.create",
        obj=report,
        after=snapshot(report, INFORMATION_FIELDS),
    )
    return report


@transaction.atomic
def information_report_conclude(*, actor: Actor, report: Any, conclusion: str, concluded_on: dt.date) -> Any:
    """The verifier's conclusion closes the report: it no longer weighs on the appointment checker
    from `concluded_on` on."""
    from canbo.decisions.models import InformationReport

    report = InformationReport.objects.select_for_update().select_related("person").get(pk=report.pk)
    _require_personnel(actor, report.person)
    if report.concluded_on is not None:
        raise InputRejected.single(
            f"Thông tin phản ánh này đã có kết luận ngày {report.concluded_on:%d/%m/%Y}.", field="conclusion"
        )
    if not conclusion.strip():
        raise InputRejected.single("Phải ghi kết luận.", field="conclusion", column="Kết luận")
    before = snapshot(report, INFORMATION_FIELDS)
    report.conclusion, report.concluded_on = conclusion.strip(), concluded_on
    _saved(report)
    audit_record(
        actor=actor,
        action="decisions.information.conclude",
        obj=report,
        before=before,
        after=snapshot(report, INFORMATION_FIELDS),
    )
    return report


def information_reports_read(*, actor: Actor, person: Any) -> list[Any]:
    """The reports about a person, for the personnel-work roles only; each read recorded in the access
    log of protected personal data (people.services.sensitive_access_record), as the sensitive fields."""
    from canbo.decisions.models import InformationReport
    from canbo.people.selectors import can_see_sensitive
    from canbo.people.services import sensitive_access_record

    if not can_see_sensitive(actor):
        raise NotAllowed(PERSONNEL_ONLY)
    reports = list(
        InformationReport.objects.filter(person=person)
        .select_related("verifier")
        .order_by("-received_on", "-pk")
    )
    sensitive_access_record(actor=actor, where="page", person=person, detail="Thông tin phản ánh")
    return reports
