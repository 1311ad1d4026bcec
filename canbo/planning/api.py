from ninja import Router

router = Router(tags=["Quy hoạch cán bộ"])
