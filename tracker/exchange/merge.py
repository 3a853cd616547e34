"""Planning an import into a journal that already has check-ins (pure; the caller applies it).

Rules: a check-in whose id is new is added; one whose id exists with the same content is
skipped; one whose id exists with other content is a conflict, and any conflict refuses the
whole import. Within ``incoming``, a repeated id counts as identical when its content is the
same as the first occurrence, and as a conflict otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tracker.domain.models import CheckIn


@dataclass
class MergePlan:
    """What importing would do: add ``new``, skip ``identical``, refuse on ``conflicts``."""

    new: list[CheckIn] = field(default_factory=list)
    identical: list[CheckIn] = field(default_factory=list)
    conflicts: list[tuple[CheckIn, CheckIn]] = field(default_factory=list)  # (existing, incoming)

    @property
    def ok(self) -> bool:
        """True when nothing conflicts and the import may go ahead."""
        return not self.conflicts

    def conflict_message(self, limit: int = 3) -> str:
        """A sentence for the user naming the first ``limit`` conflicts ("" when none)."""
        if not self.conflicts:
            return ""
        count = len(self.conflicts)
        named = ", ".join(
            f"{existing.id} at {_when(existing)}" for existing, _ in self.conflicts[:limit]
        )
        if count == 1:
            return (
                "1 check-in in the file has the same id as a different check-in in your "
                f"journal ({named}). Nothing was imported."
            )
        return (
            f"{count} check-ins in the file have the same id as a different check-in in your "
            f"journal (first: {named}). Nothing was imported."
        )


def plan_merge(existing: Mapping[str, CheckIn], incoming: Sequence[CheckIn]) -> MergePlan:
    """Sort ``incoming`` into new, identical and conflicting against ``existing`` (by id)."""
    plan = MergePlan()
    accepted: dict[str, CheckIn] = {}
    for checkin in incoming:
        before = existing.get(checkin.id) or accepted.get(checkin.id)
        if before is None:
            plan.new.append(checkin)
            accepted[checkin.id] = checkin
        elif before.content_equals(checkin):
            plan.identical.append(checkin)
        else:
            plan.conflicts.append((before, checkin))
    return plan


def _when(checkin: CheckIn) -> str:
    return checkin.at.isoformat(sep=" ", timespec="minutes")
