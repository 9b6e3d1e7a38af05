"""The simulated hub's books: notices, the change feed, sessions and decisions.

No HTTP here: the server in ``simulator`` turns requests into calls on
``HubState`` and writes the ``Reply`` it gets back. Every method takes the one
lock, so the books stay consistent under a threading server.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from desktop.domain.choices import DECISIONS, REJECTION_REASONS
from desktop.hub.residents import JST, ResidentFactory

PROBLEM_BASE = "urn:movehub:problem:"
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
IDEMPOTENCY_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
CUSTOMER_NUMBER_PATTERN = re.compile(r"^[0-9][0-9-]{2,19}$")
DECISION_KEYS = {"decision", "version", "staff", "reason", "customer_number", "decided_at"}


def encode_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def problem(status: int, slug: str, title: str, detail: str, **extra: Any) -> Reply:
    """An RFC 9457 problem document; ``extra`` adds members such as ``current_version``."""
    document = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        **extra,
    }
    return Reply(status, encode_json(document), "application/problem+json")


def ok(value: Any, status: int = 200) -> Reply:
    return Reply(status, encode_json(value))


@dataclass(slots=True)
class NoticeRecord:
    payload: dict[str, Any]
    feed_position: int
    decision: str | None = None  # last applied accept/reject; None when open or reopened
    # Who made that decision and when, as the deciding partner PC sent it.
    decided_by: str | None = None
    decided_at: str | None = None
    decision_id: str | None = None


@dataclass(frozen=True, slots=True)
class StoredReply:
    fingerprint: bytes
    reply: Reply


class HubState:
    """What the hub knows, changed only under ``lock``."""

    def __init__(
        self,
        *,
        seed: int,
        notices: int,
        partner_id: str,
        password: str,
        token_ttl: float,
        clock: Callable[[], datetime],
    ) -> None:
        self.lock = threading.RLock()
        self.partner_id = partner_id
        self.password = password
        self.token_ttl = token_ttl
        self.clock = clock
        self.factory = ResidentFactory(seed)
        # A separate stream for "which notice changes next", so adding a field
        # to the generated people does not reshuffle the activity of a seed.
        self.activity = ResidentFactory(seed + 1).random
        self._serial = 0
        self._feed: list[bytes | None] = []
        self._records: dict[str, NoticeRecord] = {}
        self._tokens: dict[str, datetime] = {}
        self._decisions: list[dict[str, Any]] = []
        self._replies: dict[str, StoredReply] = {}
        # For tests and benchmarks: how often decisions came, and came again.
        self.decision_requests = 0
        self.replayed_decision_requests = 0
        now = clock()
        for _ in range(notices):
            self._add_new(now, backlog=True)

    # -- notices and the feed ----------------------------------------------

    def _append_to_feed(self, item: bytes) -> int:
        self._feed.append(item)
        return len(self._feed) - 1

    def _add_new(self, now: datetime, *, backlog: bool) -> str:
        self._serial += 1
        payload = self.factory.notice("", now, backlog=backlog)
        # The hub numbers receipts by filing day, like a paper register.
        receipt = f"MV{payload['submitted_at'][:10].replace('-', '')}-{self._serial:06d}"
        payload["receipt_number"] = receipt
        position = self._append_to_feed(encode_json(payload))
        self._records[receipt] = NoticeRecord(payload, position)
        return receipt

    def _republish(self, record: NoticeRecord) -> None:
        """Move the notice to the end of the feed: a reader sees only its newest version."""
        self._feed[record.feed_position] = None
        record.feed_position = self._append_to_feed(encode_json(record.payload))

    def receipts(self) -> list[str]:
        with self.lock:
            return list(self._records)

    def notice(self, receipt: str) -> dict[str, Any]:
        with self.lock:
            return json.loads(json.dumps(self._records[receipt].payload))

    def _changeable(self, receipt: str) -> NoticeRecord:
        record = self._records.get(receipt)
        if record is None:
            raise KeyError(f"no notice {receipt!r}")
        if record.decision == "accept":
            raise ValueError(f"notice {receipt} was accepted; the resident can no longer change it")
        if record.payload["hub_state"] == "cancelled":
            raise ValueError(f"notice {receipt} is cancelled")
        return record

    def edit(self, receipt: str, changes: dict[str, Any] | None = None) -> dict[str, Any]:
        """The resident edits the notice: new version, ``hub_state`` changed.

        ``changes`` replaces top-level keys of the payload; without it a
        plausible change is made up. A rejected notice may be edited (the
        resident corrects it) and is then open again.
        """
        with self.lock:
            record = self._changeable(receipt)
            if not changes:
                changes = self.factory.amendment(
                    record.payload, self.clock().astimezone(JST).date()
                )
            record.payload.update(changes)
            record.payload["version"] += 1
            record.payload["hub_state"] = "changed"
            record.decision = None
            self._republish(record)
            return json.loads(json.dumps(record.payload))

    def cancel(self, receipt: str) -> dict[str, Any]:
        """The resident withdraws the notice: new version, ``hub_state`` cancelled."""
        with self.lock:
            record = self._changeable(receipt)
            record.payload["version"] += 1
            record.payload["hub_state"] = "cancelled"
            record.decision = None
            self._republish(record)
            return json.loads(json.dumps(record.payload))

    def tick(self, new: int = 0, edit: int = 0, cancel: int = 0) -> dict[str, list[str]]:
        """Some residents file, some edit, some cancel; picks are seeded."""
        with self.lock:
            now = self.clock()
            created = [self._add_new(now, backlog=False) for _ in range(new)]
            open_receipts = [
                receipt
                for receipt, record in self._records.items()
                if record.decision is None and record.payload["hub_state"] != "cancelled"
            ]
            picked = self.activity.sample(open_receipts, min(len(open_receipts), edit + cancel))
            edited = picked[:edit]
            cancelled = picked[edit:]
            for receipt in edited:
                self.edit(receipt)
            for receipt in cancelled:
                self.cancel(receipt)
            return {"new": created, "edited": edited, "cancelled": cancelled}

    def random_activity(self) -> dict[str, list[str]]:
        """One beat of the background timer: a trickle of new notices, edits and cancels."""
        with self.lock:
            chance = self.activity.random
            return self.tick(
                new=self.activity.randint(0, 2),
                edit=1 if chance() < 0.3 else 0,
                cancel=1 if chance() < 0.1 else 0,
            )

    def inject(self, items: Iterable[Any]) -> int:
        """Put raw items (any JSON, valid notices or not) at the end of the feed."""
        with self.lock:
            for item in items:
                self._append_to_feed(encode_json(item))
            return len(self._feed)

    def inject_raw(self, item: bytes) -> int:
        """Put one item given as raw bytes, e.g. with invalid UTF-8, at the end of the feed.

        The bytes must still be one JSON value once decoded leniently, or every
        later page would be unreadable for good; ``ValueError`` otherwise.
        """
        try:
            json.loads(bytes(item).decode("utf-8", "surrogateescape"))
        except ValueError as error:
            raise ValueError(f"the raw item is not one JSON value ({error})") from error
        with self.lock:
            self._append_to_feed(bytes(item))
            return len(self._feed)

    def feed_page(self, cursor: str | None, limit: int) -> Reply:
        start = decode_cursor(cursor) if cursor else 0
        if start is None:
            return problem(
                400, "invalid-cursor", "Invalid cursor", "The cursor was not issued by this hub."
            )
        with self.lock:
            if start > len(self._feed):
                return problem(
                    400, "invalid-cursor", "Invalid cursor", "The cursor is past the end."
                )
            items: list[bytes] = []
            position = start
            feed = self._feed
            end = len(feed)
            while position < end and len(items) < limit:
                item = feed[position]
                position += 1
                if item is not None:
                    items.append(item)
            while position < end and feed[position] is None:
                position += 1
            has_more = position < end
        body = b"".join(
            (
                b'{"items":[',
                b",".join(items),
                b'],"next_cursor":"',
                encode_cursor(position).encode("ascii"),
                b'","has_more":',
                b"true" if has_more else b"false",
                b"}",
            )
        )
        return Reply(200, body)

    # -- sessions -------------------------------------------------------------

    def login(self, body: Any) -> Reply:
        if not isinstance(body, dict) or not all(
            isinstance(body.get(key), str) for key in ("partner_id", "password")
        ):
            return problem(
                400, "invalid-request", "Invalid request", "partner_id and password are required."
            )
        good_partner = secrets.compare_digest(_utf8(body["partner_id"]), _utf8(self.partner_id))
        good_password = secrets.compare_digest(_utf8(body["password"]), _utf8(self.password))
        if not (good_partner and good_password):
            return problem(
                401, "bad-credentials", "Login failed", "Partner ID or password is wrong."
            )
        token = secrets.token_urlsafe(32)
        expires_at = self.clock() + timedelta(seconds=self.token_ttl)
        with self.lock:
            self._tokens[token] = expires_at
        return ok({"token": token, "expires_at": expires_at.isoformat()})

    def check_token(self, authorization: str | None) -> Reply | None:
        """None when the bearer token is good, else the 401 to answer with."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return problem(401, "unauthorized", "Not signed in", "A bearer token is required.")
        with self.lock:
            expires_at = self._tokens.get(token.strip())
        if expires_at is None:
            return problem(401, "invalid-token", "Invalid session", "The token is not known.")
        if self.clock() >= expires_at:
            return problem(401, "token-expired", "Session expired", "The token has expired.")
        return None

    def expire_sessions(self) -> int:
        """Let every issued token run out now, as if the TTL had passed."""
        with self.lock:
            past = self.clock() - timedelta(seconds=1)
            for token in self._tokens:
                self._tokens[token] = past
            return len(self._tokens)

    # -- decisions ------------------------------------------------------------

    def decisions(self) -> list[dict[str, Any]]:
        with self.lock:
            return json.loads(json.dumps(self._decisions))

    def stats(self) -> dict[str, int]:
        with self.lock:
            return {
                "decision_requests": self.decision_requests,
                "replayed_decision_requests": self.replayed_decision_requests,
                "decisions": len(self._decisions),
                "feed_length": len(self._feed),
            }

    def decide(
        self, receipt: str, idempotency_key: str | None, raw_body: bytes
    ) -> tuple[Reply, bool]:
        """Apply one decision; returns the reply and whether it is a replay."""
        if not idempotency_key or not IDEMPOTENCY_KEY_PATTERN.match(idempotency_key):
            return problem(
                400,
                "idempotency-key-required",
                "Idempotency-Key required",
                "Send an Idempotency-Key header of 1-255 visible ASCII characters.",
            ), False
        try:
            body = json.loads(raw_body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return problem(400, "invalid-json", "Invalid JSON", "The body is not JSON text."), False
        if _has_lone_surrogates(body):
            return problem(
                422,
                "invalid-decision",
                "Invalid decision",
                "The body holds text that is not valid Unicode.",
            ), False
        # Key order is spelling, not meaning: a resent body may be serialised anew.
        canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        fingerprint = _utf8(receipt) + b"\n" + canonical.encode("utf-8")
        with self.lock:
            self.decision_requests += 1
            stored = self._replies.get(idempotency_key)
            if stored is not None:
                if stored.fingerprint == fingerprint:
                    self.replayed_decision_requests += 1
                    return stored.reply, True
                return problem(
                    422,
                    "idempotency-key-reused",
                    "Idempotency-Key reused",
                    "This key was already used for a different request.",
                ), False
            problems = decision_problems(body)
            if problems:
                return problem(
                    422,
                    "invalid-decision",
                    "Invalid decision",
                    "; ".join(problems),
                    errors=problems,
                ), False
            reply = self._apply(receipt, idempotency_key, body)
            self._replies[idempotency_key] = StoredReply(fingerprint, reply)
            return reply, False

    def _apply(self, receipt: str, key: str, body: dict[str, Any]) -> Reply:
        record = self._records.get(receipt)
        if record is None:
            return problem(
                404, "unknown-receipt", "Unknown notice", f"No notice {receipt} for this partner."
            )
        current = record.payload["version"]
        if record.payload["hub_state"] == "cancelled":
            return problem(
                410,
                "cancelled",
                "Notice cancelled",
                f"The resident cancelled {receipt}.",
                current_version=current,
            )
        if body["version"] != current:
            return problem(
                409,
                "stale-version",
                "Newer version exists",
                f"{receipt} is at version {current}; the decision was made on {body['version']}.",
                current_version=current,
            )
        decision = body["decision"]
        if (decision == "reopen") == (record.decision is None):
            state = {"accept": "already accepted", "reject": "already rejected"}.get(
                record.decision or "", "open"
            )
            # Who decided and when, so the losing PC can tell its clerk.
            decided = (
                {
                    "decided_by": record.decided_by,
                    "decided_at": record.decided_at,
                    "decision_id": record.decision_id,
                }
                if record.decision
                else {}
            )
            return problem(
                409,
                "decision-conflict",
                "Decision not possible now",
                f"{receipt} is {state}; {decision} is not possible.",
                current_version=current,
                current_decision=record.decision,
                **decided,
            )
        decision_id = f"D{len(self._decisions) + 1:08d}"
        record.decision = None if decision == "reopen" else decision
        record.decided_by, record.decided_at, record.decision_id = (
            (None, None, None)
            if decision == "reopen"
            else (body["staff"], body["decided_at"], decision_id)
        )
        applied = {
            "decision_id": decision_id,
            "receipt_number": receipt,
            "decision": decision,
            "version": current,
            "applied_at": self.clock().isoformat(),
        }
        self._decisions.append(
            {
                **applied,
                "staff": body["staff"],
                "reason": body.get("reason"),
                "customer_number": body.get("customer_number"),
                "decided_at": body["decided_at"],
                "idempotency_key": key,
            }
        )
        return ok(applied, 201)


def decision_problems(body: Any) -> list[str]:
    """Everything wrong with a decision body; empty when it is acceptable."""
    if not isinstance(body, dict):
        return ["the body must be a JSON object"]
    problems = [f"unknown member {key!r}" for key in sorted(set(body) - DECISION_KEYS)]
    decision = body.get("decision")
    if decision not in DECISIONS:
        problems.append("decision must be accept, reject or reopen")
    version = body.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append("version must be a whole number from 1")
    staff = body.get("staff")
    if not isinstance(staff, str) or not staff.strip() or len(staff) > 100:
        problems.append("staff must be a name of 1-100 characters")
    reason = body.get("reason")
    if reason is None:
        if decision == "reject":
            problems.append("a rejection needs a reason")
    elif decision == "accept":
        problems.append("an acceptance carries no reason")
    elif (
        not isinstance(reason, dict)
        or set(reason) - {"code", "text"}
        or reason.get("code") not in REJECTION_REASONS
        or not isinstance(reason.get("text", ""), str)
        or len(reason.get("text", "")) > 500
    ):
        problems.append(
            f"reason must be {{code, text}} with code one of {', '.join(REJECTION_REASONS)}"
        )
    customer = body.get("customer_number")
    if customer is not None and (
        not isinstance(customer, str) or not CUSTOMER_NUMBER_PATTERN.match(customer)
    ):
        problems.append("customer_number must be 3-20 digits or dashes")
    decided_at = body.get("decided_at")
    try:
        stamp = datetime.fromisoformat(decided_at.replace("Z", "+00:00"))  # type: ignore[union-attr]
        if stamp.tzinfo is None:
            problems.append("decided_at needs a time zone")
    except (AttributeError, ValueError):
        problems.append("decided_at must be an ISO 8601 timestamp")
    return problems


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _has_lone_surrogates(value: Any) -> bool:
    """JSON can spell lone surrogates (\\udcff); such text cannot be stored or echoed."""
    if isinstance(value, str):
        return any(0xD800 <= ord(char) <= 0xDFFF for char in value)
    if isinstance(value, dict):
        return any(
            _has_lone_surrogates(key) or _has_lone_surrogates(item) for key, item in value.items()
        )
    if isinstance(value, list):
        return any(_has_lone_surrogates(item) for item in value)
    return False


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"feed:{position}".encode()).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> int | None:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    prefix, _, number = text.partition(":")
    if prefix != "feed" or not number.isdigit() or len(number) > 12:
        return None
    return int(number)
