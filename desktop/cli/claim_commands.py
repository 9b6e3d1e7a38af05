"""``movedesk claim`` and ``movedesk release``: 担当 from the command line.

The same acts as the window's, through ``NoticeService``: a claim another
clerk holds is refused unless ``--take-over`` says so (the window asks
first; here the flag is the answer), a release of someone else's claim is
a supervisor's, and each act writes the audit row the window writes.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_OK, CommandProblem, UsageProblem
from desktop.domain.notice import RECEIPT_PATTERN
from desktop.messages import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from desktop.claims import NoticeHeld
    from desktop.context import AppContext


def checked_receipt(text: str) -> str:
    """The receipt number as typed, or a usage error naming what a receipt number looks like."""
    if not RECEIPT_PATTERN.match(text):
        raise UsageProblem(
            "receipt_number_invalid",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "受付番号「{receipt}」は使えません。英数字で始まり、英数字・-・_ で40文字までです",
            ),
            receipt=text,
        )
    return text


def _held_for_claim(held: NoticeHeld) -> CommandProblem:
    return CommandProblem(
        "claimed_by_other",
        QT_TRANSLATE_NOOP(
            "CoreMessages",
            "{receipt} の担当: {holder}（{since}から）。引き継ぐには --take-over を付けてください",
        ),
        receipt=held.receipt,
        holder=held.holder_name,
        since=held.since,
    )


def _held_for_release(held: NoticeHeld) -> CommandProblem:
    return CommandProblem(
        "claimed_by_other",
        QT_TRANSLATE_NOOP(
            "CoreMessages",
            "{receipt} の担当: {holder}（{since}から）。解除できるのは担当者か監督者だけです",
        ),
        receipt=held.receipt,
        holder=held.holder_name,
        since=held.since,
    )


def cmd_claim(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.claims import NoticeHeld

    receipt = checked_receipt(args.receipt)
    notices = context.notices
    if args.for_user:
        before = notices.holder(receipt)
        notices.reassign(receipt, args.for_user, args.actor)
        after = notices.holder(receipt)
        print(
            f"{receipt}: handed to {after[1] if after else args.for_user}"
            + (f" (was {before[1]})" if before else "")
        )
        return EXIT_OK
    before = notices.holder(receipt)
    try:
        notices.claim(receipt, args.actor, take_over=args.take_over)
    except NoticeHeld as held:
        raise _held_for_claim(held) from None
    after = notices.holder(receipt)
    line = f"{receipt}: claimed by {after[1] if after else args.actor.user_id}"
    if before and before[0] == args.actor.user_id:
        line = f"{receipt}: already claimed by {before[1]}"
    elif before:
        line += f", taken over from {before[1]}"
    print(line)
    return EXIT_OK


def cmd_release(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.claims import NoticeHeld

    receipt = checked_receipt(args.receipt)
    notices = context.notices
    before = notices.holder(receipt)
    try:
        notices.release(receipt, args.actor)
    except NoticeHeld as held:
        raise _held_for_release(held) from None
    if before and before[0] != args.actor.user_id:
        print(f"{receipt}: released (it was {before[1]}'s)")
    else:
        print(f"{receipt}: released")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    claim = commands.add_parser("claim", help="take a notice (担当) so others cannot decide it")
    claim.add_argument("receipt", help="the notice's receipt number (受付番号)")
    claim.add_argument(
        "--take-over",
        action="store_true",
        help="take it even when another clerk holds it (audited as a takeover)",
    )
    claim.add_argument(
        "--for",
        dest="for_user",
        metavar="ID",
        help="supervisors: hand the notice to this clerk instead (audited as a reassignment)",
    )
    claim.set_defaults(handler=cmd_claim)

    release = commands.add_parser("release", help="give a claimed notice back (担当の解除)")
    release.add_argument("receipt", help="the notice's receipt number (受付番号)")
    release.set_defaults(handler=cmd_release)
