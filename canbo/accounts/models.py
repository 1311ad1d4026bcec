from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from canbo.accounts.choices import Role
from canbo.core.constraints import one_of


class RoleAssignment(models.Model):
    """A user's role over a unit's subtree. The unit is the scope; after a restructuring the
    scope follows the unit's successor (accounts.scope). A system administrator's role needs no
    unit: it covers everything."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("đơn vị (phạm vi)"),
    )
    created_at = models.DateTimeField(_("ngày phân quyền"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="accounts_role_unique"),
            one_of("role", Role, name="accounts_role_valid"),
            models.CheckConstraint(
                condition=models.Q(role=Role.ADMIN) | models.Q(unit__isnull=False),
                name="accounts_role_needs_unit",
                violation_error_message=_("Vai trò này phải gắn với một đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit or 'toàn hệ thống'}"

    def clean(self) -> None:
        if self.role != Role.ADMIN and self.unit_id is None:
            raise ValidationError({"unit": _("Vai trò này phải gắn với một đơn vị.")})
