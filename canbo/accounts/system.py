"""The system itself as a user: what a command run by an administrator on the server acts as.

It sees the whole organisation; the audit trail records it as "hệ thống"."""


class SystemUser:
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = True
    pk = None
    username = "hệ thống"

    def get_username(self) -> str:
        return "hệ thống"

    def get_full_name(self) -> str:
        return "hệ thống"

    def __str__(self) -> str:
        return "hệ thống"


SYSTEM = SystemUser()
