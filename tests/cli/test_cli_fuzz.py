"""The command line's contract on arbitrary input, found by hypothesis.

Every invocation ends with exit 0, or exit 2 with one line ``touchstone: …`` on stderr (argparse's
own usage errors: its usage lines, then one ``touchstone …: error: …`` line). Never a traceback,
never exit 1 (``internal error``), and a refused command leaves the database as it was, whole.

Most examples call ``tracker.cli.main`` in-process on a copy of a journal seeded through the real
services (skills, check-ins old and new, evaluations); stdout is a strict UTF-8 stream as in a
terminal. A few cases run the real program in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from tests.ci import skip_unless_ci
from tracker.cli import main

ARGPARSE_ERROR = re.compile(r"^touchstone( [\w-]+)*: error: ")
SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- the seeded journal, copied per example ----------------------------------------------------
@dataclass(frozen=True)
class Seed:
    data: Path  # a seeded data dir (never used directly: copied)
    export_json: str
    export_csv: str
    backup: Path  # a good backup of the seeded journal
    checkin_ids: tuple[str, ...]
    evaluation_ids: tuple[str, ...]


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Seed:
    from tracker.domain import FactorKind
    from tracker.paths import DataPaths
    from tracker.services.backups import Backups, open_journal
    from tracker.services.reality import Reality
    from tracker.services.transfer import render

    root = tmp_path_factory.mktemp("seed")
    paths = DataPaths(root / "data")
    paths.ensure()
    journal = open_journal(paths)
    overall = journal.skills()[0].id if journal.skills() else None
    if overall is None:
        overall = journal.add_skill("Overall").ids[0]
    focus = journal.add_skill("Focus ünïcode").ids[0]
    journal.add_factor("Coffee", FactorKind.YESNO)
    now = datetime.now(UTC).astimezone().replace(microsecond=0)
    ids = []
    for i in range(4):
        ids.append(journal.record(ratings={overall: 3 + i, focus: 8 - i},
                                  values={"mood": 4 + i, "sleep_hours": 6.5},
                                  tags=["gym"] if i % 2 else [], note=f"day {i}\nsecond line",
                                  at=now - timedelta(days=40 + i)).ids[0])
    ids.append(journal.record(ratings={overall: 7}, at=now - timedelta(hours=1)).ids[0])
    reality = Reality(journal)
    pending = reality.log_evaluation(kind="interview", evaluator="ACME", probability=0.6,
                                     checkin_id=ids[-1]).ids[0]
    done = reality.log_evaluation(kind="exam", purpose="maths", scale=(1, 10),
                                  expected_score=7, at=now - timedelta(days=3)).ids[0]
    reality.resolve(done, "accepted", score=8)
    export_json, _ = render(journal, "json")
    export_csv, _ = render(journal, "csv")
    journal.close()
    backup = Backups(paths).back_up(dest=root / "good-backup.db").path
    return Seed(paths.root, export_json, export_csv, backup, tuple(ids), (pending, done))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    yield tmp_path_factory.mktemp("examples")
    for device in ("/dev/null", "/dev/full", "/dev/zero"):  # the system's own are untouched
        assert stat.S_ISCHR(os.stat(device).st_mode), f"{device} is no longer a device"


class Workspace:
    """One example's data dir (a copy of the seed) and a folder of files to point at."""

    def __init__(self, seed: Seed, scratch: Path) -> None:
        self.seed = seed
        self.root = Path(tempfile.mkdtemp(dir=scratch))
        self.data = self.root / "data"
        shutil.copytree(seed.data, self.data)
        self.files = self.root / "files"
        self.files.mkdir()

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def database(self) -> Path:
        return self.data / "touchstone.db"

    def path(self, kind: str, content: bytes = b"", suffix: str = "") -> str:
        """A path of the given kind: hostile (a directory, a device …) or a file with
        ``content``."""
        special = {
            "dir": str(self.files),
            "dot": ".",
            "empty": "",
            "missing": str(self.files / f"missing{suffix}"),
            "missing-parent": str(self.files / "no" / "such" / f"dir{suffix}"),
            "under-a-file": str(self.seed.backup / f"x{suffix}"),
            "dev-full": self._device("full", 7),
            "dev-null": self._device("null", 3),
            "dev-zero": self._device("zero", 5),
            "journal": str(self.database),
            "journal-wal": str(self.database) + "-wal",
            "data-dir": str(self.data),
            "dash": "-",
            "newline": str(self.files / f"two\nlines{suffix}"),
            "unicode": str(self.files / f"\u202eévil 😀{suffix}"),
            "fifo": str(self._fifo(suffix)),
        }
        if kind in special:
            return special[kind]
        target = self.files / f"{kind}{suffix}"
        if kind == "unreadable":
            target.write_bytes(content)
            target.chmod(0)
        elif kind == "backup":
            shutil.copyfile(self.seed.backup, target)
        else:  # "file": the given content
            target.write_bytes(content)
        return str(target)

    def _device(self, name: str, minor: int) -> str:
        """A copy of /dev/NAME made in the workspace: a command that wrongly replaced the file
        it writes (an atomic rename) would, as root, replace the system's /dev/null itself."""
        node = self.files / f"dev-{name}"
        if not node.exists():
            try:
                os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
            except OSError:  # no CAP_MKNOD: the real one is safe only for a user without root
                return f"/dev/{name}" if os.geteuid() != 0 else str(node)
        return str(node)

    def _fifo(self, suffix: str) -> Path:
        fifo = self.files / f"fifo{suffix}"
        if not fifo.exists():
            os.mkfifo(fifo)
        return fifo


