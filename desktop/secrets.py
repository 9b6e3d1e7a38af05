"""Secrets live in the operating system's credential store, and nowhere else.

On Windows that is the Credential Manager. The environment variable
``MOVEDESK_HUB_PASSWORD`` is accepted for unattended runs; it is the less
safe way and the README says so.
"""

from __future__ import annotations

import os

from desktop.messages import QT_TRANSLATE_NOOP, UserError

SERVICE = "MoveDesk"


class SecretUnavailable(UserError, RuntimeError):
    """The operating system's credential store refused to read or write."""


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


def _database_key(url: str) -> str | None:
    """user@host:port/database of a PostgreSQL URL without a password; None otherwise."""
    if not url.startswith("postgresql"):
        return None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if not parsed.drivername.startswith("postgresql") or parsed.password:
        return None
    port = parsed.port or 5432
    return f"database-password:{parsed.username}@{parsed.host}:{port}/{parsed.database}"


def database_url_with_password(url: str) -> str:
    """A PostgreSQL URL given without a password gets the one in the credential store.

    The password then never sits in settings.json; ``movedesk db login``
    stores it. Any other URL comes back unchanged.
    """
    key = _database_key(url)
    password = _read(key) if key else None
    if not password:
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).set(password=password).render_as_string(hide_password=False)


def store_database_password(url: str, password: str) -> str:
    """Store the password for ``url`` (given without one); returns the entry's name."""
    key = _database_key(url)
    if key is None:
        raise ValueError("a PostgreSQL URL without a password is needed")
    _write(key, password)
    return key


def unknown_id_key() -> bytes:
    """The key that turns user IDs with no account into pseudonyms in the audit log.

    Made on first use; kept in the credential store so the same mistyped ID
    gets the same pseudonym (and its own attempt count) every time.
    """
    stored = _read(_UNKNOWN_ID_KEY)
    if not stored:
        stored = os.urandom(32).hex()
        _write(_UNKNOWN_ID_KEY, stored)
    return bytes.fromhex(stored)


_UNKNOWN_ID_KEY = "unknown-user-id-key"


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
        raise SecretUnavailable(
            "credential_store_unreadable",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "資格情報ストア（Windows 資格情報マネージャー）を読めません（{reason}）",
            ),
            reason=str(error),
        ) from error


def _write(key: str, value: str) -> None:
    import keyring
    import keyring.errors

    try:
        keyring.set_password(SERVICE, key, value)
    except keyring.errors.KeyringError as error:
        raise SecretUnavailable(
            "credential_store_unwritable",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "資格情報ストア（Windows 資格情報マネージャー）に保存できません（{reason}）",
            ),
            reason=str(error),
        ) from error
