import re
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType

from canbo.audit.actions import ACTION_LABELS
from canbo.core.forms import VnDateField
from canbo.core.text import fold

TOKEN_RE = re.compile(r"^\d{6}$")


class MfaTokenForm(forms.Form):
    """The six-digit code of an authenticator app (spaces allowed: "123 456")."""

    token = forms.CharField(
        label="Mã xác thực (6 chữ số)",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self) -> str:
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not TOKEN_RE.match(token):
            raise forms.ValidationError("Mã xác thực gồm 6 chữ số.")
        return token


# The apps whose objects the trail records (content types of Django's own apps are left out).
AUDITED_APPS = ("accounts", "org", "people", "plans", "indicators", "auth")


def _object_type_choices() -> list[tuple[str, str]]:
    choices = []
    for content_type in ContentType.objects.filter(app_label__in=AUDITED_APPS):
        model = content_type.model_class()
        if model is not None:
            choices.append((str(content_type.pk), str(model._meta.verbose_name).capitalize()))
    return [("", "Tất cả")] + sorted(choices, key=lambda c: fold(c[1]))


def _action_choices() -> list[tuple[str, str]]:
    labelled = sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda c: fold(c[1]))
    return [("", "Tất cả"), *labelled]


class AuditFilterForm(forms.Form):
    """The audit list's filters, read from the address (GET), so a filtered list can be bookmarked."""

    nguoi = forms.CharField(label="Người thực hiện", required=False, max_length=150)
    tu = VnDateField(label="Từ ngày", required=False)
    den = VnDateField(label="Đến ngày", required=False)
    doi_tuong = forms.TypedChoiceField(label="Loại đối tượng", required=False, coerce=int, empty_value=None)
    tim = forms.CharField(label="Tên hoặc mã đối tượng", required=False, max_length=100)
    thao_tac = forms.ChoiceField(label="Thao tác", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doi_tuong"].choices = _object_type_choices()  # type: ignore[attr-defined]
        self.fields["thao_tac"].choices = _action_choices()  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm"
            )
            if name in ("tu", "den"):
                css += " date-vn"
                field.widget.attrs["placeholder"] = "dd/mm/yyyy"
                field.widget.attrs["autocomplete"] = "off"
            field.widget.attrs["class"] = css

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("tu"), data.get("den")
        if since and until and since > until:
            self.add_error("den", "Đến ngày phải sau hoặc bằng từ ngày.")
        return data

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of audit.selectors.audit_entries_search (valid fields only)."""
        data = self.cleaned_data if self.is_valid() else {}
        type_pk = data.get("doi_tuong")
        return {
            "actor_name": (data.get("nguoi") or "").strip(),
            "since": data.get("tu"),
            "until": data.get("den"),
            "content_type": ContentType.objects.filter(pk=type_pk).first() if type_pk else None,
            "object_text": (data.get("tim") or "").strip(),
            "action": data.get("thao_tac") or "",
        }