@pytest.fixture(scope="module")
def workspaces(seed, scratch):
    """A factory of workspaces; making one removes the one before (one example's)."""
    made: list[Workspace] = []

    def make() -> Workspace:
        while made:
            made.pop().remove()
        made.append(Workspace(seed, scratch))
        return made[-1]

    yield make
    while made:
        made.pop().remove()


def snapshot(database: Path) -> tuple[str, list[str]] | None:
    """``PRAGMA integrity_check`` and every row of every table (None: no database file)."""
    if not database.is_file():
        return None
    with database.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":  # encrypted: unreadable here
            return "ok", []
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        return integrity, list(con.iterdump())
    finally:
        con.close()


# --- running the CLI in-process ----------------------------------------------------------------
@dataclass
class Result:
    code: int
    out: str
    err: str
    usage: bool  # argparse refused the command line
    logged: str = ""  # what cli.main logged of an unexpected exception (for the report)


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def run(argv: list[str], stdin: str | None = None) -> Result:
    """``main(argv)`` with a strict UTF-8 stdout (as in a terminal) and stderr captured."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace",
                           write_through=True)
    root = logging.getLogger()
    handlers = list(root.handlers)
    old_stdin, usage = sys.stdin, False
    sys.stdin = io.StringIO(stdin or "")
    keep = _Keep()
    logging.getLogger("tracker.cli").addHandler(keep)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, or a usage error
                code, usage = exc.code, True
    finally:
        sys.stdin = old_stdin
        logging.getLogger("tracker.cli").removeHandler(keep)
        for handler in root.handlers[:]:  # each main() adds a log file handler
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
    return Result(code, out_bytes.getvalue().decode(), err_bytes.getvalue().decode(), usage,
                  "\n".join(keep.lines))


def check_contract(result: Result, argv: list[str]) -> None:
    with contextlib.suppress(InvalidArgument):  # outside of @given there is nothing to note
        note(f"argv={argv!r}\nexit={result.code}\nstderr={result.err!r}")
    assert result.code in (0, 2), f"exit {result.code}: {result.err}{result.logged}"
    assert "Traceback" not in result.err and "internal error" not in result.err
    if result.code == 2:
        lines = result.err.splitlines()
        if result.usage:
            assert lines and ARGPARSE_ERROR.match(lines[-1]), result.err
        else:
            assert len(lines) == 1 and result.err.endswith("\n"), result.err
            assert lines[0].startswith("touchstone: "), result.err


def check_readable(ws: Workspace) -> None:
    """Whatever was stored can be read back: list, export and the evaluations all exit 0."""
    if not ws.database.exists():
        return
    for argv in (["list"], ["export", "--format", "json"], ["eval", "list", "--json"]):
        result = run(["--data-dir", str(ws.data), *argv])
        assert result.code == 0, f"{argv} after the example: {result.err}"


def attempt(ws: Workspace, argv: list[str], *, stdin: str | None = None,
            writes: bool = True, global_first: bool = True) -> Result:
    """Run ``argv`` on the workspace and check the contract, the integrity of the database,
    that a refused (or read-only) command changed nothing, and that all stays readable."""
    before = snapshot(ws.database)
    data = ["--data-dir", str(ws.data)]
    full = [*data, *argv] if global_first else [*argv, *data]
    result = run(full, stdin)
    check_contract(result, full)
    after = snapshot(ws.database)
    if after is not None:
        assert after[0] == "ok", after[0]
    if result.code == 2 or not writes:
        assert after == before, "a refused or read-only command changed the journal"
    check_readable(ws)
    return result


# --- hostile values ----------------------------------------------------------------------------
ARGV_CHARS = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
HOSTILE_TEXT = ["", " ", "\t", "\n", " \n ", "-", "--", "-x", "=", "==", ";", "a;b", "%",
                "\u202eRTL\u202c", "\u200b", "😀", "e\u0301", "\udcff", "\udc80abc",
                "'\"\\", "x" * 5000, "Overall", "overall", " Overall ", "Focus ünïcode",
                "NULL", "'; drop table checkins; --"]
NUMBERS = ["", " ", "0", "-0", "0.0", "1", "5", "10", "11", "-1", "7.5", "7,5", "1,5,5",
           "1e400", "-1e400", "1e-400", "nan", "NaN", "-nan", "inf", "-inf", "Infinity",
           "99999999999999999999", "0x10", "1_0", "٥", "５", "\u202e5", " 5 ", "5%", "½",
           "😀", "\udcff", "True", "yes", "no", "24", "24.0001", "-0.0", "1e308", "5e-324"]
DATES = ["2026-02-30", "0000-01-01", "0001-01-01", "0001-01-02", "9999-12-31",
         "9999-12-31T23:59+14:00", "9999-12-31T23:59:59.999999", "0001-01-01T00:00",
         "0001-01-01T00:00-14:00", "0001-01-01T00:00+14:00", "2026-11-27", "2026-11-27T08:30",
         "2026-01-01T08:30:00.123456", "2026-11-27T25:00", "20261127", "2026-W48-5",
         "2026-01-01T08:30Z", "2026-01-01T08:30+24:00", "2026-01-01T08:30+23:59",
         "2026-01-01 08:30", "2026-01-01T08:30:60", "1970-01-01T00:00+00:00", "yesterday",
         "", " ", "\udcff", "２０２６-01-01"]

texts = st.sampled_from(HOSTILE_TEXT) | st.text(ARGV_CHARS, max_size=20)
numbers = (st.sampled_from(NUMBERS) | st.integers().map(str)
           | st.floats(allow_nan=True, allow_infinity=True).map(repr))
offsets = st.timedeltas(min_value=timedelta(hours=-23, minutes=-59),
                        max_value=timedelta(hours=23, minutes=59)).map(timezone)
dates = (st.sampled_from(DATES) | st.dates().map(lambda d: d.isoformat())
         | st.datetimes(timezones=st.none() | offsets).map(lambda d: d.isoformat()))
# a FIFO or a device as an output is refused before it is opened (``-o -`` is the way there)
output_paths = st.sampled_from([
    "dir", "dot", "empty", "missing", "missing-parent", "under-a-file", "dev-full", "dev-null",
    "fifo",
    "journal", "journal-wal", "data-dir", "dash", "newline", "unicode", "unreadable", "file"])
paths = output_paths | st.just("dev-zero")


def pairs(names: list[str], values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``NAME=VALUE`` items, some well formed, some not."""
    name = st.sampled_from(names) | texts
    return (st.tuples(name, values).map("=".join) | texts
            | st.tuples(name, st.sampled_from(["=", "==", "= ", "=="])).map("".join))


