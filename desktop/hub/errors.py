"""What can go wrong talking to the hub, importable without the HTTP stack."""

from __future__ import annotations

from typing import Any


class HubError(Exception):
    """Anything that went wrong talking to the hub. ``str(error)`` is for the clerk."""

    def __init__(self, message: str, *, status: int | None = None, problem: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.problem = problem


class HubUnavailable(HubError):
    """The hub cannot be reached or keeps failing; MoveDesk carries on offline."""


class HubAuthError(HubError):
    """The hub refuses the partner ID or password; retrying will not help."""


class HubProtocolError(HubError):
    """The hub answered something MoveDesk cannot read (cut off, garbled, wrong shape)."""


class HubRequestRejected(HubError):
    """The hub called the request itself malformed (400), e.g. a cursor it does not know."""


class HubConfigError(HubError, ValueError):
    """The hub settings cannot work: address, CA bundle or client certificate."""


__all__ = [
    "HubAuthError",
    "HubConfigError",
    "HubError",
    "HubProtocolError",
    "HubRequestRejected",
    "HubUnavailable",
]
