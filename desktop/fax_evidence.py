"""A faxed notice is evidence, never authority (DESIGN §7.4).

Anyone can send a fax, receipt numbers are sequential and a bureau's fax
number is public, so a notice read off a fax page is stored beside the
hub's copy (``FaxEvidence``) and shown side by side with it; by itself it
changes no notice. What it would change waits for a clerk:

- a faxed notice for a receipt the store does not know,
- a faxed version newer than the stored one,
- a faxed cancellation of a notice the store holds uncancelled.

Confirming it (``confirm``; clerks and supervisors, audited) creates or
updates the local notice, marked as coming from fax. One exception: a code
signed by the hub (``desktop.hub.signing``, with the key the bureau set)
stands in for the hub while the hub cannot be reached, and still never
over a hub version at least as new. Everything else — the same version,
an older one, a copy that differs from the stored version — is evidence to
look at, nothing more.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop import audit
from desktop.domain.fields import FieldChange, changes_between
from desktop.domain.notice import InvalidNotice, Notice, notice_from_payload
from desktop.domain.workflow import Action, Status, can, role_allows
from desktop.hub.signing import SignatureVerdict
from desktop.service import Actor
from desktop.store.database import Database
from desktop.store.ingest import payload_json, store_notices
from desktop.store.models import FaxEvidence, NoticeRecord
from desktop.sync_outcome import newest_outcome
from fax.store_models import ReceivedFax

FAX_SOURCE = "fax"
SYSTEM = "system"
RECEIPTS_COLUMN = 40


class Relation(StrEnum):
    """How a faxed copy stands to what the store held when the fax was read."""

    UNKNOWN = "unknown"  # no notice with this receipt number
    NEWER = "newer"  # a higher version than stored
    CANCELS = "cancels"  # cancelled, where the stored notice is not
    SAME = "same"  # the stored version, field for field
    DIFFERS = "differs"  # the stored version number, other content
    OLDER = "older"  # a lower version than stored


# The relations in which the faxed copy would change the store.
WOULD_CHANGE = (Relation.UNKNOWN, Relation.NEWER, Relation.CANCELS)


class EvidenceState(StrEnum):
    AWAITING = "awaiting"
    EVIDENCE = "evidence"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    STOOD_IN = "stood_in"
    SUPERSEDED = "superseded"


class EvidenceError(ValueError):
    """A confirmation or dismissal that cannot be done as asked; the message says why."""


@dataclass(frozen=True)
class FaxedCopy:
    """A notice as read off the pages of one fax."""

    notice: Notice
    pages: tuple[int, ...] = ()  # 1-based
    code_format: str = ""  # MD1, MD2
    signature: SignatureVerdict = SignatureVerdict.UNSIGNED
    origin_name: str = ""
    origin_fax_number: str = ""


@dataclass(frozen=True)
class Sender:
    """Who the fax says it came from: the sender's own station ID and the caller ID,
    both chosen by whoever dials, so they are shown, never trusted."""

    remote_id: str = ""
    caller: str = ""
    received_at: datetime | None = None


@dataclass(frozen=True)
class Filed:
    evidence_id: int
    receipt_number: str
    relation: Relation
    state: EvidenceState
    notice_id: int | None  # the local notice, if there is (now) one


@dataclass(frozen=True)
class EvidenceView:
    """One faxed copy beside the stored one, for the window."""

    id: int
    received_fax_id: int
    pages: tuple[int, ...]
    receipt_number: str
    faxed: Notice | None  # None only if a stored payload no longer validates
    stored: Notice | None
    stored_source: str
    stored_status: str
    changes: tuple[FieldChange, ...]  # stored → faxed
    relation: Relation  # when the fax was read
    current: Relation | None  # against the store now (None: the faxed copy did not validate)
    state: EvidenceState
    code_format: str
    signature: SignatureVerdict
    origin_name: str
    origin_fax_number: str
    remote_id: str
    caller: str
    received_at: datetime
    settled_by: str | None
    settled_at: datetime | None
    note: str

    @property
    def awaiting(self) -> bool:
        return self.state == EvidenceState.AWAITING

    @property
    def confirmable(self) -> bool:
        """Waiting for a clerk, and the store has not caught up with it meanwhile."""
        return self.awaiting and self.current in WOULD_CHANGE


def fax_receipts(column: str | None) -> tuple[str, ...]:
    return tuple(part for part in (column or "").split(",") if part)


def _joined(receipts: Sequence[str]) -> str:
    """As many receipt numbers as the column holds; the rest are in the audit log."""
    kept: list[str] = []
    for receipt in receipts:
        candidate = ",".join([*kept, receipt])
        if len(candidate) > RECEIPTS_COLUMN:
            break
        kept.append(receipt)
    return ",".join(kept)


def mark_fax(
    session: Session, fax_id: int, receipts: Sequence[str], problems: Sequence[str] = ()
) -> None:
    """Name on the received fax the notices it is done with (``notice_receipt_number``,
    comma separated: receipt numbers never contain a comma) and what did not read."""
    row = session.get(ReceivedFax, fax_id)
    if row is None:
        return
    known = list(fax_receipts(row.notice_receipt_number))
    known += [r for r in receipts if r not in known]
    row.notice_receipt_number = _joined(known) or None
    if problems:
        row.notice_error = "\n".join(p for p in (row.notice_error, *problems) if p)


def hub_reachable(session: Session) -> bool:
    """Whether the newest sync of any seat got through to the hub: it recorded no error.

    Seats keep their outcomes apart (``desktop.sync_outcome``): the seat that
    last asked the hub speaks for the office, so a seat that failed an hour
    ago does not outvote one that just got through, nor the other way round;
    a seat that had nothing to ask the hub does not speak at all. A store
    that never synced has no hub to speak of, so a signed fax may stand in
    there too.
    """
    newest = newest_outcome(session)
    return newest is not None and newest.reached_hub


def may_confirm(role: str) -> bool:
    """Clerks and supervisors settle faxed notices; viewers only look."""
    try:
        return role_allows(role, Action.ACCEPT)
    except ValueError:
        return False


def _stored(session: Session, receipt: str) -> NoticeRecord | None:
    return session.scalars(
        select(NoticeRecord).where(NoticeRecord.receipt_number == receipt)
    ).first()


def _stored_notice(row: NoticeRecord | None) -> Notice | None:
    if row is None:
        return None
    try:
        return notice_from_payload(json.loads(row.payload))
    except (InvalidNotice, ValueError):
        return None


def relation_of(stored: NoticeRecord | None, faxed: Notice) -> Relation:
    if stored is None:
        return Relation.UNKNOWN
    cancels = faxed.hub_state == "cancelled" and stored.hub_state != "cancelled"
    if faxed.version < stored.version:
        return Relation.OLDER
    if cancels:
        return Relation.CANCELS
    if faxed.version > stored.version:
        return Relation.NEWER
    same = stored.payload == payload_json(replace(faxed, hub_state=stored.hub_state))
    return Relation.SAME if same else Relation.DIFFERS


def _apply(session: Session, faxed: Notice, lead_business_days: int) -> tuple[int, list[str]]:
    """Store the faxed copy as the local notice; its id and what the store said."""
    result = store_notices(
        session, [faxed], source=FAX_SOURCE, lead_business_days=lead_business_days
    )
    row = _stored(session, faxed.receipt_number)
    assert row is not None
    row.source = FAX_SOURCE
    return row.id, list(result.problems)


def file_evidence(
    session: Session,
    fax_id: int,
    copies: Sequence[FaxedCopy],
    sender: Sender,
    *,
    reachable: bool,
    lead_business_days: int = 1,
) -> list[Filed]:
    """Keep each faxed copy beside the stored notice; in the caller's transaction."""
    filed: list[Filed] = []
    now = datetime.now(UTC)
    for copy in copies:
        faxed = copy.notice
        row = _stored(session, faxed.receipt_number)
        relation = relation_of(row, faxed)
        state = EvidenceState.EVIDENCE
        note = ""
        notice_id = row.id if row is not None else None
        if relation in WOULD_CHANGE:
            if copy.signature == SignatureVerdict.VALID and not reachable:
                notice_id, problems = _apply(session, faxed, lead_business_days)
                state, note = EvidenceState.STOOD_IN, "; ".join(problems)
            else:
                state = EvidenceState.AWAITING
        evidence = FaxEvidence(
            received_fax_id=fax_id,
            pages=",".join(str(p) for p in copy.pages),
            receipt_number=faxed.receipt_number,
            version=faxed.version,
            hub_state=faxed.hub_state,
            payload=payload_json(faxed),
            code_format=copy.code_format[:3],
            signature=str(copy.signature),
            origin_name=copy.origin_name[:100],
            origin_fax_number=copy.origin_fax_number[:40],
            remote_id=sender.remote_id[:40],
            caller=sender.caller[:40],
            received_at=sender.received_at or now,
            stored_version=row.version if row is not None else None,
            relation=str(relation),
            state=str(state),
            settled_by=SYSTEM if state == EvidenceState.STOOD_IN else None,
            settled_at=now if state == EvidenceState.STOOD_IN else None,
            note=note,
        )
        session.add(evidence)
        session.flush()
        audit.record(
            session,
            SYSTEM,
            "fax_stood_in" if state == EvidenceState.STOOD_IN else "fax_evidence",
            faxed.receipt_number,
            f"received_fax:{fax_id} version {faxed.version} {faxed.hub_state}: {relation}, "
            f"{state}, signature {copy.signature}",
        )
        filed.append(Filed(evidence.id, faxed.receipt_number, relation, state, notice_id))
    return filed


