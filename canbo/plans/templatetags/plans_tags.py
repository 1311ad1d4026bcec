from django import template

from canbo.plans.choices import Status

register = template.Library()

_CLASSES = {
    Status.DONE_ON_TIME: "text-bg-success",
    Status.DONE_LATE: "text-bg-warning",
    Status.ON_TIME: "text-bg-primary",
    Status.OVERDUE: "text-bg-danger",
    Status.SUBMITTED: "text-bg-info",
    Status.NO_DEADLINE: "text-bg-secondary",
    Status.NOT_YET: "text-bg-light",
}


@register.filter
def status_class(status: str) -> str:
    return _CLASSES.get(Status(status), "text-bg-light") if status in Status.values else "text-bg-light"


@register.filter
def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


@register.filter
def thay_doi(value: object, places: int = 0) -> str:
    """A change with its sign, the Vietnamese way: +3, −1, +0,4; "không đổi" for 0; "—" without one."""
    from canbo.core.text import vn_number

    if value is None or value == "":
        return "—"
    number = float(value)  # type: ignore[arg-type]
    if round(number, int(places)) == 0:
        return "không đổi"
    return ("+" if number > 0 else "−") + vn_number(abs(number), int(places))
