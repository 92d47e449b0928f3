"""One spelling for a host, so that a domain rule cannot be dodged by writing it another way.

`PEER.example`, `peer.example.`, `peer.example:443` (over https) and, for an
internationalised name, its Unicode and its punycode (`xn--`) forms all reach the same
server; a rule stored in one spelling must match a request made in any other. So rules
are stored normalised and every check normalises the host it is given the same way.
What cannot be read as a host at all is `BadHost`: the policy refuses it (fail closed).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

DEFAULT_PORTS = {"https": 443, "http": 80}
MAX_LENGTH = 253
# Letters, digits and hyphens (and the underscore some real hosts carry), 1 to 63 long.
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
# What a resolver reads as an IPv4 address written another way (0x7f.1, 2130706433...).
_NUMERIC_IPV4 = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}$")


class BadHost(ValueError):
    """The text is not a host name (with an optional port) we could ever connect to."""


def normalise_host(value: str, scheme: str = "https") -> str:
    """The one spelling of `value` ("host" or "host:port"): lower case, no trailing dot,
    punycode for Unicode names, IP addresses in their canonical form, and no port when it
    is the scheme's default one (443 for https, 80 for http).

    >>> normalise_host("Bücher.Example.:443")
    'xn--bcher-kva.example'
    """
    if not isinstance(value, str):
        raise BadHost("a host must be text")
    text = value.strip()
    if not text or len(text) > MAX_LENGTH + 8 or any(c in text for c in "/?#@\\ \t\r\n%"):
        raise BadHost(f"{value!r} is not a host name")
    host, port = _split_port(text)
    if port is not None and port == DEFAULT_PORTS.get(scheme.lower()):
        port = None
    host = _canonical_name(host)
    return host if port is None else f"{host}:{port}"


def host_of_url(url: str) -> str:
    """The normalised host (and non-default port) of an absolute http(s) URL."""
    try:
        parts = urlsplit(url.strip())
    except (ValueError, AttributeError) as error:
        raise BadHost(f"{url!r} is not a URL") from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.netloc:
        raise BadHost(f"{url!r} is not an http(s) URL")
    return normalise_host(parts.netloc, scheme)


def without_port(host: str) -> str:
    """`node.example` for `node.example:8443` (a normalised host)."""
    if host.startswith("["):
        return host[: host.index("]") + 1]
    return host.rpartition(":")[0] if ":" in host else host


def parent_domains(host: str) -> list[str]:
    """The host itself, then without its port, then each domain above it, most precise
    first: `a.b.example:8443` -> [`a.b.example:8443`, `a.b.example`, `b.example`, `example`].
    IP addresses have no parents."""
    bare = without_port(host)
    found = [host] if bare != host else []
    if bare.startswith("[") or _is_ip(bare):
        return [*found, bare]
    labels = bare.split(".")
    return [*found, *(".".join(labels[i:]) for i in range(len(labels)))]


def is_within(domain: str, rule_domain: str) -> bool:
    """Whether a block of `rule_domain` (normalised) covers `domain` (any spelling)."""
    try:
        return rule_domain in parent_domains(normalise_host(domain))
    except BadHost:
        return False


def _split_port(text: str) -> tuple[str, int | None]:
    if text.startswith("["):  # an IPv6 literal, [::1] or [::1]:8443
        end = text.find("]")
        if end == -1:
            raise BadHost(f"{text!r} is not a host name")
        host, rest = text[: end + 1], text[end + 1 :]
        if rest and not rest.startswith(":"):
            raise BadHost(f"{text!r} is not a host name")
        return host, _port(rest[1:]) if rest else None
    if text.count(":") > 1:
        raise BadHost(f"{text!r}: an IPv6 address is written in brackets")
    host, colon, port = text.partition(":")
    return host, _port(port) if colon else None


def _port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 65536:
        raise BadHost(f"{text!r} is not a port")
    return int(text)


def _canonical_name(host: str) -> str:
    if host.startswith("["):
        try:
            return f"[{ipaddress.IPv6Address(host[1:-1]).compressed}]"
        except ValueError as error:
            raise BadHost(f"{host!r} is not an IPv6 address") from error
    try:
        ascii_host = host.lower().encode("idna").decode("ascii").lower()
        ascii_host.encode("ascii").decode("idna")  # refuses xn-- labels that are not punycode
    except UnicodeError as error:
        raise BadHost(f"{host!r} is not a host name") from error
    if ascii_host.endswith("."):  # the root, written or not; one dot only ("host.." is wrong)
        ascii_host = ascii_host[:-1]
    if _NUMERIC_IPV4.match(ascii_host):
        try:
            return str(ipaddress.IPv4Address(socket.inet_aton(ascii_host)))
        except OSError as error:
            raise BadHost(f"{host!r} is not an IPv4 address") from error
    if len(ascii_host) > MAX_LENGTH or not all(_LABEL.match(x) for x in ascii_host.split(".")):
        raise BadHost(f"{host!r} is not a host name")
    return ascii_host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
