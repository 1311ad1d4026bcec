"""/api/decisions/: each subject's endpoints in its own module of this package."""

from ninja import Router

from canbo.decisions.api import lists, rules

router = Router(tags=["Quyết định nhân sự"])
router.add_router("", rules.router)
router.add_router("", lists.router)