def _locked(session: Session, evidence_id: int) -> FaxEvidence:
    row = session.scalars(
        select(FaxEvidence).where(FaxEvidence.id == evidence_id).with_for_update()
    ).first()
    if row is None:
        raise EvidenceError(f"no faxed notice {evidence_id}")
    return row


def _check_actor(actor: Actor) -> None:
    if not may_confirm(actor.role):
        raise PermissionError("only clerks and supervisors may settle a faxed notice")


@dataclass(frozen=True)
class Confirmed:
    receipt_number: str
    notice_id: int
    relation: Relation
    problems: tuple[str, ...] = ()


def _faxed_notice(evidence: FaxEvidence) -> Notice:
    try:
        return notice_from_payload(json.loads(evidence.payload))
    except (InvalidNotice, ValueError) as error:
        raise EvidenceError(f"the faxed copy is not a valid notice: {error}") from None


def confirm(
    database: Database, evidence_id: int, actor: Actor, *, lead_business_days: int = 1
) -> Confirmed:
    """The clerk's explicit act: the faxed copy becomes the local notice (source fax).

    Refused (EvidenceError) when it waits for nothing, when the store now
    holds a version at least as new (the evidence is then marked
    superseded), or when it cancels a notice already decided.
    """
    _check_actor(actor)
    try:
        with database.session() as session:
            evidence = _locked(session, evidence_id)
            if evidence.state != EvidenceState.AWAITING:
                raise EvidenceError(
                    f"the faxed notice {evidence.receipt_number} waits for no confirmation "
                    f"({evidence.state})"
                )
            faxed = _faxed_notice(evidence)
            row = _stored(session, faxed.receipt_number)
            relation = relation_of(row, faxed)
            if relation not in WOULD_CHANGE:
                assert row is not None
                evidence.state = EvidenceState.SUPERSEDED
                mark_fax(session, evidence.received_fax_id, [faxed.receipt_number])
                evidence.note = (
                    f"{faxed.receipt_number}: the store holds version {row.version} now; "
                    f"the faxed version {faxed.version} stays evidence"
                )
                superseded = evidence.note
            else:
                superseded = ""
                decided = row.status if row is not None else Status.NEW
                if relation == Relation.CANCELS and not can(decided, Action.CANCEL):
                    raise EvidenceError(
                        f"{faxed.receipt_number} is {decided}: a faxed cancellation "
                        "cannot undo that; settle it with the hub"
                    )
                notice_id, problems = _apply(session, faxed, lead_business_days)
                evidence.state = EvidenceState.CONFIRMED
                evidence.settled_by = actor.user_id
                evidence.settled_at = datetime.now(UTC)
                mark_fax(session, evidence.received_fax_id, [faxed.receipt_number])
                audit.record(
                    session,
                    actor.user_id,
                    "fax_confirm",
                    faxed.receipt_number,
                    f"faxed version {faxed.version} ({relation}) from "
                    f"received_fax:{evidence.received_fax_id}, evidence {evidence.id}",
                )
    except IntegrityError:
        raise EvidenceError(
            "another counter stored this notice at the same moment; look again"
        ) from None
    if superseded:
        raise EvidenceError(superseded)
    return Confirmed(faxed.receipt_number, notice_id, relation, tuple(problems))


