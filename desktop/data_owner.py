"""Whether the person at the keyboard is the OS account that owns MoveDesk's data folder.

That account can read and replace every file of MoveDesk anyway, so it is
trusted to unlock an account without a supervisor (docs/security.md). On
POSIX the folder's owner must be the calling user; on Windows the folder
must lie in the calling user's own profile, which Windows keeps private to
that user.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path


def caller_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def why_not_owner(folder: Path) -> str | None:
    """None when the caller owns ``folder``; otherwise the reason, to show."""
    try:
        resolved = folder.resolve(strict=True)
    except OSError as error:
        return f"the data folder {folder} cannot be read: {error.strerror or error}"
    if hasattr(os, "getuid"):
        owner = resolved.stat().st_uid
        if owner != os.getuid():
            return (
                f"the data folder {resolved} belongs to user id {owner}, not to you "
                f"({os.getuid()}): run this as the account that owns it"
            )
        return None
    profile = os.environ.get("USERPROFILE")
    if not profile:
        return "no user profile is known for this account"
    home = Path(profile).resolve()
    if resolved != home and home not in resolved.parents:
        return f"the data folder {resolved} is not inside your profile {home}"
    return None
