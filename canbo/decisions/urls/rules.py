from django.urls import URLPattern, path

from canbo.decisions.views import checker, information, rules

urlpatterns: list[URLPattern] = [
    path("quy-tac/", rules.rules, name="rules"),
    path("quy-tac/<str:key>/", rules.rule, name="rule"),
    path("tham-dinh/", checker.checker, name="checker"),
    path("phan-anh/<int:person_id>/", information.information, name="information"),
]
