"""Fuzzed repositories for the git source: any commit message, author name (any bytes) and
file name, e-mails in any case, offsets from -12:00 to +14:00, files added and deleted, text
and binary; the reader's values against a model of what was committed, with and without its
state. Built with ``git fast-import`` (a repository in milliseconds). 40 examples (~5 s);
``make stress`` (TOUCHSTONE_STRESS=1) runs 1,000."""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.sources.git import GitReader

from .git_repos import run_git
from .test_git_source import berlin_day

MATCHING = {"me@example.org", "ME@EXAMPLE.ORG", "Me@Example.Org"}
MATCHING_UNICODE = {"mé@example.org", "MÉ@EXAMPLE.ORG"}
OTHERS = ["other@example.org", "me@example.org.evil", "xme@example.org"]
EPOCH = 1_764_000_000  # late November 2025
EXAMPLES = 1000 if os.environ.get("TOUCHSTONE_STRESS") == "1" else 40

commit_strategy = st.fixed_dictionaries({
    "email": st.sampled_from(sorted(MATCHING | MATCHING_UNICODE) + OTHERS),
    "name": st.binary(max_size=12).map(lambda b: bytes(c for c in b if c not in b"<>\n\0")),
    "message": st.binary(max_size=40),
    "file": st.text(st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)),
                    min_size=1, max_size=10),
    "lines": st.integers(0, 6),
    "binary": st.booleans(),
    "delete_previous": st.booleans(),
    "minutes": st.integers(0, 5 * 24 * 60),
    "offset": st.integers(-48, 56).map(lambda q: q * 15),
})


def quote(path: str) -> bytes:
    """A path in fast-import's C-style quotes."""
    out = bytearray(b'"')
    for byte in path.encode("utf-8"):
        if byte in b'"\\':
            out += b"\\" + bytes([byte])
        elif byte < 0x20 or byte == 0x7F:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b'"')


def stream(commits: list[dict]) -> tuple[bytes, list[tuple[bool, datetime, int, int]]]:
    """The fast-import stream, and per commit (its e-mail, author instant, added, removed)."""
    out = bytearray()
    model = []
    files: list[tuple[str, int]] = []  # (path, text lines or 0 for binary), still present
    for i, c in enumerate(commits, start=1):
        path = f"f{i}-{c['file']}"
        if c["binary"]:
            blob, added = bytes([0, i % 256, 1, 2]) * 8, 0
        else:
            blob, added = "".join(f"{i}:{k}\n" for k in range(c["lines"])).encode(), c["lines"]
        removed, ops = 0, b"M 100644 inline " + quote(path) + b"\ndata %d\n" % len(blob) + blob
        if c["delete_previous"] and files:
            gone, removed = files.pop()
            ops += b"\nD " + quote(gone)
        files.append((path, added))
        tz = timezone(timedelta(minutes=c["offset"]))
        at = datetime.fromtimestamp(EPOCH + 60 * c["minutes"] + i, tz)
        sign, off = ("-" if c["offset"] < 0 else "+"), abs(c["offset"])
        ident = (c["name"] + b" <" + c["email"].encode() + b"> %d " % at.timestamp()
                 + f"{sign}{off // 60:02d}{off % 60:02d}".encode())
        out += b"commit refs/heads/main\nmark :%d\n" % i
        out += b"author " + ident + b"\ncommitter " + ident + b"\n"
        out += b"data %d\n" % len(c["message"]) + c["message"] + b"\n"
        if i > 1:
            out += b"from :%d\n" % (i - 1)
        out += ops + b"\n\n"
        model.append((c["email"], at, added, removed))
    return bytes(out), model


def expected(model, emails: set[str]):
    values: dict[str, dict] = {k: defaultdict(float)
                               for k in ("commits", "lines_added", "lines_removed")}
    for email, at, added, removed in model:
        if email in emails:
            day = berlin_day(at)
            values["commits"][day] += 1
            values["lines_added"][day] += added
            values["lines_removed"][day] += removed
    return {k: dict(v) for k, v in values.items()}


@settings(max_examples=EXAMPLES)
@given(commits=st.lists(commit_strategy, min_size=1, max_size=8), data=st.data(),
       unicode_email=st.booleans())
def test_fuzzed_repositories_read_as_committed_with_and_without_state(commits, data,
                                                                       unicode_email):
    split = data.draw(st.integers(0, len(commits)), label="read first after")
    emails = ["me@example.org"] + (["Mé@Example.org"] if unicode_email else [])
    matching = MATCHING | (MATCHING_UNICODE if unicode_email else set())
    text, model = stream(commits)
    reader = GitReader()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        run_git(repo, "init", "-q", "-b", "main")
        run_git(repo, "fast-import", "--quiet", f"--export-marks={repo / 'marks'}", stdin=text)
        marks = dict(line.split() for line in (repo / "marks").read_text().splitlines())
        options = {"repositories": [str(repo)], "emails": emails}
        if split:
            run_git(repo, "update-ref", "refs/heads/main", marks[f":{split}"])
        else:
            run_git(repo, "update-ref", "-d", "refs/heads/main")
        first = reader.read(options, berlin_day)
        assert first.values == expected(model[:split], matching)
        run_git(repo, "update-ref", "refs/heads/main", marks[f":{len(commits)}"])
        state = json.loads(json.dumps(first.state))
        assert reader.read(options, berlin_day, state).values == expected(model, matching)
        assert reader.read(options, berlin_day).values == expected(model, matching)
