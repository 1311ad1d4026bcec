"""The scenario form: yearly appointments per agency and the shares of them under 40, women and
ethnic minorities (indicators.engine.forecast.Scenario)."""

from typing import Any

from django import forms

from canbo.indicators.engine.forecast import Scenario

MAX_PER_YEAR = 50
NUMBER = forms.NumberInput(attrs={"class": "form-control"})


class ScenarioForm(forms.Form):
    duoi_40 = forms.IntegerField(
        label="Trong đó dưới 40 tuổi (%)", min_value=0, max_value=100, initial=50, widget=NUMBER
    )
    nu = forms.IntegerField(label="Trong đó nữ (%)", min_value=0, max_value=100, initial=40, widget=NUMBER)
    dtts = forms.IntegerField(
        label="Trong đó người dân tộc thiểu số (%)", min_value=0, max_value=100, initial=20, widget=NUMBER
    )
    co_quan = forms.ChoiceField(
        label="Biểu đồ của", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        focus = self.fields["co_quan"]
        assert isinstance(focus, forms.ChoiceField)
        focus.choices = [("province", "Toàn tỉnh")] + [(code, name) for _, code, name in agencies]
        for pk, code, name in agencies:
            self.fields[f"sl_{pk}"] = forms.IntegerField(
                label=f"{name} ({code})",
                min_value=0,
                max_value=MAX_PER_YEAR,
                initial=1,
                required=False,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )

    def agency_fields(self) -> list[Any]:
        return [self[f"sl_{pk}"] for pk, _code, _name in self.agencies]

    def scenario(self) -> Scenario:
        data = self.cleaned_data
        return Scenario(
            appointments_per_year={pk: data.get(f"sl_{pk}") or 0 for pk, _code, _name in self.agencies},
            share_under_40=data["duoi_40"] / 100,
            share_women=data["nu"] / 100,
            share_minority=data["dtts"] / 100,
        )
