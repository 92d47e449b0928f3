"""Key pairs of local actors: made when first needed, parsed once per process."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.db import IntegrityError, transaction

from federation.models import ActorKey
from federation.protocol.signatures import generate_keypair, load_private_key
from profiles.models import Profile


def key_for(profile: Profile | None) -> ActorKey:
    """The actor's key row, created on first use (RSA-2048)."""
    existing = ActorKey.objects.filter(profile=profile).first()
    if existing is not None:
        return existing
    private_pem, public_pem = generate_keypair()
    try:
        with transaction.atomic():
            return ActorKey.objects.create(
                profile=profile, private_pem=private_pem, public_pem=public_pem
            )
    except IntegrityError:  # another process made it first
        return ActorKey.objects.get(profile=profile)


def private_key_for(profile: Profile | None) -> RSAPrivateKey:
    return load_private_key(key_for(profile).private_pem)


def rotate(profile: Profile | None) -> ActorKey:
    """A new key pair; peers learn it from the actor Update that follows."""
    private_pem, public_pem = generate_keypair()
    key = key_for(profile)
    key.private_pem, key.public_pem = private_pem, public_pem
    key.save(update_fields=["private_pem", "public_pem"])
    return key
