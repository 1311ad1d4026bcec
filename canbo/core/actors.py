"""Who acts: the signature every service and selector takes for the user on whose behalf it reads or
writes — a signed-in user, Django's anonymous user, or the system itself (accounts.system.SYSTEM, for
commands run on the server). Only what canbo asks of them."""

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Actor(Protocol):
    """A user, as far as canbo's scope, roles and audit trail need one."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    def get_username(self) -> str: ...
