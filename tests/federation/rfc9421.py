"""A test signer for RFC 9421 HTTP Message Signatures, written from the RFC, apart from
federation/protocol/message_signatures.py (which only verifies), so the two check each other."""

from __future__ import annotations

import base64
import hashlib
import time
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

DEFAULT_COMPONENTS = ("@method", "@target-uri", "@authority", "content-digest")


def content_digest(body: bytes) -> str:
    """RFC 9530: sha-256=:<base64>:"""
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"


def sign(
    method: str,
    url: str,
    body: bytes | None,
    key_id: str,
    private_key: rsa.RSAPrivateKey,
    *,
    components: tuple[str, ...] = DEFAULT_COMPONENTS,
    created: int | None = None,
    alg: str | None = "rsa-v1_5-sha256",
    label: str = "sig1",
) -> dict[str, str]:
    """The headers to send (Host, Content-Digest, Signature-Input, Signature)."""
    parts = urlsplit(url)
    headers = {"Host": parts.netloc}
    if body is not None:
        headers["Content-Digest"] = content_digest(body)
    else:
        components = tuple(c for c in components if c != "content-digest")
    values = {
        "@method": method.upper(),
        "@target-uri": url,
        "@authority": parts.netloc.lower(),
        "@path": parts.path,
        "@query": "?" + parts.query,
        "@request-target": parts.path + (f"?{parts.query}" if parts.query else ""),
        "content-digest": headers.get("Content-Digest", ""),
        "host": parts.netloc,
    }
    inner = "(" + " ".join(f'"{c}"' for c in components) + ")"
    params = f";created={created if created is not None else int(time.time())}"
    params += f';keyid="{key_id}"'
    if alg:
        params += f';alg="{alg}"'
    signature_params = inner + params
    base = "".join(f'"{c}": {values[c]}\n' for c in components)
    base += f'"@signature-params": {signature_params}'
    signature = private_key.sign(base.encode(), padding.PKCS1v15(), hashes.SHA256())
    headers["Signature-Input"] = f"{label}={signature_params}"
    headers["Signature"] = f"{label}=:{base64.b64encode(signature).decode()}:"
    return headers