def dismiss(database: Database, evidence_id: int, actor: Actor, reason: str = "") -> None:
    """The clerk judged the faxed copy not to be acted on (a forgery, a mistake)."""
    _check_actor(actor)
    with database.session() as session:
        evidence = _locked(session, evidence_id)
        if evidence.state != EvidenceState.AWAITING:
            raise EvidenceError(
                f"the faxed notice {evidence.receipt_number} waits for nothing ({evidence.state})"
            )
        evidence.state = EvidenceState.DISMISSED
        evidence.settled_by = actor.user_id
        evidence.settled_at = datetime.now(UTC)
        mark_fax(session, evidence.received_fax_id, [evidence.receipt_number])
        evidence.note = reason.strip()[:500]
        audit.record(
            session,
            actor.user_id,
            "fax_dismiss",
            evidence.receipt_number,
            f"evidence {evidence.id} from received_fax:{evidence.received_fax_id}"
            + (f": {evidence.note}" if evidence.note else ""),
        )


def _view(session: Session, evidence: FaxEvidence, language: str) -> EvidenceView:
    try:
        faxed: Notice | None = notice_from_payload(json.loads(evidence.payload))
    except (InvalidNotice, ValueError):
        faxed = None
    row = _stored(session, evidence.receipt_number)
    stored = _stored_notice(row)
    changes = changes_between(stored, faxed, language) if stored and faxed else []
    return EvidenceView(
        id=evidence.id,
        received_fax_id=evidence.received_fax_id,
        pages=tuple(int(p) for p in evidence.pages.split(",") if p.isdigit()),
        receipt_number=evidence.receipt_number,
        faxed=faxed,
        stored=stored,
        stored_source=row.source if row is not None else "",
        stored_status=row.status if row is not None else "",
        changes=tuple(changes),
        relation=Relation(evidence.relation),
        current=relation_of(row, faxed) if faxed is not None else None,
        state=EvidenceState(evidence.state),
        code_format=evidence.code_format,
        signature=SignatureVerdict(evidence.signature),
        origin_name=evidence.origin_name,
        origin_fax_number=evidence.origin_fax_number,
        remote_id=evidence.remote_id,
        caller=evidence.caller,
        received_at=evidence.received_at,
        settled_by=evidence.settled_by,
        settled_at=evidence.settled_at,
        note=evidence.note,
    )


