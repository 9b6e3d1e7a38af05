"""The local workflow of a notice (DESIGN §4), in one place.

Every status change anywhere in MoveDesk asks ``transition`` first, so the
rules cannot drift apart between the window, the command line and sync.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.messages import QT_TRANSLATE_NOOP, UserError, word


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


# The same words as the labels above, as message parameters.
_ACTION_WORDS = {
    Action.CLAIM: word(QT_TRANSLATE_NOOP("CoreMessages", "担当")),
    Action.RELEASE: word(QT_TRANSLATE_NOOP("CoreMessages", "担当の解除")),
    Action.ACCEPT: word(QT_TRANSLATE_NOOP("CoreMessages", "受理")),
    Action.REJECT: word(QT_TRANSLATE_NOOP("CoreMessages", "不受理")),
    Action.REOPEN: word(QT_TRANSLATE_NOOP("CoreMessages", "再開")),
    Action.CANCEL: word(QT_TRANSLATE_NOOP("CoreMessages", "取消")),
}
_STATUS_WORDS = {
    Status.NEW: word(QT_TRANSLATE_NOOP("CoreMessages", "未処理")),
    Status.IN_PROGRESS: word(QT_TRANSLATE_NOOP("CoreMessages", "処理中")),
    Status.ACCEPTED: word(QT_TRANSLATE_NOOP("CoreMessages", "受理済み")),
    Status.REJECTED: word(QT_TRANSLATE_NOOP("CoreMessages", "不受理済み")),
    Status.CANCELLED: word(QT_TRANSLATE_NOOP("CoreMessages", "取消済み")),
}
_ROLE_WORDS = {
    Role.VIEWER: word(QT_TRANSLATE_NOOP("CoreMessages", "参照")),
    Role.CLERK: word(QT_TRANSLATE_NOOP("CoreMessages", "窓口担当")),
    Role.SUPERVISOR: word(QT_TRANSLATE_NOOP("CoreMessages", "監督者")),
}


class TransitionError(UserError, ValueError):
    """An action the workflow does not allow from the notice's status."""

    def __init__(self, action: Action, status: Status) -> None:
        self.action, self.status = action, status
        super().__init__(
            "transition_not_allowed",
            QT_TRANSLATE_NOOP("CoreMessages", "{status}の届出は{action}できません"),
            action=_ACTION_WORDS[action],
            status=_STATUS_WORDS[status],
        )


class PermissionDenied(UserError, PermissionError):
    """The staff member's role does not allow the action."""

    def __init__(self, action: Action, needed: Role) -> None:
        self.action, self.needed = action, needed
        super().__init__(
            "role_not_allowed",
            QT_TRANSLATE_NOOP("CoreMessages", "{action}は{role}の権限が必要です"),
            action=_ACTION_WORDS[action],
            role=_ROLE_WORDS[needed],
        )


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
        raise PermissionDenied(action, REQUIRED_ROLE[action])
    try:
        return TRANSITIONS[(Status(status), action)]
    except KeyError:
        raise TransitionError(action, Status(status)) from None


def is_open(status: str) -> bool:
    return Status(status) in _OPEN