SKILL_NAMES = ["Overall", "overall", " Overall ", "OVERALL", "Focus ünïcode", "Focus  ünïcode",
               "Nope", "", " ", "Over=all"]


def options(draw, table: dict[str, st.SearchStrategy | None], at_most: int = 6) -> list[str]:
    """Some of the options of ``table`` (a flag: None), each maybe repeated, in any order."""
    chosen = draw(st.lists(st.sampled_from(sorted(table)), max_size=at_most))
    argv: list[str] = []
    for option in chosen:
        values = table[option]
        if values is None:
            argv.append(option)
        elif draw(st.booleans()) and option.startswith("--"):
            argv.append(f"{option}={draw(values)}")
        else:
            argv += [option, draw(values)]
    return argv


# --- check-ins ---------------------------------------------------------------------------------
ADD_OPTIONS = {
    "--skill": pairs(SKILL_NAMES, numbers),
    **{flag: numbers for flag in ("--mood", "--sleep", "--sleep-quality", "--hunger",
                                  "--energy", "--stress")},
    "--factor": pairs(["Coffee", "coffee", "Mood", "Sleep", "Nope", ""],
                      st.sampled_from(["yes", "no", "Y", "n", "TRUE", "1", "0", "2"]) | numbers),
    "--tag": texts,
    "--note": texts,
    "--at": dates,
}


