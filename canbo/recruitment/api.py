"""/api/recruitment/: the endpoints of the recruitment app (docs/recruitment.md)."""

from ninja import Router

router = Router(tags=["recruitment"])
