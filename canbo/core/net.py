"""The client's address, the one function that knows about the reverse proxy.

Behind a reverse proxy every connection comes from the proxy (REMOTE_ADDR); the client's own
address is in X-Forwarded-For, which anyone can also send. It is believed only when REMOTE_ADDR is
one of the proxies named by the setting CANBO_TRUSTED_PROXIES (addresses or CIDR networks): the
chain is then read from the right, each trusted proxy skipped, and the first other address is the
client's (what the outermost trusted proxy saw). Without the setting nobody is trusted and
REMOTE_ADDR is the answer, whatever the header says.

Used for the login lockout (django-axes, AXES_CLIENT_IP_CALLABLE) and the audit trail.
"""

import functools
import ipaddress
import logging
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as text, or None when even REMOTE_ADDR is missing or malformed."""
    remote = parse_address(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return None
    proxies = trusted_proxies(tuple(getattr(settings, "CANBO_TRUSTED_PROXIES", ()) or ()))
    if not _is_trusted(remote, proxies):
        return str(remote)
    nearest = remote  # the closest address we can vouch for
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            # A value that is no address, written by (or passed on by) a trusted proxy: what lies to
            # its left cannot be vouched for. The nearest trusted address is the answer.
            return str(nearest)
        if not _is_trusted(address, proxies):
            return str(address)
        nearest = address
    return str(nearest)


def parse_address(value: str | None) -> IPAddress | None:
    """An address from REMOTE_ADDR or one X-Forwarded-For entry; None if it is not one.

    Accepts the forms proxies write: `203.0.113.5`, `203.0.113.5:4711`, `2001:db8::1`,
    `[2001:db8::1]:4711`. An IPv4 address mapped into IPv6 (`::ffff:203.0.113.5`) is the IPv4 one.
    """
    if not value:
        return None
    text = value.strip()
    if text.startswith("["):  # [IPv6]:port
        end = text.find("]")
        if end < 0:
            return None
        text = text[1:end]
    elif text.count(":") == 1:  # IPv4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return None
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
    return address


@functools.cache
def trusted_proxies(values: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """The networks named by CANBO_TRUSTED_PROXIES (a bare address is a one-address network).
    A malformed entry is left out (the system check core.E001 refuses it at start-up)."""
    networks = []
    for value in values:
        network = parse_network(value)
        if network is None:
            logger.warning("CANBO_TRUSTED_PROXIES: %r is not an address or a network; ignored", value)
        else:
            networks.append(network)
    return tuple(networks)


def parse_network(value: str) -> IPNetwork | None:
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


def malformed_proxies(values: Iterable[str]) -> list[str]:
    return [value for value in values if parse_network(value) is None]


def _is_trusted(address: IPAddress, proxies: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)