@SLOW
@given(data=st.data())
def test_add(workspaces, data):
    ws = workspaces()
    skill = data.draw(pairs(SKILL_NAMES, numbers), label="skill")
    argv = ["add", "--skill", skill, *options(data.draw, ADD_OPTIONS)]
    result = attempt(ws, argv, global_first=data.draw(st.booleans()))
    if result.code == 0:
        assert result.out.startswith("Saved check-in ")


LIST_OPTIONS = {"--since": dates, "--until": dates, "--tag": texts, "--search": texts}


@SLOW
@given(data=st.data())
def test_list(workspaces, data):
    ws = workspaces()
    attempt(ws, ["list", *options(data.draw, LIST_OPTIONS)], writes=False)


# --- import and export -------------------------------------------------------------------------
def mutate_json(text: str, draw) -> bytes:
    """The seed's JSON export with one value somewhere replaced by a hostile one."""
    doc = json.loads(text)
    hostile = draw(st.sampled_from([None, "", -1, 0, 1e308, 11, 10**30, "nan", [], {}, True,
                                    "2026-02-30T08:00+00:00", "0001-01-01T00:00+14:00",
                                    "9999-12-31T23:59-14:00", "\u202e", "x" * 300]))
    section = draw(st.sampled_from(["skills", "factors", "checkins", "evaluations", "revisits",
                                    "format_version", "format"]))
    if section in ("format_version", "format"):
        doc[section] = hostile
    elif isinstance(doc.get(section), list) and doc[section]:
        item = draw(st.sampled_from(doc[section]))
        key = draw(st.sampled_from(sorted(item) + ["unknown"]))
        if isinstance(item.get(key), dict) and item[key] and draw(st.booleans()):
            item[key][draw(st.sampled_from(sorted(item[key])))] = hostile
        else:
            item[key] = hostile
        if draw(st.booleans()):  # a new id: the row is imported, not merely compared
            item["id"] = f"00000000-0000-4000-8000-{draw(st.integers(0, 10**12)):012d}"
    else:
        doc[section] = hostile
    return json.dumps(doc).encode()


def mutate_csv(text: str, draw) -> bytes:
    """The seed's CSV export with one cell (or the header) replaced."""
    rows = text.splitlines()
    index = draw(st.integers(0, len(rows) - 1))
    cells = rows[index].split(",")
    cell = draw(st.integers(0, len(cells) - 1))
    cells[cell] = draw(st.sampled_from(['""', '"', "nan", "11", "-1", "1e400", "skill:",
                                        "factor:", "skill:Overall", "id", "0001-01-01T00:00",
                                        "2026-02-30T08:00+00:00", "x;y", "=1+1"]) | texts)
    rows[index] = ",".join(cells)
    if draw(st.booleans()) and index > 0:
        rows[index] = rows[index].replace(rows[index][:36], "11111111-1111-4111-8111-"
                                          + "1" * 12, 1)
    return "\n".join(rows).encode("utf-8", "surrogateescape")


