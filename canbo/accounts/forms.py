import re

from django import forms

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
