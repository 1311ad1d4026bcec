"""/api/positions/: the endpoints of the positions app (docs/positions.md)."""

from ninja import Router

router = Router(tags=["positions"])
