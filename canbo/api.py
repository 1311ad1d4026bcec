"""The JSON API (django-ninja). OpenAPI schema at /api/openapi.json, docs at /api/docs.

Every answer is JSON, refusals and failures included: one handler per kind of error below (no
endpoint maps errors by hand), and an unexpected failure answers 500 with a Vietnamese message
while its traceback goes to the log."""

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from canbo.core.errors import BUSY_MESSAGE, ApplicationError, InputRejected
from canbo.core.sqlite import is_busy
from canbo.decisions.api import router as decisions_router
from canbo.evaluation.api import router as evaluation_router
from canbo.indicators.api import router as indicators_router
from canbo.org.api import router as org_router
from canbo.people.api import router as people_router
from canbo.planning.api import router as planning_router
from canbo.plans.api import router as plans_router
from canbo.positions.api import router as positions_router
from canbo.recruitment.api import router as recruitment_router
from canbo.training.api import router as training_router

logger = logging.getLogger(__name__)

# Every operation may answer these (the handlers below); the schema says so, for clients and for the
# fuzzing test that holds the API to its schema (tests/api/test_schemathesis.py).
ERROR_RESPONSES = {
    "400": "Yêu cầu không hợp lệ",
    "401": "Chưa đăng nhập",
    "403": "Không có quyền",
    "404": "Không tìm thấy, hoặc ngoài phạm vi được phân quyền",
    "409": "Xung đột: người khác đã sửa hoặc quyết định trước",
    "422": "Dữ liệu không hợp lệ (detail: thông báo, hoặc danh sách lỗi của từng trường)",
    "503": "Hệ thống đang bận; thử lại sau ít giây",
}
PROBLEM = {
    "type": "object",
    "properties": {"detail": {"description": "Thông báo bằng tiếng Việt, hoặc danh sách lỗi từng trường"}},
    "required": ["detail"],
}


class CanboAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, text in ERROR_RESPONSES.items():
                    responses.setdefault(
                        status, {"description": text, "content": {"application/json": {"schema": PROBLEM}}}
                    )
        return schema


api = CanboAPI(
    title="canbo API",
    version="1",
    description="API của canbo. Mọi dữ liệu được giới hạn theo phạm vi phân quyền của người dùng.",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=login_required,  # the schema and its page are for signed-in users only
)
api.add_router("/org/", org_router)
api.add_router("/plans/", plans_router)
api.add_router("/people/", people_router)
api.add_router("/indicators/", indicators_router)
api.add_router("/decisions/", decisions_router)
api.add_router("/planning/", planning_router)
api.add_router("/evaluation/", evaluation_router)
api.add_router("/positions/", positions_router)
api.add_router("/recruitment/", recruitment_router)
api.add_router("/training/", training_router)


@api.exception_handler(InputRejected)
def _input_rejected(request: HttpRequest, exc: InputRejected) -> HttpResponse:
    errors = [
        {"message": e.message, "row": e.row, "column": e.column, "sheet": e.sheet, "field": e.field}
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": str(exc), "errors": errors}, status=422)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = exc.message_dict if hasattr(exc, "error_dict") else {}
    detail = "; ".join(exc.messages) or "Dữ liệu không hợp lệ."
    return api.create_response(request, {"detail": detail, "fields": fields}, status=422)


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or "Bạn không có quyền thực hiện thao tác này."
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    detail = "Không tìm thấy, hoặc nằm ngoài phạm vi được phân quyền của bạn."
    return api.create_response(request, {"detail": detail}, status=404)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, OperationalError) and is_busy(exc):
        logger.warning("API %s %s: database busy", request.method, request.path)
        return api.create_response(request, {"detail": BUSY_MESSAGE}, status=503)
    logger.exception("API %s %s failed", request.method, request.path)
    detail = "Lỗi hệ thống: thao tác chưa thực hiện được và đã được ghi lại để xử lý."
    if isinstance(exc, DatabaseError):
        detail = "Lỗi cơ sở dữ liệu: thao tác chưa thực hiện được và đã được ghi lại để xử lý."
    return api.create_response(request, {"detail": detail}, status=500)
