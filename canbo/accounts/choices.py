from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    HOME_AFFAIRS = "noi_vu", _("Cán bộ Sở Nội vụ")
    FOCAL = "dau_moi", _("Cán bộ đầu mối của cơ quan, đơn vị")
    LEADER = "lanh_dao", _("Lãnh đạo (chỉ xem)")


# What each role may do. Admin and Home Affairs officers are province-wide by their unit (the
# province); focal officers and leaders are limited to their unit's subtree.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({"view", "change", "administer"}),
    Role.HOME_AFFAIRS: frozenset({"view", "change"}),
    Role.FOCAL: frozenset({"view", "change"}),
    Role.LEADER: frozenset({"view"}),
}
