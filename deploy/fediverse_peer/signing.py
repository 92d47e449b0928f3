"""HTTP Signatures as Mastodon 4.x makes them (draft-cavage-http-signatures-12, rsa-sha256).

Written apart from Tremplin's own federation/protocol/signatures.py on purpose: a peer that shared
our code would share our mistakes, and a signature both sides get wrong the same way would
pass every test. What Mastodon does (app/lib/request.rb):

- a POST signs `(request-target) host date digest`, Digest being `SHA-256=<base64>`;
- a GET (its authorized fetch) signs `(request-target) host date`;
- keyId is the actor id + `#main-key`, algorithm `rsa-sha256`, RSASSA-PKCS1-v1_5 SHA-256.

Verification here checks the RSA signature over the signing string and the digest, and
nothing fancy (no time window, no required header set): the peer records what it got so
that tests can assert on it, it does not police anyone.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from email.utils import formatdate
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

POST_HEADERS = ("(request-target)", "host", "date", "digest")
GET_HEADERS = ("(request-target)", "host", "date")
_PARAM = re.compile(r'(\w+)="([^"]*)"')


def new_key() -> tuple[rsa.RSAPrivateKey, str]:
    """An RSA-2048 key and its public half as SubjectPublicKeyInfo PEM (Mastodon's kind)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
    return key, public_pem


def digest(body: bytes) -> str:
    """The Digest header value of a body: `SHA-256=<base64 of the SHA-256>`."""
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def http_date() -> str:
    """Now, as an HTTP Date header (RFC 7231 IMF-fixdate)."""
    return formatdate(usegmt=True)


def signing_string(
    method: str, path: str, headers: Mapping[str, str], names: tuple[str, ...]
) -> str:
    """The lines a signature covers, in the order named. `headers` keys are lower-case."""
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {path}")
        else:
            lines.append(f"{name}: {headers[name]}")
    return "\n".join(lines)


def sign(
    method: str,
    url: str,
    key: rsa.RSAPrivateKey,
    key_id: str,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The headers of a signed request to `url`: given ones plus Host, Date, (Digest), Signature."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    signed = {name.lower(): value for name, value in (headers or {}).items()}
    signed["host"] = parts.netloc
    signed["date"] = http_date()
    names = GET_HEADERS
    if body is not None:
        signed["digest"] = digest(body)
        names = POST_HEADERS
    text = signing_string(method, path, signed, names)
    signature = key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    signed["signature"] = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
        f'signature="{base64.b64encode(signature).decode("ascii")}"'
    )
    return {name.title() if not name.startswith("(") else name: v for name, v in signed.items()}


def parse(header: str) -> dict[str, str]:
    """keyId, algorithm, headers, signature of a Signature header (empty when there is none)."""
    return dict(_PARAM.findall(header or ""))


def verify(method: str, path: str, headers: Mapping[str, str], body: bytes, public_pem: str) -> str:
    """ "" when the request's signature (and digest) hold under the key, else what is wrong."""
    lowered = {name.lower(): value for name, value in headers.items()}
    params = parse(lowered.get("signature", ""))
    if not params.get("signature"):
        return "no signature"
    names = tuple(params.get("headers", "date").split())
    if body and "digest" in names and lowered.get("digest") != digest(body):
        return "digest does not match the body"
    try:
        text = signing_string(method, path, lowered, names)
    except KeyError as missing:
        return f"signed header {missing} is absent"
    key = serialization.load_pem_public_key(public_pem.encode("ascii"))
    if not isinstance(key, rsa.RSAPublicKey):
        return "not an RSA key"
    try:
        key.verify(
            base64.b64decode(params["signature"]),
            text.encode("utf-8"),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except (InvalidSignature, ValueError):
        return "signature does not verify"
    return ""
