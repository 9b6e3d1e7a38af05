"""The local workflow of a notice (DESIGN §4), in one place.

Every status change anywhere in MoveDesk asks ``transition`` first, so the
rules cannot drift apart between the window, the command line and sync.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class Action(StrEnum):
    CLAIM = "claim"
    RELEASE = "release"
    ACCEPT = "accept"
    REJECT = "reject"
    REOPEN = "reopen"
    CANCEL = "cancel"  # only the hub cancels


class Role(StrEnum):
    VIEWER = "viewer"
    CLERK = "clerk"
    SUPERVISOR = "supervisor"


STATUS_LABELS = {
    Status.NEW: ("未処理", "New"),
    Status.IN_PROGRESS: ("処理中", "In progress"),
    Status.ACCEPTED: ("受理", "Accepted"),
    Status.REJECTED: ("不受理", "Rejected"),
    Status.CANCELLED: ("取消", "Cancelled"),
}

ROLE_LABELS = {
    Role.VIEWER: ("参照", "Viewer"),
    Role.CLERK: ("窓口担当", "Clerk"),
    Role.SUPERVISOR: ("監督者", "Supervisor"),
}

_OPEN = (Status.NEW, Status.IN_PROGRESS)

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.NEW, Action.CLAIM): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, Action.CLAIM): Status.IN_PROGRESS,  # another clerk takes it over
    (Status.IN_PROGRESS, Action.RELEASE): Status.NEW,
    **{(status, Action.ACCEPT): Status.ACCEPTED for status in _OPEN},
    **{(status, Action.REJECT): Status.REJECTED for status in _OPEN},
    (Status.ACCEPTED, Action.REOPEN): Status.IN_PROGRESS,
    (Status.REJECTED, Action.REOPEN): Status.IN_PROGRESS,
    # The resident may withdraw until the bureau accepts.
    **{(status, Action.CANCEL): Status.CANCELLED for status in (*_OPEN, Status.REJECTED)},
}

# The least role an action needs.
REQUIRED_ROLE = {
    Action.CLAIM: Role.CLERK,
    Action.RELEASE: Role.CLERK,
    Action.ACCEPT: Role.CLERK,
    Action.REJECT: Role.CLERK,
    Action.REOPEN: Role.SUPERVISOR,
}

_ROLE_RANK = {Role.VIEWER: 0, Role.CLERK: 1, Role.SUPERVISOR: 2}


class TransitionError(ValueError):
    """An action the workflow does not allow from the notice's status."""


class PermissionDenied(PermissionError):
    """The staff member's role does not allow the action."""


def status_label(status: str, language: str = "ja") -> str:
    ja, en = STATUS_LABELS.get(Status(status), (status, status))
    return en if language == "en" else ja


def role_allows(role: str, action: Action) -> bool:
    needed = REQUIRED_ROLE.get(action)
    return needed is None or _ROLE_RANK[Role(role)] >= _ROLE_RANK[needed]


def can(status: str, action: Action) -> bool:
    return (Status(status), action) in TRANSITIONS


def transition(status: str, action: Action, role: str | None = None) -> Status:
    """The status after ``action``; raises if the workflow or the role forbids it."""
    if role is not None and not role_allows(role, action):
        raise PermissionDenied(f"{action.value} needs the {REQUIRED_ROLE[action].value} role")
    try:
        return TRANSITIONS[(Status(status), action)]
    except KeyError:
        raise TransitionError(f"cannot {action.value} a notice that is {status}") from None


def is_open(status: str) -> bool:
    return Status(status) in _OPEN
