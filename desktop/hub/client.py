"""MoveDesk's side of the hub contract (``resources/hub-openapi.yaml``) over ``requests``.

``HubClient`` signs in lazily, pulls pages of the notice feed and pushes
decisions. It retries what a flaky network breaks (connection errors, 5xx,
429, answers cut short or garbled) with back-off, and turns everything else
into a ``HubError`` whose message a counter clerk can act on. Pulled items
are handed on raw: the sync engine validates and quarantines each one.

One client is meant for one thread at a time (the sync worker).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, TypeVar
from urllib.parse import quote, urlsplit

import requests

from desktop.hub.errors import (
    HubAuthError,
    HubConfigError,
    HubError,
    HubProtocolError,
    HubRequestRejected,
    HubUnavailable,
)
from desktop.hub.tls import (
    CertificateProblem,
    ClientCertificate,
    ContextAdapter,
    client_ssl_context,
)

logger = logging.getLogger(__name__)

MAX_LIMIT = 1000
MAX_RETRY_AFTER = 30.0  # seconds; a longer wait is the sync engine's business, not a blocked call's
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0

OutcomeKind = Literal["applied", "stale", "decided_elsewhere", "cancelled", "not_found", "invalid"]
_T = TypeVar("_T")


@dataclass(frozen=True)
class HubConfig:
    base_url: str
    partner_id: str
    password: str = field(repr=False)
    client_cert: ClientCertificate | None = None
    cert_passphrase: str | None = field(default=None, repr=False)
    ca_bundle: str | None = None
    timeout: float = 10.0
    max_attempts: int = 5


@dataclass(frozen=True)
class PullPage:
    items: list[Any]
    next_cursor: str | None
    has_more: bool


@dataclass(frozen=True)
class PushOutcome:
    """The hub's final word on one decision. ``body`` is the JSON answer or problem."""

    kind: OutcomeKind
    status: int
    body: dict[str, Any]


_OUTCOMES: dict[int, OutcomeKind] = {
    200: "applied",
    201: "applied",
    409: "stale",
    410: "cancelled",
    404: "not_found",
    400: "invalid",
    422: "invalid",
}


class _Malformed(Exception):
    """An answer whose body could not be read; worth asking again."""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _decode_json(response: requests.Response) -> Any:
    # surrogateescape keeps one item with broken UTF-8 from spoiling the
    # page: its strings carry lone surrogates that notice validation rejects.
    text = response.content.decode("utf-8", errors="surrogateescape")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:  # nested too deep is as unreadable as cut off
        raise _Malformed(f"HTTP {response.status_code}: {error}") from error


