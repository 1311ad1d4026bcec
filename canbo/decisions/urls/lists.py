from django.urls import URLPattern, path

from canbo.decisions.views import lists

urlpatterns: list[URLPattern] = [
    path("", lists.index, name="index"),
    path("danh-sach/<slug:name>/", lists.due, name="list"),
]