def supersede_caught_up(session: Session) -> int:
    """Mark superseded what waits for a clerk though the hub has delivered as much since;
    how many. The sync does not know about faxes, so whoever reads the evidence asks."""
    waiting = session.scalars(
        select(FaxEvidence).where(FaxEvidence.state == EvidenceState.AWAITING)
    ).all()
    caught_up = 0
    for evidence in waiting:
        row = _stored(session, evidence.receipt_number)
        if row is None or row.version < evidence.version:
            continue
        try:
            faxed = notice_from_payload(json.loads(evidence.payload))
        except (InvalidNotice, ValueError):
            continue
        if relation_of(row, faxed) in WOULD_CHANGE:
            continue
        evidence.state = EvidenceState.SUPERSEDED
        evidence.note = f"the hub delivered version {row.version}"
        mark_fax(session, evidence.received_fax_id, [evidence.receipt_number])
        caught_up += 1
    return caught_up


def evidence_of_fax(database: Database, fax_id: int, language: str = "ja") -> list[EvidenceView]:
    """Every notice read off one received fax, beside the stored copies."""
    with database.session() as session:
        supersede_caught_up(session)
        rows = session.scalars(
            select(FaxEvidence)
            .where(FaxEvidence.received_fax_id == fax_id)
            .order_by(FaxEvidence.id)
        ).all()
        return [_view(session, row, language) for row in rows]


def evidence_of_notice(
    database: Database, receipt_number: str, language: str = "ja"
) -> list[EvidenceView]:
    """Every faxed copy of one notice, newest first."""
    with database.session() as session:
        supersede_caught_up(session)
        rows = session.scalars(
            select(FaxEvidence)
            .where(FaxEvidence.receipt_number == receipt_number)
            .order_by(FaxEvidence.id.desc())
        ).all()
        return [_view(session, row, language) for row in rows]


def awaiting_count(database: Database) -> int:
    """Faxed notices a clerk still has to confirm or set aside."""
    with database.session() as session:
        supersede_caught_up(session)
        return (
            session.scalar(
                select(func.count())
                .select_from(FaxEvidence)
                .where(FaxEvidence.state == EvidenceState.AWAITING)
            )
            or 0
        )
