"""A writer for the crash test: saves check-ins in a loop, printing each id once committed."""

import sys
from pathlib import Path

from tracker.services.journal import Journal


def main() -> None:
    journal = Journal.open(Path(sys.argv[1]))
    skill = journal.skills()[0].id if journal.skills() else journal.add_skill("Overall").ids[0]
    i = 0
    while True:
        i += 1
        change = journal.record(ratings={skill: 1 + i % 10}, values={"mood": 1 + i % 10},
                                tags=[f"t{i % 7}"], note=f"crash round note {i}")
        print(change.ids[0], flush=True)


if __name__ == "__main__":
    main()
