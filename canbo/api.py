"""The JSON API (django-ninja). OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI
from ninja.security import django_auth

from indicators.api import router as indicators_router
from org.api import router as org_router
from people.api import router as people_router
from plans.api import router as plans_router

api = NinjaAPI(
    title="canbo API",
    version="1",
    description="API của canbo. Mọi dữ liệu được giới hạn theo phạm vi phân quyền của người dùng.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/org/", org_router)
api.add_router("/plans/", plans_router)
api.add_router("/people/", people_router)
api.add_router("/indicators/", indicators_router)