def import_source(draw, ws: Workspace) -> tuple[str, str]:
    """An import file (hostile path or content) and the format its name suggests."""
    suffix = draw(st.sampled_from([".json", ".csv", ".txt", ""]))
    kind = draw(st.sampled_from(["mutated", "mutated", "garbage", "text", "export"]) | paths)
    if kind == "mutated":
        raw = (mutate_json(ws.seed.export_json, draw) if suffix != ".csv"
               else mutate_csv(ws.seed.export_csv, draw))
        return ws.path("file", raw, suffix), suffix
    if kind == "export":
        raw = (ws.seed.export_json if suffix != ".csv" else ws.seed.export_csv).encode()
        return ws.path("file", raw, suffix), suffix
    if kind == "garbage":
        return ws.path("file", draw(st.binary(max_size=200)), suffix), suffix
    if kind == "text":
        raw = draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
        return ws.path("file", raw, suffix), suffix
    return ws.path(kind, draw(st.binary(max_size=50)), suffix), suffix


IMPORT_OPTIONS = {
    "--format": st.sampled_from(["csv", "json", "xml", ""]),
    "--from": st.sampled_from(["daylio", "bearable", "trackandgraph", "csv", "auto", "nope"]),
    "--map": pairs(["rad", "Mood", "Date", "Productivity", "Energy", ""],
                   st.sampled_from(["9", "11", "nan", "skill:Overall", "skill:Work@1-5",
                                    "skip", "timestamp:%d/%m/%Y", "timestamp:", "factor:Mood",
                                    "skill:Overall@5-1", "skill:@1-5"]) | texts),
    "--dry-run": None,
}


@SLOW
@given(data=st.data())
def test_import(workspaces, data):
    ws = workspaces()
    source, _ = import_source(data.draw, ws)
    argv = ["import", source, *options(data.draw, IMPORT_OPTIONS, at_most=3)]
    attempt(ws, argv)


@SLOW
@given(data=st.data())
def test_export_and_report(workspaces, data):
    ws = workspaces()
    outputs = output_paths.map(lambda kind: ws.path(kind, b"old content", ".out"))
    command = data.draw(st.sampled_from(["export", "report"]))
    if command == "export":
        argv = ["export", "--format", data.draw(st.sampled_from(["csv", "json"]))]
        table = {"-o": outputs, "--bom": None, "--format": st.sampled_from(["csv", "json", "x"])}
    else:
        argv = ["report"]
        table = {"--skill": st.sampled_from(SKILL_NAMES) | texts, "--since": dates,
                 "--json": None, "-o": outputs}
    attempt(ws, [*argv, *options(data.draw, table, at_most=3)], writes=False)


# --- backups -----------------------------------------------------------------------------------
@SLOW
@given(data=st.data())
def test_backup_restore_erase(workspaces, data):
    ws = workspaces()
    command = data.draw(st.sampled_from(["backup", "restore", "erase-all"]))
    if command == "backup":
        argv = ["backup"]
        if data.draw(st.booleans()):
            argv += ["-o", ws.path(data.draw(paths), b"x", ".db")]
        attempt(ws, argv, writes=False)
    elif command == "restore":
        kind = data.draw(st.sampled_from(["backup", "garbage", "truncated", "sqlite"]) | paths)
        if kind == "garbage":
            source = ws.path("file", data.draw(st.binary(max_size=200)), ".db")
        elif kind == "truncated":
            raw = ws.seed.backup.read_bytes()
            source = ws.path("file", raw[:data.draw(st.integers(0, len(raw) - 1))], ".db")
        elif kind == "sqlite":  # a SQLite database, but not Touchstone's
            source = str(ws.files / "other.db")
            con = sqlite3.connect(source)
            con.execute("create table checkins (id text)")
            con.commit()
            con.close()
        else:
            source = ws.path(kind, data.draw(st.binary(max_size=50)), ".db")
        attempt(ws, ["restore", source])
    else:
        attempt(ws, ["erase-all", *(["--yes"] if data.draw(st.booleans()) else [])])


# --- evaluations and revisits ------------------------------------------------------------------
EVAL_ADD_OPTIONS = {
    "--evaluator": texts, "--for": texts, "--notes": texts, "--date": dates,
    "--expected-by": dates, "--probability": numbers, "--expected-score": numbers,
    "--scale": st.sampled_from(["1-10", "10-1", "1-1", "-1-5", "1--5", "nan-5", "1-inf", "-",
                                "1-", "-5", "0-1e400", "1,5-7,5", "a-b"]) | texts,
}
KINDS = ["application", "interview", "work-trial", "performance-review", "peer-review", "exam",
         "first-impression", "other", "Interview", "work_trial", "", "nope"]


