"""Which network addresses kansou may connect to, decided on the resolved IP of every connection.

A URL handed to ``kansou ingest`` is written by a stranger as often as by the
user (a link in a page, a redirect), so the fetcher must not become a way into
the machine's own network. The rule:

- only the addresses a host name resolves to *at connect time* are judged, and
  the socket is opened to the very address that was judged: httpx asks
  ``GuardedBackend.connect_tcp`` for every new connection (first request,
  every redirect hop, robots.txt), so a DNS answer that changes between check
  and use (rebinding) cannot slip a private address through;
- loopback, private, link-local, multicast, reserved, unspecified and other
  non-global addresses are refused; a policy that allows private networks
  (``--allow-private``) or names the host in ``allowed_hosts`` opens loopback
  and the private LAN ranges only (``OPENABLE``);
- link-local addresses (169.254.0.0/16, fe80::/10) and cloud metadata
  endpoints are refused always, even with ``allow_private``: that is where
  instance metadata, credentials and cloud agents live (169.254.169.253 is
  AWS's DNS, 169.254.169.123 its time server), never pages anyone meant to ingest;
- an IPv6 address that embeds an IPv4 one (``::ffff:10.0.0.1``, 6to4, NAT64)
  is judged by the IPv4 address it reaches.

Every refusal is an ``UnsafeAddress`` whose message is the one-line reason.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from kansou.errors import DocumentRejected

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[IPAddress]]

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean instance metadata
        "169.254.170.2",  # AWS ECS task metadata and credentials
        "fd00:ec2::254",  # AWS instance metadata over IPv6
        "100.100.100.200",  # Alibaba Cloud metadata
        "168.63.129.16",  # Azure wire server (a public address, so named explicitly)
    )
)
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
#: The LAN ranges of RFC 1918 and IPv6 unique-local addresses (RFC 4193): what
#: "private" means here. Python's ``is_private`` also covers documentation,
#: benchmarking and reserved blocks, which no one serves pages from.
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
#: The kinds of address ``allow_private`` (or a host in ``allowed_hosts``) opens.
OPENABLE = frozenset({"loopback", "private"})


class UnsafeAddress(DocumentRejected):
    """A connection kansou refused to open; the message names the host, address and why."""


@dataclass(frozen=True)
class NetworkPolicy:
    """What the fetcher may connect to.

    ``allow_private`` opens loopback and private LAN addresses (a self-hosted
    install fetching from its own LAN); ``allowed_hosts`` opens them for the named hosts
    (names or IP literals, compared lower-case), which is how tests reach a
    server on 127.0.0.1 while still proving that a redirect elsewhere is refused.
    ``resolver`` maps (host, port) to addresses; the system resolver by default.
    """

    allow_private: bool = False
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    resolver: Resolver | None = None

    @classmethod
    def build(
        cls,
        *,
        allow_private: bool = False,
        allowed_hosts: Collection[str] = (),
        resolver: Resolver | None = None,
    ) -> NetworkPolicy:
        hosts = frozenset(h.strip("[]").lower() for h in allowed_hosts)
        return cls(allow_private=allow_private, allowed_hosts=hosts, resolver=resolver)

    def private_allowed_for(self, host: str) -> bool:
        return self.allow_private or host.strip("[]").lower() in self.allowed_hosts


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address really reaches (mapped, 6to4 or NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public internet address, or ``None`` when it is."""
    found = address_kind(ip)
    return found[1] if found else None


def address_kind(ip: IPAddress) -> tuple[str, str] | None:
    """``(kind, reason)`` when ``ip`` is not a public internet address, else ``None``.

    ``kind`` is the first of metadata, loopback, link-local, multicast,
    unspecified, private, reserved, non-global that fits: the order picks the
    most telling name, and a policy opens only the kinds in ``OPENABLE``.
    """
    inner = embedded_ipv4(ip)
    if inner is not None:
        found = address_kind(inner)
        return (found[0], f"{found[1]} (embedded in {ip})") if found else None
    checks = (
        (ip in METADATA_ADDRESSES, "cloud metadata"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_unspecified, "unspecified"),
        (any(ip in net for net in PRIVATE_NETWORKS), "private"),
        (ip.is_reserved or ip.is_private, "reserved"),
        (not ip.is_global, "non-global"),
    )
    for hit, kind in checks:
        if hit:
            return kind, f"{kind} address {ip}"
    return None


def refusal(host: str, ip: IPAddress, policy: NetworkPolicy) -> str | None:
    """Why the policy refuses to reach ``host`` at ``ip`` (the one-line reason), or ``None``."""
    found = address_kind(ip)
    if found is None:
        return None
    kind, problem = found
    if kind in OPENABLE and policy.private_allowed_for(host):
        return None
    if kind in OPENABLE:
        hint = " (use --allow-private to fetch from it)"
    elif kind == "cloud metadata":
        hint = ""
    else:
        hint = " (refused even with --allow-private, which opens only loopback and private ranges)"
    return f"host {host} refused: {problem}{hint}"


def system_resolver(host: str, port: int) -> list[IPAddress]:
    """Every address the system resolver gives for ``host``, in its order, without repeats."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeAddress(f"cannot resolve host {host!r}: {exc.strerror}") from exc
    seen: dict[IPAddress, None] = {}
    for _family, _type, _proto, _name, sockaddr in infos:
        seen[ipaddress.ip_address(str(sockaddr[0]).split("%")[0])] = None
    return list(seen)


def checked_addresses(host: str, port: int, policy: NetworkPolicy) -> list[IPAddress]:
    """Resolve ``host`` and return its addresses, refusing the host if any one is unsafe.

    All addresses must pass, not just one: a name that resolves to a public and
    a private address is refused, so the choice of address cannot be steered.
    """
    bare = host.strip("[]").lower()
    if bare in METADATA_HOSTS:
        raise UnsafeAddress(f"host {host} refused: cloud metadata host")
    try:
        addresses: list[IPAddress] = [ipaddress.ip_address(bare)]
    except ValueError:
        addresses = (policy.resolver or system_resolver)(bare, port)
    if not addresses:
        raise UnsafeAddress(f"cannot resolve host {host!r}: no addresses")
    for ip in addresses:
        reason = refusal(host, ip, policy)
        if reason is not None:
            raise UnsafeAddress(reason)
    return addresses


class GuardedBackend(httpcore.SyncBackend):
    """A network backend that checks a host's addresses and connects to a checked one.

    Resolution and connection happen here together, once per connection, so
    the address judged is the address used (the connection is pinned to it).
    TLS still verifies the certificate against the host name: httpcore passes
    the URL's host as the server name when it upgrades this stream.
    """

    def __init__(self, policy: NetworkPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for ip in checked_addresses(host, port, self.policy):
            try:
                return super().connect_tcp(str(ip), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last_error = exc
        assert last_error is not None
        raise last_error


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool built on ``GuardedBackend``.

    Proxies from the environment are ignored (``trust_env=False``): through a
    proxy the check would judge the proxy's address instead of the target's.
    ``ssl_context`` replaces the default (system CAs, hostname checked), e.g. to
    trust an internal CA; certificates are verified against the URL's host name.
    """

    def __init__(self, policy: NetworkPolicy, ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
            max_connections=10,
            network_backend=GuardedBackend(policy),
        )