def _has_surrogates(text: str) -> bool:
    return any(0xD800 <= ord(char) <= 0xDFFF for char in text)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (number or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class HubClient:
    def __init__(self, config: HubConfig, *, sleep: Callable[[float], None] = time.sleep) -> None:
        parts = urlsplit(config.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise HubConfigError(f"The hub address {config.base_url!r} is not an http(s) URL.")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise HubConfigError(
                f"The hub address {config.base_url} is not encrypted (http://). "
                "Use https:// — plain http is allowed only for the simulator on this PC."
            )
        if config.max_attempts < 1:
            raise HubConfigError("max_attempts must be at least 1")
        self.config = config
        self._base = config.base_url.rstrip("/")
        self._sleep = sleep
        self._jitter = random.Random()
        self._token: str | None = None
        self._session = requests.Session()
        self._session.trust_env = False  # no proxy or netrc surprises on a counter PC
        self._session.verify = True
        self._session.headers["Accept"] = "application/json, application/problem+json"
        if parts.scheme == "https":
            try:
                context = client_ssl_context(
                    ca_bundle=config.ca_bundle,
                    client_cert=config.client_cert,
                    passphrase=config.cert_passphrase,
                )
            except CertificateProblem as error:
                raise HubConfigError(f"The hub connection cannot be set up: {error}.") from error
            self._session.mount("https://", ContextAdapter(context))

    # -- public operations ------------------------------------------------------

    def pull(self, cursor: str | None, limit: int) -> PullPage:
        """One page of notices changed since ``cursor`` (None: from the beginning)."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be 1 to {MAX_LIMIT}, not {limit!r}")
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        return self._exchange("GET", "/v1/notices", self._read_page, params=params)

    def push_decision(
        self, receipt: str, body: dict[str, Any], idempotency_key: str
    ) -> PushOutcome:
        """Send one decision; repeating it with the same key is harmless."""
        if (
            not idempotency_key
            or not idempotency_key.isascii()
            or not idempotency_key.isprintable()
        ):
            raise ValueError("the idempotency key must be printable ASCII")
        path = f"/v1/notices/{quote(receipt, safe='')}/decisions"
        return self._exchange(
            "POST",
            path,
            self._read_outcome,
            json_body=body,
            headers={"Idempotency-Key": idempotency_key},
        )

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- reading answers ----------------------------------------------------------

    def _read_page(self, response: requests.Response) -> PullPage:
        if response.status_code == 400:
            problem = _decode_json(response)
            raise HubRequestRejected(
                "The hub did not accept where MoveDesk asked to continue reading "
                f"({_problem_text(problem)}).",
                status=400,
                problem=problem,
            )
        if response.status_code != 200:
            raise self._unexpected(response)
        page = _decode_json(response)
        if not isinstance(page, dict):
            raise HubProtocolError("The hub's list of notices is not in the agreed form.")
        items, cursor, has_more = page.get("items"), page.get("next_cursor"), page.get("has_more")
        if (
            not isinstance(items, list)
            or not isinstance(has_more, bool)
            or not (cursor is None or (isinstance(cursor, str) and not _has_surrogates(cursor)))
            or (has_more and cursor is None)
        ):
            raise HubProtocolError("The hub's list of notices is not in the agreed form.")
        return PullPage(items, cursor, has_more)

    def _read_outcome(self, response: requests.Response) -> PushOutcome:
        kind = _OUTCOMES.get(response.status_code)
        if kind is None:
            raise self._unexpected(response)
        body = _decode_json(response)
        if not isinstance(body, dict):
            raise HubProtocolError(
                f"The hub's answer to a decision is not in the agreed form (HTTP {response.status_code})."
            )
        if kind == "stale" and str(body.get("type", "")).endswith(":decision-conflict"):
            # Not the resident: the notice was already decided at the hub.
            kind = "decided_elsewhere"
        return PushOutcome(kind, response.status_code, body)

    def _unexpected(self, response: requests.Response) -> HubProtocolError:
        return HubProtocolError(
            f"The hub gave an unexpected answer (HTTP {response.status_code}). "
            "Check the hub address in the settings.",
            status=response.status_code,
        )

    # -- sessions -----------------------------------------------------------------

    def _login(self) -> str:
        def read_session(response: requests.Response) -> str:
            if response.status_code == 401:
                raise HubAuthError(
                    "The hub refused the partner ID or password. Check them in the hub settings.",
                    status=401,
                )
            if response.status_code != 200:
                raise self._unexpected(response)
            session = _decode_json(response)
            token = session.get("token") if isinstance(session, dict) else None
            if not isinstance(token, str) or not token or _has_surrogates(token):
                raise HubProtocolError("The hub's answer to signing in is not in the agreed form.")
            return token

        credentials = {"partner_id": self.config.partner_id, "password": self.config.password}
        token = self._exchange(
            "POST", "/v1/session", read_session, json_body=credentials, authenticated=False
        )
        logger.info("signed in to the hub as %s", self.config.partner_id)
        return token

    # -- the retry loop -------------------------------------------------------------

    def _exchange(
        self,
        method: str,
        path: str,
        read: Callable[[requests.Response], _T],
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        authenticated: bool = True,
    ) -> _T:
        """Send until the hub gives a readable final answer, and read it with ``read``."""
        failure: HubError | None = None
        attempt = 0
        signed_in_again = False
        while attempt < self.config.max_attempts:
            attempt += 1
            request_headers = dict(headers or {})
            if authenticated:
                if self._token is None:
                    self._token = self._login()
                request_headers["Authorization"] = f"Bearer {self._token}"
            try:
                response = self._session.request(
                    method,
                    self._base + path,
                    params=params,
                    json=json_body,
                    headers=request_headers,
                    timeout=self.config.timeout,
                    allow_redirects=False,
                )
            except requests.exceptions.SSLError as error:
                raise HubUnavailable(
                    "The secure connection to the hub failed: its certificate could not be "
                    "verified, or it did not accept this PC's client certificate. "
                    "Check the certificate settings.",
                ) from error
            except (
                requests.exceptions.ConnectionError,
                requests.exceptions.Timeout,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as error:
                logger.warning(
                    "%s %s: attempt %d failed: %s", method, path, attempt, type(error).__name__
                )
                failure = HubUnavailable(
                    "The hub cannot be reached. MoveDesk keeps working offline and will try again."
                )
                self._pause(attempt, None)
                continue
            status = response.status_code
            logger.debug("%s %s: HTTP %d (attempt %d)", method, path, status, attempt)
            if status == 401 and authenticated:
                self._token = None
                if signed_in_again:
                    raise HubAuthError(
                        "The hub keeps refusing MoveDesk's session. Check the partner ID and password.",
                        status=401,
                    )
                signed_in_again = True
                attempt -= 1  # signing in again is not a failed attempt
                continue
            if status == 429 or status >= 500:
                failure = HubUnavailable(
                    "The hub is busy or out of service at the moment "
                    f"(HTTP {status}). MoveDesk will try again.",
                    status=status,
                )
                self._pause(attempt, retry_after_seconds(response.headers.get("Retry-After")))
                continue
            try:
                return read(response)
            except _Malformed as error:
                logger.warning(
                    "%s %s: unreadable answer on attempt %d: %s", method, path, attempt, error
                )
                failure = HubProtocolError(
                    "The hub's answer arrived cut off or damaged, again and again. "
                    "MoveDesk will try again later.",
                    status=status,
                )
                self._pause(attempt, None)
        assert failure is not None
        raise failure

    def _pause(self, attempt: int, retry_after: float | None) -> None:
        """Wait before the next attempt — unless this was the last one."""
        if attempt >= self.config.max_attempts:
            return
        if retry_after is not None:
            delay = min(retry_after, MAX_RETRY_AFTER)
        else:
            ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1))
            delay = ceiling * (0.5 + self._jitter.random() / 2)
        self._sleep(delay)


def _problem_text(problem: Any) -> str:
    if isinstance(problem, dict):
        return str(problem.get("detail") or problem.get("title") or "no reason given")
    return "no reason given"
