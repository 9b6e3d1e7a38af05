"""Fixtures for the hub tests: a running simulator, clients that never really wait,
the contract document as a response checker, and a small certificate authority."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)
from cryptography.x509.oid import NameOID
from jsonschema import Draft202012Validator

from desktop.hub.client import HubClient, HubConfig
from desktop.hub.residents import JST
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator

FIXED_NOW = datetime(2025, 11, 21, 10, 30, tzinfo=JST)


class Clock:
    """The simulator's notion of now, moved on by tests instead of waiting."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock(FIXED_NOW)


@pytest.fixture
def hub(clock: Clock) -> Iterator[HubSimulator]:
    with HubSimulator(notices=40, seed=42, clock=clock) as simulator:
        yield simulator


@pytest.fixture
def sleeps() -> list[float]:
    """Every pause the client asked for; the tests never really sleep."""
    return []


@pytest.fixture
def make_client(hub: HubSimulator, sleeps: list[float]) -> Iterator[Callable[..., HubClient]]:
    made: list[HubClient] = []

    def make(**overrides: Any) -> HubClient:
        settings: dict[str, Any] = {
            "base_url": hub.url,
            "partner_id": DEMO_PARTNER_ID,
            "password": DEMO_PASSWORD,
            "timeout": 5.0,
        }
        settings.update(overrides)
        client = HubClient(HubConfig(**settings), sleep=sleeps.append)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., HubClient]) -> HubClient:
    return make_client()


def decision(version: int = 1, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "decision": "accept",
        "version": version,
        "staff": "窓口 花子",
        "decided_at": "2025-11-21T10:45:00+09:00",
    }
    body.update(changes)
    return body


# -- the contract ---------------------------------------------------------------


class Contract:
    """The OpenAPI document, used to check real answers of the simulator."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        # The components ride along so that "#/components/..." references resolve.
        rooted = {**schema, "components": self.document["components"]}
        return Draft202012Validator(rooted, format_checker=Draft202012Validator.FORMAT_CHECKER)

    def schema(self, name: str) -> Draft202012Validator:
        return self.validator({"$ref": f"#/components/schemas/{name}"})

    def check(self, response: requests.Response, method: str, template: str) -> Any:
        """Assert the answer is one the document promises; returns its JSON body."""
        operation = self.document["paths"][template][method.lower()]
        documented = operation["responses"].get(str(response.status_code))
        assert documented is not None, f"{method} {template} may not answer {response.status_code}"
        documented = self.resolve(documented)
        for name, header in documented.get("headers", {}).items():
            header = self.resolve(header)
            if header.get("required"):
                assert name in response.headers, f"{response.status_code} lacks {name}"
                self.validator(header["schema"]).validate(response.headers[name])
        media_type = response.headers["Content-Type"].split(";")[0].strip()
        assert media_type in documented["content"], f"{media_type} not documented"
        body = response.json()
        self.validator(documented["content"][media_type]["schema"]).validate(body)
        return body


@pytest.fixture(scope="session")
def contract_document() -> dict[str, Any]:
    text = resources.files("resources").joinpath("hub-openapi.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.fixture(scope="session")
def contract(contract_document: dict[str, Any]) -> Contract:
    return Contract(contract_document)


# -- certificates -----------------------------------------------------------------


@dataclass(frozen=True)
class Pki:
    ca_file: Path
    server_cert: Path
    server_key: Path
    client_combined: Path  # certificate and unencrypted key in one PEM file
    client_cert: Path
    client_key_encrypted: Path
    client_p12: Path
    passphrase: str
    stranger_ca_file: Path
    stranger_server_cert: Path
    stranger_server_key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
    *,
    server: bool = False,
) -> x509.Certificate:
    now = datetime.now(JST)
    issuer_name = issuer[0].subject if issuer else _name(subject)
    signing_key = issuer[1] if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
    )
    if issuer is None:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
    return builder.sign(signing_key, hashes.SHA256())


def _pem_key(key: ec.EllipticCurvePrivateKey, passphrase: str | None = None) -> bytes:
    encryption = BestAvailableEncryption(passphrase.encode()) if passphrase else NoEncryption()
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, encryption)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    passphrase = "水道局-passphrase"

    def issue_authority(name: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
        key = ec.generate_private_key(ec.SECP256R1())
        return _certificate(name, key, None), key

    ca = issue_authority("MoveDesk Test CA")
    stranger = issue_authority("Somebody Else's CA")
    server_key = ec.generate_private_key(ec.SECP256R1())
    client_key = ec.generate_private_key(ec.SECP256R1())
    stranger_server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = _certificate("hub simulator", server_key, ca, server=True)
    client_cert = _certificate("counter PC 1", client_key, ca)
    stranger_server_cert = _certificate("impostor hub", stranger_server_key, stranger, server=True)

    files = {
        "ca.pem": ca[0].public_bytes(Encoding.PEM),
        "server.pem": server_cert.public_bytes(Encoding.PEM),
        "server.key": _pem_key(server_key),
        "client-combined.pem": client_cert.public_bytes(Encoding.PEM) + _pem_key(client_key),
        "client.crt": client_cert.public_bytes(Encoding.PEM),
        "client-encrypted.key": _pem_key(client_key, passphrase),
        "client.p12": pkcs12.serialize_key_and_certificates(
            b"counter PC 1",
            client_key,
            client_cert,
            [ca[0]],
            BestAvailableEncryption(passphrase.encode()),
        ),
        "stranger-ca.pem": stranger[0].public_bytes(Encoding.PEM),
        "stranger-server.pem": stranger_server_cert.public_bytes(Encoding.PEM),
        "stranger-server.key": _pem_key(stranger_server_key),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return Pki(
        ca_file=folder / "ca.pem",
        server_cert=folder / "server.pem",
        server_key=folder / "server.key",
        client_combined=folder / "client-combined.pem",
        client_cert=folder / "client.crt",
        client_key_encrypted=folder / "client-encrypted.key",
        client_p12=folder / "client.p12",
        passphrase=passphrase,
        stranger_ca_file=folder / "stranger-ca.pem",
        stranger_server_cert=folder / "stranger-server.pem",
        stranger_server_key=folder / "stranger-server.key",
    )
