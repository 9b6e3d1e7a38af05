"""Secrets live in the operating system's credential store, and nowhere else.

On Windows that is the Credential Manager. The environment variable
``MOVEDESK_HUB_PASSWORD`` is accepted for unattended runs; it is the less
safe way and the README says so.
"""

from __future__ import annotations

import os

SERVICE = "MoveDesk"


class SecretUnavailable(RuntimeError):
    pass


def _hub_key(partner_id: str) -> str:
    return f"hub-password:{partner_id}"


def _passphrase_key(certificate_path: str) -> str:
    return f"certificate-passphrase:{certificate_path}"


def hub_password(partner_id: str) -> str | None:
    from_environment = os.environ.get("MOVEDESK_HUB_PASSWORD")
    if from_environment:
        return from_environment
    return _read(_hub_key(partner_id))


def store_hub_password(partner_id: str, password: str) -> None:
    _write(_hub_key(partner_id), password)


def certificate_passphrase(certificate_path: str) -> str | None:
    return _read(_passphrase_key(certificate_path))


def store_certificate_passphrase(certificate_path: str, passphrase: str) -> None:
    _write(_passphrase_key(certificate_path), passphrase)


def _service_account_key(name: str) -> str:
    return f"service-account:{name}"


def service_account_secret(name: str) -> str | None:
    return _read(_service_account_key(name))


def store_service_account_secret(name: str, secret: str) -> None:
    _write(_service_account_key(name), secret)


def delete_service_account_secret(name: str) -> None:
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(SERVICE, _service_account_key(name))
    except keyring.errors.PasswordDeleteError:
        pass  # already gone: removing an account must not fail on it
    except keyring.errors.KeyringError as error:
        raise SecretUnavailable(f"the credential store cannot be written: {error}") from error


def backend_name() -> str:
    import keyring

    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


# keyring is imported on first use: it is slow to load and most starts never need it.
def _read(key: str) -> str | None:
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(SERVICE, key)
    except keyring.errors.KeyringError as error:
        raise SecretUnavailable(f"the credential store cannot be read: {error}") from error


def _write(key: str, value: str) -> None:
    import keyring
    import keyring.errors

    try:
        keyring.set_password(SERVICE, key, value)
    except keyring.errors.KeyringError as error:
        raise SecretUnavailable(f"the credential store cannot be written: {error}") from error
