"""RFC 9421 HTTP Message Signatures, verified (we still sign with draft-cavage).

Why: newer servers (Mastodon 4.4+ behind a flag, Bonfire, Fedify-based ones) knock
first with RFC 9421 and fall back to draft-cavage only after a refusal, once per
origin; verifying both means they are never refused. We sign with draft-cavage
because every peer verifies it (docs/decisions: rfc9421-verify-only).

Pure like federation/protocol/signatures.py (no Django, no database, no network); the same
two steps, reached through `signatures.check_request` / `verify_request` whenever a
request carries `Signature-Input`, so the inbox and authorized fetch keep their one
gate and one key cache:

- `check_request`: structure (RFC 8941 structured fields), required components,
  time window (`created` required, `expires` honoured, same limits as draft-cavage),
  and `Content-Digest` (RFC 9530: sha-256 or sha-512, every known one must match).
- `verify_request`: all of that, then the signature base (RFC 9421 section 2.5) and
  RSASSA-PKCS1-v1_5 SHA-256 (`rsa-v1_5-sha256`, what Mastodon's actor keys do).

Covered components we understand: @method, @authority, @scheme, @target-uri,
@request-target, @path, @query, and header fields (no ;sf/;key/;bs/;req parameters).
A signature must cover @method, the target (@target-uri, @request-target or @path),
the host (@authority or host) and, with a body, content-digest.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from federation.protocol.signatures import (
    BODYLESS_METHODS,
    DEFAULT_LIFETIME,
    EXPIRATION_WINDOW_LIMIT,
    MAX_SIGNATURE_HEADER_LENGTH,
    SignatureError,
    SignatureMismatch,
    SignatureParams,
    _header_index,
    http_date,
    load_public_key,
)

ALGORITHM = "rsa-v1_5-sha256"
MAX_COMPONENTS = 24
DERIVED = frozenset(
    {"@method", "@authority", "@scheme", "@target-uri", "@request-target", "@path", "@query"}
)
TARGETS = ("@target-uri", "@request-target", "@path")
DIGESTS = {"sha-256": hashlib.sha256, "sha-512": hashlib.sha512}


# -- RFC 8941 structured fields: the subset HTTP signatures use ---------------------------------


class StructuredFieldError(ValueError):
    pass


class Token(str):
    """An sf-token (told apart from an sf-string)."""


@dataclass(frozen=True)
class Item:
    value: object  # int, Decimal, str, Token, bytes, bool, or a tuple of Items (inner list)
    params: dict[str, object]


_KEY = re.compile(r"[a-z*][a-z0-9_.*-]*")
_TOKEN = re.compile(r"[A-Za-z*][A-Za-z0-9!#$%&'*+.^_`|~:/-]*")
_NUMBER = re.compile(r"-?\d{1,15}(?:\.\d{1,3})?")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def skip(self, chars: str = " ") -> None:
        while self.peek() and self.peek() in chars:
            self.at += 1

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise StructuredFieldError(f"expected {char!r} at {self.at}")
        self.at += 1

    def match(self, pattern: re.Pattern[str]) -> str:
        found = pattern.match(self.text, self.at)
        if found is None:
            raise StructuredFieldError(f"unexpected character at {self.at}")
        self.at = found.end()
        return found.group(0)

    def key(self) -> str:
        return self.match(_KEY)

    def bare_item(self) -> object:
        char = self.peek()
        if char == '"':
            self.at += 1
            out = []
            while True:
                char = self.peek()
                if not char:
                    raise StructuredFieldError("unterminated string")
                self.at += 1
                if char == "\\":
                    escaped = self.peek()
                    if escaped not in ('"', "\\"):
                        raise StructuredFieldError("bad escape in string")
                    out.append(escaped)
                    self.at += 1
                elif char == '"':
                    return "".join(out)
                elif not (" " <= char <= "~"):
                    raise StructuredFieldError("string holds a non-printable character")
                else:
                    out.append(char)
        if char == ":":
            self.at += 1
            end = self.text.find(":", self.at)
            if end < 0:
                raise StructuredFieldError("unterminated byte sequence")
            raw, self.at = self.text[self.at : end], end + 1
            try:
                return base64.b64decode(raw, validate=True)
            except (binascii.Error, ValueError) as error:
                raise StructuredFieldError("byte sequence is not base64") from error
        if char == "?":
            self.at += 1
            flag = self.peek()
            if flag not in ("0", "1"):
                raise StructuredFieldError("bad boolean")
            self.at += 1
            return flag == "1"
        if char == "-" or char.isdigit():
            number = self.match(_NUMBER)
            return Decimal(number) if "." in number else int(number)
        return Token(self.match(_TOKEN))

    def params(self) -> dict[str, object]:
        params: dict[str, object] = {}
        while self.peek() == ";":
            self.at += 1
            self.skip()
            name = self.key()
            value: object = True
            if self.peek() == "=":
                self.at += 1
                value = self.bare_item()
            params[name] = value
        return params

    def item_or_inner_list(self) -> Item:
        if self.peek() == "(":
            self.at += 1
            items = []
            while True:
                self.skip()
                if self.peek() == ")":
                    self.at += 1
                    break
                items.append(Item(self.bare_item(), self.params()))
                if self.peek() not in (" ", ")"):
                    raise StructuredFieldError(f"bad inner list at {self.at}")
            return Item(tuple(items), self.params())
        return Item(self.bare_item(), self.params())

    def dictionary(self) -> dict[str, tuple[Item, str]]:
        """Members by key, each with the exact text of its value (for @signature-params)."""
        members: dict[str, tuple[Item, str]] = {}
        self.skip()
        while self.peek():
            name = self.key()
            start = self.at
            if self.peek() == "=":
                self.at += 1
                start = self.at
                item = self.item_or_inner_list()
            else:
                item = Item(True, self.params())
            members[name] = (item, self.text[start : self.at])
            self.skip(" \t")
            if not self.peek():
                break
            self.expect(",")
            self.skip(" \t")
            if not self.peek():
                raise StructuredFieldError("trailing comma")
        return members


def parse_dictionary(text: str) -> dict[str, tuple[Item, str]]:
    """An RFC 8941 Dictionary; raises StructuredFieldError when it is not one."""
    return _Parser(text.strip()).dictionary()


# -- checking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Signature:
    label: str
    components: tuple[str, ...]
    raw_params: str
    params: dict[str, object]
    signature: bytes


def _dictionary(index: dict[str, str], name: str) -> dict[str, tuple[Item, str]]:
    value = index.get(name, "")
    if len(value) > MAX_SIGNATURE_HEADER_LENGTH:
        raise SignatureError(f"{name} header too long")
    try:
        return parse_dictionary(value)
    except StructuredFieldError as error:
        raise SignatureError(f"{name} is not a structured-field dictionary: {error}") from error


def _signature(index: dict[str, str]) -> _Signature:
    inputs, signatures = _dictionary(index, "signature-input"), _dictionary(index, "signature")
    label = next((name for name in inputs if name in signatures), None)
    if label is None:
        raise SignatureError("no Signature-Input member has a matching Signature")
    item, raw = inputs[label]
    signature = signatures[label][0].value
    if not isinstance(item.value, tuple) or not isinstance(signature, bytes):
        raise SignatureError("Signature-Input must be an inner list, Signature a byte sequence")
    if len(item.value) > MAX_COMPONENTS:
        raise SignatureError("too many covered components")
    components = []
    for component in item.value:
        if not isinstance(component.value, str) or isinstance(component.value, Token):
            raise SignatureError("a covered component is not a string")
        if component.params:
            raise SignatureError(f"component parameters are not supported ({component.value})")
        name = component.value
        if name != name.lower() or (name.startswith("@") and name not in DERIVED):
            raise SignatureError(f"unsupported covered component {name[:40]!r}")
        if name in components:
            raise SignatureError(f"component {name} covered twice")
        components.append(name)
    return _Signature(label, tuple(components), raw, item.params, signature)


def _timestamp(params: dict[str, object], name: str) -> datetime | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SignatureError(f"signature parameter {name} is not an integer")
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise SignatureError(f"signature parameter {name} is out of range") from error


def check_content_digest(value: str, body: bytes) -> None:
    """RFC 9530: at least one digest we know (sha-256, sha-512), and every one of them matches."""
    try:
        members = parse_dictionary(value)
    except StructuredFieldError as error:
        raise SignatureError(f"Content-Digest is not a dictionary: {error}") from error
    known = [(name, item.value) for name, (item, _raw) in members.items() if name in DIGESTS]
    if not known:
        raise SignatureError("Content-Digest offers neither sha-256 nor sha-512")
    for name, given in known:
        if not isinstance(given, bytes):
            raise SignatureError(f"Content-Digest {name} is not a byte sequence")
        if not hmac.compare_digest(given, DIGESTS[name](body).digest()):
            raise SignatureError("Content-Digest header does not match the body")


def check_request(
    method: str,
    path_with_query: str,
    headers: Mapping[str, str | Iterable[str]],
    body: bytes,
    now: datetime,
    *,
    clock_skew: timedelta,
) -> SignatureParams:
    """Every check but the RSA one (what can be refused before fetching the signer's key)."""
    index = _header_index(headers)
    signature = _signature(index)
    params = signature.params
    key_id = params.get("keyid")
    if not isinstance(key_id, str) or isinstance(key_id, Token) or not key_id:
        raise SignatureError("Signature-Input has no keyid")
    algorithm = params.get("alg", ALGORITHM)
    if algorithm != ALGORITHM:
        raise SignatureError(f"unsupported signature algorithm {str(algorithm)[:32]!r}")
    covered = set(signature.components)
    if "@method" not in covered:
        raise SignatureError("the signature does not cover @method")
    if not covered & set(TARGETS):
        raise SignatureError("the signature does not cover the target (@target-uri or @path)")
    if not covered & {"@authority", "host", "@target-uri"}:
        raise SignatureError("the signature does not cover @authority")
    if method.upper() not in BODYLESS_METHODS and "content-digest" not in covered:
        raise SignatureError("the signature does not cover content-digest")
    for name in signature.components:
        if not name.startswith("@") and name not in index:
            raise SignatureError(f"signed header {name!r} is missing from the request")
    if "@authority" in covered and "host" not in index:
        raise SignatureError("@authority is signed but the request has no Host")

    created = _timestamp(params, "created")
    if created is None:
        raise SignatureError("the signature has no created parameter")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if created > now + clock_skew:
        raise SignatureError(f"created is in the future ({http_date(created)})")
    expires = _timestamp(params, "expires") or created + DEFAULT_LIFETIME
    if now > min(expires, created + EXPIRATION_WINDOW_LIMIT) + clock_skew:
        raise SignatureError(f"the signature has expired (created {http_date(created)})")
    if "content-digest" in index:
        check_content_digest(index["content-digest"], body)
    return SignatureParams(
        key_id=key_id,
        algorithm=ALGORITHM,
        headers=signature.components,
        signature=signature.signature,
        created=created,
        expires=_timestamp(params, "expires"),
    )


def _component(
    name: str, method: str, path_with_query: str, index: dict[str, str], scheme: str
) -> str:
    authority = index.get("host", "").lower()
    parts = urlsplit(path_with_query)
    if name == "@method":
        return method.upper()
    if name == "@authority":
        return authority
    if name == "@scheme":
        return scheme.lower()
    if name == "@target-uri":
        return f"{scheme.lower()}://{authority}{path_with_query}"
    if name == "@request-target":
        return path_with_query
    if name == "@path":
        return parts.path or "/"
    if name == "@query":
        return f"?{parts.query}"
    return index[name]


def signature_base(
    method: str,
    path_with_query: str,
    headers: Mapping[str, str | Iterable[str]],
    *,
    scheme: str = "https",
) -> str:
    """The text signed (RFC 9421 section 2.5), for the first signature of the request."""
    index = _header_index(headers)
    signature = _signature(index)
    lines = [
        f'"{name}": {_component(name, method, path_with_query, index, scheme)}'
        for name in signature.components
    ]
    lines.append(f'"@signature-params": {signature.raw_params}')
    return "\n".join(lines)


def verify_request(
    method: str,
    path_with_query: str,
    headers: Mapping[str, str | Iterable[str]],
    body: bytes,
    public_key_pem: str,
    now: datetime,
    *,
    clock_skew: timedelta,
    scheme: str = "https",
) -> SignatureParams:
    """Check the request entirely; the caller still checks that the key is the actor's."""
    params = check_request(method, path_with_query, headers, body, now, clock_skew=clock_skew)
    key = load_public_key(public_key_pem)
    text = signature_base(method, path_with_query, headers, scheme=scheme)
    try:
        key.verify(params.signature, text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as error:
        raise SignatureMismatch(
            f"signature does not match the request for key {params.key_id[:200]}"
        ) from error
    return params
