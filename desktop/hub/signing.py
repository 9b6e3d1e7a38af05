"""The hub's signature on a faxed notice code (MD2), made and checked with Ed25519.

The hub signs the compact payload JSON the code carries, prefixed with
``SIGNING_CONTEXT`` so that a signature made for anything else the key may
sign can never pass for a notice. The bureau configures the hub's public
key (setting ``hub_fax_public_key``); a public key is no secret, so it lives
in the settings, not in the credential store. The simulator makes a key of
its own, from its seed, so a demo or a test knows which key to trust.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNING_CONTEXT = b"MoveDesk notice code MD2 signature\x00"
KEY_PREFIX = "ed25519:"
SIGNATURE_SIZE = 64


class SignatureVerdict(StrEnum):
    VALID = "valid"  # the configured hub key signed exactly this payload
    INVALID = "invalid"  # a signature is there, but not the hub's over this payload
    UNSIGNED = "unsigned"  # MD1, or MD2 without a signature
    UNCHECKED = "unchecked"  # signed, but no hub key is configured to check it


class HubKeyError(ValueError):
    """A hub public key that cannot be read."""


def _signed_bytes(payload_text: bytes) -> bytes:
    return SIGNING_CONTEXT + payload_text


class NoticeSigner:
    """The hub's side: signs payload texts with its private key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key

    @classmethod
    def from_seed(cls, seed: int | str | bytes) -> NoticeSigner:
        """The same key for the same seed: the simulator's key follows its data seed."""
        material = seed if isinstance(seed, bytes) else str(seed).encode()
        digest = hashlib.sha256(b"MoveDesk hub simulator fax key\x00" + material).digest()
        return cls(Ed25519PrivateKey.from_private_bytes(digest))

    @classmethod
    def generate(cls) -> NoticeSigner:
        return cls(Ed25519PrivateKey.generate())

    def sign(self, payload_text: bytes) -> bytes:
        return self._key.sign(_signed_bytes(payload_text))

    def __call__(self, payload_text: bytes) -> bytes:
        return self.sign(payload_text)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self._key.public_key()

    def public_key_text(self) -> str:
        """The public key as the bureau types it into the settings: ``ed25519:`` + base64."""
        return public_key_text(self.public_key)


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return KEY_PREFIX + base64.b64encode(raw).decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey:
    """``ed25519:<base64 of 32 bytes>``, bare base64, or a PEM public key; HubKeyError if not."""
    text = text.strip()
    if not text:
        raise HubKeyError("no hub public key is set")
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as error:
            raise HubKeyError(f"the hub public key is not a readable PEM key ({error})") from None
        if not isinstance(key, Ed25519PublicKey):
            raise HubKeyError("the hub public key is not an Ed25519 key")
        return key
    if text.lower().startswith(KEY_PREFIX):
        text = text[len(KEY_PREFIX) :]
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise HubKeyError("the hub public key is not base64") from None
    if len(raw) != 32:
        raise HubKeyError(f"an Ed25519 public key is 32 bytes, this one is {len(raw)}")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify(
    public_key: Ed25519PublicKey | None, payload_text: bytes, signature: bytes | None
) -> SignatureVerdict:
    """What a code's signature proves about its payload, given the configured hub key."""
    if not signature:
        return SignatureVerdict.UNSIGNED
    if public_key is None:
        return SignatureVerdict.UNCHECKED
    if len(signature) != SIGNATURE_SIZE:
        return SignatureVerdict.INVALID
    try:
        public_key.verify(signature, _signed_bytes(payload_text))
    except InvalidSignature:
        return SignatureVerdict.INVALID
    return SignatureVerdict.VALID
