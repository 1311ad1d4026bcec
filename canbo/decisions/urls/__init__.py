"""/quyet-dinh/: each subject's routes in its own module of this package."""

from canbo.decisions.urls import lists, rules

app_name = "decisions"
urlpatterns = [*lists.urlpatterns, *rules.urlpatterns]
