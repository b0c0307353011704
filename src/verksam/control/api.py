"""API of internal control (internkontroll): ``GET /api/risks`` and ``GET /api/controls``."""

from ninja import Router

router = Router(tags=["Internkontroll"])
