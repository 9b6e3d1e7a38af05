"""TLS for the hub connection: server verification always on, optional client certificate.

A partner PC may hold its client certificate as PEM (certificate and key in
one file, or two files) or as PKCS#12 (.p12/.pfx) with a passphrase. Both end
up in one ``ssl.SSLContext`` that the client's transport adapter uses.
"""

from __future__ import annotations

import os
import secrets
import ssl
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    PrivateFormat,
    pkcs12,
)
from requests.adapters import HTTPAdapter
from requests.utils import DEFAULT_CA_BUNDLE_PATH

ClientCertificate = str | os.PathLike[str] | tuple[str | os.PathLike[str], str | os.PathLike[str]]

PKCS12_SUFFIXES = {".p12", ".pfx"}


class CertificateProblem(Exception):
    """The client certificate or CA bundle cannot be used; the message says why."""


def client_ssl_context(
    *,
    ca_bundle: str | os.PathLike[str] | None = None,
    client_cert: ClientCertificate | None = None,
    passphrase: str | None = None,
) -> ssl.SSLContext:
    """A context that verifies the hub against ``ca_bundle`` (or the usual public CAs)."""
    try:
        context = ssl.create_default_context(cafile=os.fspath(ca_bundle or DEFAULT_CA_BUNDLE_PATH))
    except (OSError, ssl.SSLError) as error:
        raise CertificateProblem(f"the CA bundle {ca_bundle} cannot be read ({error})") from error
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if client_cert is not None:
        _load_client_certificate(context, client_cert, passphrase)
    return context


def _load_client_certificate(
    context: ssl.SSLContext, client_cert: ClientCertificate, passphrase: str | None
) -> None:
    if isinstance(client_cert, tuple):
        certfile, keyfile = (os.fspath(part) for part in client_cert)
    else:
        certfile, keyfile = os.fspath(client_cert), None
    if Path(certfile).suffix.lower() in PKCS12_SUFFIXES:
        _load_pkcs12(context, Path(certfile), passphrase)
        return
    try:
        # An empty password rather than None: None would make OpenSSL prompt
        # on a console that a desktop program does not have.
        context.load_cert_chain(certfile, keyfile, password=passphrase or "")
    except FileNotFoundError as error:
        raise CertificateProblem(
            f"the client certificate file {error.filename} does not exist"
        ) from error
    except (OSError, ssl.SSLError) as error:
        raise CertificateProblem(
            f"the client certificate {certfile} cannot be used: wrong passphrase, or not a "
            "PEM certificate with its private key"
        ) from error


def _load_pkcs12(context: ssl.SSLContext, path: Path, passphrase: str | None) -> None:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CertificateProblem(
            f"the client certificate {path} cannot be read ({error.strerror})"
        ) from error
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") if passphrase else None
        )
    except ValueError as error:
        raise CertificateProblem(
            f"the client certificate {path.name} cannot be opened: wrong passphrase or a damaged file"
        ) from error
    if key is None or certificate is None:
        raise CertificateProblem(
            f"the client certificate {path.name} holds no certificate with its key"
        )
    # ssl loads keys only from files. The key goes to a private temporary file
    # encrypted under a throw-away password, so it never lies on disk in clear.
    transient_password = secrets.token_urlsafe(32).encode("ascii")
    pem = key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(transient_password)
    )
    pem += certificate.public_bytes(Encoding.PEM)
    pem += b"".join(extra.public_bytes(Encoding.PEM) for extra in chain)
    handle, temporary = tempfile.mkstemp(prefix="movedesk-", suffix=".pem")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(pem)
        context.load_cert_chain(temporary, password=transient_password)
    except ssl.SSLError as error:
        raise CertificateProblem(
            f"the client certificate {path.name} cannot be used ({error})"
        ) from error
    finally:
        os.unlink(temporary)


class ContextAdapter(HTTPAdapter):
    """A requests transport that uses our own ``SSLContext`` for every HTTPS connection."""

    def __init__(self, context: ssl.SSLContext, **kwargs: object) -> None:
        self._context = context
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]

    def build_connection_pool_key_attributes(self, request, verify, cert=None):  # type: ignore[no-untyped-def]
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        # The context already trusts the right CAs; verification stays on
        # because requests still asks for CERT_REQUIRED.
        pool_kwargs.pop("ca_certs", None)
        pool_kwargs.pop("ca_cert_dir", None)
        pool_kwargs["ssl_context"] = self._context
        return host_params, pool_kwargs

    def cert_verify(self, conn, url, verify, cert):  # type: ignore[no-untyped-def]
        super().cert_verify(conn, url, verify, cert)
        conn.ca_certs = None
        conn.ca_cert_dir = None
