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