@SLOW
@given(data=st.data())
def test_eval(workspaces, data):
    ws = workspaces()
    action = data.draw(st.sampled_from(["add", "list", "resolve"]))
    if action == "add":
        table = dict(EVAL_ADD_OPTIONS, **{"--checkin": st.sampled_from(
            ["latest", ws.seed.checkin_ids[0], ws.seed.checkin_ids[-1][:8], "", "nope"])})
        argv = ["eval", "add", "--kind", data.draw(st.sampled_from(KINDS) | texts),
                *options(data.draw, table)]
    elif action == "list":
        argv = ["eval", "list", *options(data.draw, {"--pending": None, "--json": None})]
    else:
        key = data.draw(st.sampled_from([*ws.seed.evaluation_ids, ws.seed.evaluation_ids[0][:4],
                                         ws.seed.evaluation_ids[1][:3], "", " ", "-",
                                         ws.seed.checkin_ids[0]]) | texts)
        outcome = data.draw(st.sampled_from(["accepted", "rejected", "no-answer"]))
        table = {"--score": numbers, "--reason": texts, "--replace": None}
        argv = ["eval", "resolve", "--outcome", outcome, *options(data.draw, table), "--", key]
    attempt(ws, argv, writes=action != "list")


ANSWERS = ["", "5", "11", "0", "-1", "7.5", "nan", "inf", "٥", "x", " 7 ", "1e400", "\udcff"]


@SLOW
@given(answers=st.lists(st.sampled_from(ANSWERS) | st.text(ARGV_CHARS, max_size=5),
                        max_size=8),
       seed_value=st.none() | st.integers(-(2**70), 2**70))
def test_revisit(workspaces, answers, seed_value):
    ws = workspaces()
    argv = ["revisit"] + ([] if seed_value is None else [f"--seed={seed_value}"])
    attempt(ws, argv, stdin="".join(a + "\n" for a in answers))


# --- the data dir itself -----------------------------------------------------------------------
@SLOW
@given(kind=st.sampled_from(["file", "dev-null", "dev-full", "journal", "missing-parent",
                             "under-a-file", "db-is-dir", "db-garbage", "settings-garbage",
                             "empty", "dash"]),
       command=st.sampled_from([["list"], ["add", "--skill", "Overall=5"],
                                ["export", "--format", "json"], ["backup"], ["eval", "list"]]),
       junk=st.binary(max_size=100))
def test_hostile_data_dir(workspaces, kind, command, junk):
    ws = workspaces()
    if kind == "db-is-dir":
        ws.database.unlink()
        ws.database.mkdir()
        data = str(ws.data)
    elif kind == "db-garbage":
        ws.database.write_bytes(junk)
        data = str(ws.data)
    elif kind == "settings-garbage":
        (ws.data / "settings.json").write_bytes(junk)
        data = str(ws.data)
    else:
        data = ws.path(kind, junk)
    full = ["--data-dir", data, *command]
    with contextlib.chdir(ws.files):  # "" is the current directory
        result = run(full)
    check_contract(result, full)


# --- encryption: passphrases from the environment ----------------------------------------------
PASSPHRASES = {"unset": None, "empty": "", "space": " ", "short": "short", "ascii": "a" * 12,
               "emoji": "😀" * 12, "undecodable": "\udcff" * 12, "newlines": "\n" * 12}
GOOD_PASSPHRASES = ("a" * 12, "😀" * 12)


