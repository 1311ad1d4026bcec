"""/api/training/: the endpoints of the training app (docs/training.md)."""

from ninja import Router

router = Router(tags=["training"])
