"""What one sync did, for the window's status bar, the command line and the log."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SyncReport:
    pulled: int = 0
    new: int = 0
    changed: int = 0
    cancelled: int = 0
    pushed: int = 0
    conflicts: int = 0
    quarantined: int = 0
    # Decisions the hub refused because another PC had decided the notice first.
    decided_elsewhere: int = 0
    # Notices the hub sent with a lower version than the one stored (kept as stored).
    backwards: int = 0
    errors: list[str] = field(default_factory=list)
    offline: bool = False
    # The hub refused this bureau's partner ID and password.
    sign_in_refused: bool = False
    changed_ids: set[int] = field(default_factory=set)
    # Another seat was pulling; this one only pushed.
    pull_left_to: str | None = None
    # This seat took the pull over from one whose lease had run out.
    pull_taken_over_from: str | None = None
    # The page cap stopped the pull; the next sync carries on.
    more_waiting: bool = False
    # This seat held the pull and asked the hub; ``pull_completed``: it ended without an error.
    pull_attempted: bool = False
    pull_completed: bool = False

    @property
    def asked_hub(self) -> bool:
        """Whether this sync spoke to the hub at all, so that its outcome says how the hub is.

        A seat with nothing to send while another pulls asks the hub nothing.
        """
        return bool(
            self.pull_attempted
            or self.pushed
            or self.conflicts
            or self.decided_elsewhere
            or self.offline
            or self.sign_in_refused
            or self.errors
        )

    @property
    def ok(self) -> bool:
        return not self.errors and not self.offline

    def summary(self) -> str:
        extras = []
        if self.decided_elsewhere:
            extras.append(f"decided at the hub by another PC {self.decided_elsewhere}")
        if self.backwards:
            extras.append(f"older versions from the hub ignored {self.backwards}")
        text = (
            f"pulled {self.pulled} (new {self.new}, changed {self.changed}, "
            f"cancelled {self.cancelled}), pushed {self.pushed}, conflicts {self.conflicts}, "
            + "".join(f"{extra}, " for extra in extras)
            + f"quarantined {self.quarantined}, errors {len(self.errors)}"
        )
        if self.pull_left_to:
            text += f" — another seat is pulling ({self.pull_left_to}); pushed only"
        if self.pull_taken_over_from:
            text += f" — took the pull over from {self.pull_taken_over_from}"
        if self.more_waiting:
            text += " — more notices wait at the hub; the next sync carries on"
        if self.offline:
            text += " — hub unreachable, working offline"
        return text