@pytest.mark.parametrize("passphrase", PASSPHRASES.values(), ids=PASSPHRASES.keys())
@pytest.mark.parametrize("command", ["encrypt", "decrypt", "passphrase"])
def test_encryption_commands(workspaces, command, passphrase):
    """All 24: on the plain journal only ``encrypt`` with a good passphrase runs, and then the
    journal is encrypted under it with every check-in; every other one changes nothing."""
    from tracker.paths import DataPaths
    from tracker.services import encryption
    from tracker.services.journal import Journal
    from tracker.store import cipher

    if not encryption.available():
        skip_unless_ci("SQLCipher is not installed", "pip install -e '.[test]' installs it")
    ws = workspaces()
    cipher.forget()
    with pytest.MonkeyPatch.context() as env:
        if passphrase is None:
            env.delenv("TOUCHSTONE_NEW_PASSPHRASE", raising=False)
        else:
            env.setenv("TOUCHSTONE_NEW_PASSPHRASE", passphrase)
        env.delenv("TOUCHSTONE_PASSPHRASE", raising=False)
        before = snapshot(ws.database)
        full = ["--data-dir", str(ws.data), command]
        result = run(full)
    check_contract(result, full)
    paths = DataPaths(ws.data)
    try:
        if command == "encrypt" and passphrase in GOOD_PASSPHRASES:
            assert result.code == 0, result.err
            assert cipher.is_encrypted(ws.database)
            assert b"day 0" not in ws.database.read_bytes()  # a note of the seed
            cipher.forget()  # a new session: only the passphrase opens it
            with pytest.raises(encryption.WrongPassphrase):
                encryption.unlock(paths, "not the passphrase")
            encryption.unlock(paths, passphrase)
            journal = Journal.open(ws.data)
            try:
                assert sorted(c.id for c in journal.checkins()) == sorted(ws.seed.checkin_ids)
            finally:
                journal.close()
        else:
            assert result.code == 2, result
            assert snapshot(ws.database) == before
            assert not encryption.is_encrypted(paths)
    finally:
        cipher.forget()


# --- the contract itself, in a real process ----------------------------------------------------
def touchstone(*args: str | bytes, stdin: str = "",
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True,
                          input=stdin.encode(), env=env, timeout=120)


@pytest.mark.parametrize("args", [
    ["add", "--skill", "Overall=11"],
    ["add", "--skill", "Overall=5", "--at", "0001-01-01T00:00"],
    ["add", "--skill", "Overall=5", "--note", b"\xff\xfe"],
    ["list", "--since", "0001-01-01"],
    ["import", "/dev/zero", "--format", "json"],
    ["restore", "/dev/null"],
    ["eval", "resolve", "nope", "--outcome", "accepted"],
])
def test_contract_in_a_real_process(workspaces, args):
    ws = workspaces()
    before = snapshot(ws.database)
    r = touchstone("--data-dir", str(ws.data), *args)
    err = r.stderr.decode("utf-8", "backslashreplace")
    assert r.returncode in (0, 2), err
    assert b"Traceback" not in r.stderr and b"internal error" not in r.stderr
    if r.returncode == 2:
        assert err.count("\n") == 1 and err.startswith("touchstone: "), err
        assert snapshot(ws.database) == before
    assert snapshot(ws.database)[0] == "ok"


# --- what the fuzzer found: each input, and the answer it now gets ----------------------------
def refused(result: Result, message: str) -> None:
    assert (result.code, result.err.startswith("touchstone: " + message)) == (2, True), result


@pytest.mark.parametrize("argv", [
    ["add", "--skill", "Overall=5", "--at", "0001-01-01T00:00"],
    ["eval", "add", "--kind", "exam", "--date", "0001-01-01T00:00"],
])
def test_a_naive_time_the_local_clock_cannot_place_is_refused(workspaces, argv):
    ws = workspaces()
    option = argv[-2]
    refused(attempt(ws, argv), f"{option}: '0001-01-01T00:00' is too far off to read on this "
                               "computer's clock; give its UTC offset")


@pytest.mark.parametrize("argv", [["--since", "0001-01-01"], ["--until", "9999-12-31"],
                                  ["--since", "0001-01-01", "--until", "9999-12-31"]])
def test_list_between_the_first_and_last_days_of_the_calendar(workspaces, argv):
    ws = workspaces()
    result = attempt(ws, ["list", *argv], writes=False)
    assert result.code == 0 and result.out.endswith(f"{len(ws.seed.checkin_ids)} check-ins\n")


@pytest.mark.parametrize("kind", ["dev-null", "fifo"])
def test_report_onto_a_device_or_a_pipe_is_refused_and_leaves_it_as_it_was(workspaces, kind):
    ws = workspaces()
    target = ws.path(kind)
    before = os.stat(target).st_mode
    refused(attempt(ws, ["report", "-o", target], writes=False),
            f"{target} is not a regular file (a pipe or a device): use -o - to write to "
            f"standard output, e.g. -o - > {target}. Nothing was written.")
    assert os.stat(target).st_mode == before  # never replaced by a file, never opened


@pytest.mark.parametrize("kind", ["dir", "dot", "missing-parent", "under-a-file"])
def test_report_onto_a_folder_or_a_missing_folder_is_refused(workspaces, kind):
    ws = workspaces()
    target = ws.path(kind, suffix=".txt")
    reason = "Is a directory" if kind in ("dir", "dot") else (
        "No such file or directory" if kind == "missing-parent" else "Not a directory")
    refused(attempt(ws, ["report", "-o", target], writes=False),
            f"Could not write {Path(target)}: {reason}.")


@pytest.mark.parametrize("kind", ["dev-null", "fifo"])
def test_export_onto_a_device_or_a_pipe_is_refused_and_dash_writes_to_stdout(workspaces, kind):
    ws = workspaces()  # a pipe planted at the output name must not receive the journal
    target = ws.path(kind)
    refused(attempt(ws, ["export", "--format", "csv", "-o", target], writes=False),
            f"{target} is not a regular file (a pipe or a device): use -o - ")
    result = attempt(ws, ["export", "--format", "csv", "-o", "-"], writes=False)
    assert result.code == 0 and result.out.startswith("id,timestamp,"), result.err


def test_backup_under_a_file_is_refused(workspaces):
    ws = workspaces()
    target = ws.path("under-a-file", suffix=".db")
    refused(attempt(ws, ["backup", "-o", target], writes=False),
            f"Could not write the backup {target}: ")


@pytest.mark.parametrize("extra", [["--format", "json"], ["--from", "auto"], ["--from", "csv"]])
def test_importing_a_device_is_refused_not_read_forever(workspaces, extra):
    ws = workspaces()
    device = ws.path("dev-zero")
    refused(attempt(ws, ["import", device, *extra]),
            f"{device} is a device, not a file to import. Nothing was imported.")


def test_a_new_passphrase_of_undecodable_bytes_is_refused(workspaces, monkeypatch):
    from tracker.services import encryption

    if not encryption.available():
        skip_unless_ci("SQLCipher is not installed", "pip install -e '.[test]' installs it")
    ws = workspaces()
    monkeypatch.setenv("TOUCHSTONE_NEW_PASSPHRASE", "\udcff" * 12)  # non-UTF-8 bytes
    refused(attempt(ws, ["encrypt"]), "The passphrase holds bytes that are not UTF-8 text.")


def test_unlocking_with_undecodable_bytes_is_refused(workspaces):
    from tracker.services import encryption

    if not encryption.available():
        skip_unless_ci("SQLCipher is not installed", "pip install -e '.[test]' installs it")
    ws = workspaces()  # in a real process: this one would keep the key of the encryption
    assert touchstone("--data-dir", str(ws.data), "encrypt",
                      env={"TOUCHSTONE_NEW_PASSPHRASE": "a good passphrase"}).returncode == 0
    r = touchstone("--data-dir", str(ws.data), "list",
                   env={"TOUCHSTONE_PASSPHRASE": os.fsdecode(b"\xff" * 12)})
    assert (r.returncode, r.stderr.decode()) == (
        2, "touchstone: The passphrase holds bytes that are not UTF-8 text. Nothing was changed.\n")


@pytest.mark.parametrize("kind", ["newline", "unicode"])
def test_a_message_naming_a_path_with_a_line_break_stays_one_line(workspaces, kind):
    ws = workspaces()
    source = ws.path(kind, suffix=".json")
    shown = source.replace("\n", "\\n")
    refused(attempt(ws, ["import", source]),
            f"Could not read {shown}: No such file or directory.")


@pytest.mark.parametrize(("argv", "answer"), [
    (["list", "--tag=--"], "No check-ins."),
    (["list", "--search=--"], "No check-ins."),
    (["eval", "add", "--kind", "exam", "--scale=--"], "--scale: '--' is not MIN-MAX like 1-10."),
    (["add", "--skill", "Overall=5", "--note=--"], "Saved check-in "),
])
def test_an_option_given_the_value_double_dash_gets_that_value(workspaces, argv, answer):
    ws = workspaces()
    result = attempt(ws, argv, writes=argv[0] != "list")
    assert answer in result.out + result.err, result
