"""Git repositories as an outcome source: per local day, the user's commits and lines changed.

Read with the ``git`` executable (``git log --numstat``), never by parsing ``.git`` and not
with a library: git is the reference implementation of its own formats (packs, commit-graph,
replace refs, shallow files, reftable), GitPython only shells out to it too, and dulwich would
be a new dependency that re-implements them. Every call is a fixed argument list (no shell),
``--no-pager``, no prompts, no optional locks, and only local commands: nothing is fetched.

What is counted: the non-merge commits reachable from ``HEAD`` and the local branches whose
author e-mail is one of the user's (compared case-insensitively), on the local day of their
author time under the framework's ``day_of``; with ``paths``, only the commits touching those
paths (git pathspecs, relative to the repository's top folder) and only their lines there. A
commit is counted once by id, also when several repositories hold it (two clones of one repo);
rebased or amended commits no longer reachable drop out. Binary files count no lines; a rename
counts only the lines it changed. In a shallow clone the commits it holds are counted; the
lines of its oldest ones (whose parents are missing) are not known and count 0.

State (JSON-ready), per repository: the tips read and each counted commit's author time and
lines, so that a refresh reads only what changed (``git log NEW --not OLD`` for the new
commits, ``git rev-list OLD --not NEW`` for those gone) and a repository that moved or vanished
keeps the days read before. The values are the same with or without the state.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tracker.sources.base import DayOf, MeasureSpec, Reading, SourceError

STATE_VERSION = 1
TIMEOUT_S = 600.0
HEADER = "%x01%H%x00%aI%x00%ae%x00%D"
LOG = ["log", "-z", "--numstat", "-M", "--root", "--no-merges", "--full-history",
       "--no-ext-diff", "--no-textconv", "--no-show-signature", "--no-color",
       "--no-mailmap", "--decorate=full", f"--format={HEADER}"]

# A commit as kept in the state: [author time (ISO 8601), lines added, lines removed, exact]
# where exact is 0 for a shallow clone's boundary commit (its lines are not known).
Record = list[Any]


class _GitFailed(Exception):
    """A git command exited non-zero; the message is git's first line, without "fatal: "."""


class _Gone(Exception):
    """The repository is not (or no longer) there; the message says how, in one sentence."""


@dataclass(frozen=True, slots=True)
class _Options:
    repositories: tuple[str, ...]
    emails: frozenset[str]
    paths: tuple[str, ...]

    @property
    def fingerprint(self) -> list[Any]:
        """What the state's records depend on: read again from scratch when it changes."""
        return [sorted(self.emails), list(self.paths)]


OPTION_WHAT = {"repositories": "repository folders", "emails": "author e-mails",
               "paths": "path filters"}


def _string_list(options: dict[str, Any], name: str, required: bool) -> tuple[str, ...]:
    value = options.get(name)
    if value is None and not required:
        return ()
    if (not isinstance(value, list | tuple) or (required and not value)
            or not all(isinstance(v, str) and v.strip() for v in value)):
        raise SourceError(f"The git source's option \"{name}\" must be a list of "
                          f"{OPTION_WHAT[name]}{' (at least one)' if required else ''}.")
    return tuple(v.strip() for v in value)


def fold_email(email: str) -> str:
    """An e-mail for comparing without case: ASCII ones by ASCII case (as git's
    ``--regexp-ignore-case`` does), others by Unicode case folding; never equal across."""
    return email.lower() if email.isascii() else "\x00" + email.casefold()


def _options(options: dict[str, Any]) -> _Options:
    if not isinstance(options, dict):
        raise SourceError("The git source's options are not a set of named values.")
    repositories = _string_list(options, "repositories", required=True)
    emails = frozenset(fold_email(e) for e in _string_list(options, "emails", required=True))
    paths = _string_list(options, "paths", required=False)
    for p in paths:
        if os.path.isabs(p):
            raise SourceError(f"The path filter \"{p}\" must be relative to the repository's "
                              "top folder.")
    return _Options(repositories, emails, paths)


def _git_program() -> str:
    found = shutil.which("git")
    if found is None:
        raise SourceError("The git program was not found (is git installed and on the PATH?); "
                          "the git source needs it to read repositories.")
    return found


def _environment() -> dict[str, str]:
    """The caller's environment without GIT_* (a GIT_DIR would override -C), no prompts,
    no optional locks (read-only), plain C messages."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C", LANGUAGE="C")
    return env


def _git(git: str, repo: str, args: list[str], ok: tuple[int, ...] = (0,)) -> bytes:
    argv = [git, "--no-pager", "-c", "core.quotepath=off", "-C", repo, *args]
    try:
        done = subprocess.run(argv, capture_output=True, env=_environment(), check=False,
                              stdin=subprocess.DEVNULL, timeout=TIMEOUT_S)
    except FileNotFoundError as exc:
        raise SourceError("The git program was not found (is git installed and on the "
                          "PATH?); the git source needs it to read repositories.") from exc
    except subprocess.TimeoutExpired as exc:
        raise SourceError(f"git took longer than {TIMEOUT_S:.0f} s to read {repo}; "
                          "nothing was changed.") from exc
    if done.returncode not in ok:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        first = next((ln for ln in lines if ln.startswith("fatal:")), lines[0])
        raise _GitFailed(first.removeprefix("fatal:").strip().rstrip("."))
    return done.stdout


@dataclass(frozen=True, slots=True)
class _Repo:
    path: str
    shallow: bool


def _open(git: str, shown: str) -> _Repo:
    """The repository at ``shown`` (its top folder, a bare repository or a ``.git`` folder)."""
    path = Path(shown).expanduser()
    if not path.is_dir():
        raise _Gone(f"{shown} is not a folder")
    try:
        out = _git(git, str(path), ["rev-parse", "--absolute-git-dir", "--is-inside-work-tree",
                                    "--is-shallow-repository", "--show-prefix"])
    except _GitFailed as exc:
        if "not a git repository" in str(exc):
            raise _Gone(f"{shown} is not a git repository") from exc
        raise SourceError(f"git cannot read {shown}: {exc}.") from exc  # there, unreadable
    git_dir, in_tree, shallow, prefix = (out.decode("utf-8", "surrogateescape").split("\n")
                                         + ["", "", "", ""])[:4]
    if in_tree == "true" and prefix:
        top = git_dir.removesuffix("/.git")
        raise _Gone(f"{shown} is a folder inside the git repository {top}: add that "
                    "repository (a path filter can limit it to the folder)")
    if in_tree != "true" and os.path.realpath(git_dir) != os.path.realpath(path):
        raise _Gone(f"{shown} is inside a repository's git folder, not a repository")
    return _Repo(str(path), shallow == "true")


def _tips(git: str, repo: _Repo) -> list[str]:
    """The commits of HEAD and the local branches (none in a repository without commits)."""
    out = _git(git, repo.path, ["show-ref", "--head", "--heads"], ok=(0, 1))
    return sorted({line.split(" ", 1)[0] for line in out.decode("ascii", "replace").splitlines()
                   if line})


def _log(git: str, repo: _Repo, opts: _Options, include: list[str],
         exclude: list[str]) -> dict[str, Record]:
    """The user's non-merge commits reachable from ``include`` but not from ``exclude``."""
    if not include:
        return {}
    args = list(LOG)
    if not any(e.startswith("\x00") for e in opts.emails):  # git skips others' diffs
        args += ["--regexp-ignore-case", "--fixed-strings"]
        args += [f"--author={e}" for e in sorted(opts.emails)]
    args += include + [f"^{c}" for c in exclude] + ["--", *opts.paths]
    return _parse_log(_git(git, repo.path, args), opts.emails)


def _parse_log(out: bytes, emails: frozenset[str]) -> dict[str, Record]:
    """Parse ``LOG``'s output: per commit a header token (\\x01 id, author time, e-mail,
    decorations), then NUL-ended numstat entries ("added\\tremoved\\tpath"; a rename has an
    empty path followed by the old and the new path as two more tokens)."""
    commits: dict[str, Record] = {}
    tokens = out.split(b"\0")
    i, n = 0, len(tokens)
    current: Record | None = None
    while i < n:
        token = tokens[i].lstrip(b"\n")
        if token.startswith(b"\x01"):
            if i + 3 >= n:
                break
            sha = token[1:].decode("ascii")
            when = tokens[i + 1].decode("ascii")
            email = fold_email(tokens[i + 2].decode("utf-8", "replace"))
            grafted = "grafted" in tokens[i + 3].decode("utf-8", "replace").split(", ")
            current = None
            if email in emails:
                current = commits[sha] = [when, 0, 0, 0 if grafted else 1]
            i += 4
            continue
        if not token:
            i += 1
            continue
        added, removed, path = token.split(b"\t", 2)
        if current is not None and current[3] and added != b"-":
            current[1] += int(added)
            current[2] += int(removed)
        i += 1 if path else 3  # a rename: the old and the new path follow
    return commits


def _gone_since(git: str, repo: _Repo, old: list[str], new: list[str]) -> list[str]:
    """Commits reachable from the old tips but no longer from the new ones (rebased away)."""
    if not old:
        return []
    out = _git(git, repo.path, ["rev-list", *old, "--not", *new] if new
               else ["rev-list", *old])
    return out.decode("ascii").split()


def _refresh(git: str, repo: _Repo, opts: _Options, before: dict[str, Any] | None
             ) -> dict[str, Any]:
    """The repository's new state: read incrementally from ``before`` when it can."""
    tips = _tips(git, repo)
    if before is not None and not repo.shallow and not before["shallow"]:
        commits = dict(before["commits"])
        if tips == before["tips"]:
            return {"tips": tips, "shallow": False, "commits": commits}
        try:
            gone = _gone_since(git, repo, before["tips"], tips)
            new = _log(git, repo, opts, tips, before["tips"])
        except _GitFailed:
            pass  # an old tip was pruned after a rebase: read it all again below
        else:
            for sha in gone:
                commits.pop(sha, None)
            commits.update(new)
            return {"tips": tips, "shallow": False, "commits": commits}
    return {"tips": tips, "shallow": repo.shallow, "commits": _log(git, repo, opts, tips, [])}


def _valid_repo_state(value: Any) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("commits"), dict):
        return False
    tips = value.get("tips")
    if not (isinstance(tips, list) and all(isinstance(t, str) for t in tips)
            and isinstance(value.get("shallow"), bool)):
        return False
    for r in value["commits"].values():  # a plain loop: 20,000 records in a few ms
        if (type(r) is not list or len(r) != 4 or type(r[0]) is not str
                or type(r[1]) is not int or type(r[2]) is not int or type(r[3]) is not int):
            return False
    return True


def _previous(state: dict[str, Any] | None, opts: _Options) -> dict[str, dict[str, Any]]:
    """The per-repository state worth using: none when the options it was read with differ."""
    if (not isinstance(state, dict) or state.get("version") != STATE_VERSION
            or state.get("options") != opts.fingerprint or not isinstance(state.get("repos"),
                                                                          dict)):
        return {}
    return {k: v for k, v in state["repos"].items() if _valid_repo_state(v)}


def _values(repos: dict[str, dict[str, Any]], day_of: DayOf) -> dict[str, dict[date, float]]:
    """Per day: commits and lines, each commit once (an exact record beats a shallow one)."""
    best: dict[str, Record] = {}
    for state in repos.values():
        for sha, record in state["commits"].items():
            if sha not in best or record[3] > best[sha][3]:
                best[sha] = record
    values: dict[str, dict[date, float]] = {
        "commits": defaultdict(float), "lines_added": defaultdict(float),
        "lines_removed": defaultdict(float)}
    for when, added, removed, _exact in best.values():
        day = day_of(datetime.fromisoformat(when))
        values["commits"][day] += 1
        values["lines_added"][day] += added
        values["lines_removed"][day] += removed
    return {key: dict(sorted(per_day.items())) for key, per_day in values.items()}


class GitReader:
    """Reads the user's commits from git repositories on this computer (read-only)."""

    kind = "git"
    measures = (
        MeasureSpec("commits", "Commits", "commits"),
        MeasureSpec("lines_added", "Lines added", "lines"),
        MeasureSpec("lines_removed", "Lines removed", "lines"),
    )

    def check(self, options: dict[str, Any]) -> None:
        opts = _options(options)
        git = _git_program()
        for shown in opts.repositories:
            try:
                repo = _open(git, shown)
                if opts.paths and (tips := _tips(git, repo)):
                    _git(git, repo.path, ["log", "-1", "--format=%H", tips[0], "--", *opts.paths])
            except _Gone as exc:
                raise SourceError(f"{exc}.") from exc
            except _GitFailed as exc:
                raise SourceError(f"git cannot read {shown}: {exc}.") from exc

    def read(self, options: dict[str, Any], day_of: DayOf,
             state: dict[str, Any] | None = None) -> Reading:
        opts = _options(options)
        git = _git_program()
        before = _previous(state, opts)
        repos: dict[str, dict[str, Any]] = {}
        notes: list[str] = []
        for shown in opts.repositories:
            try:
                repo = _open(git, shown)
            except _Gone as exc:
                if shown not in before:
                    raise SourceError(f"{exc}.") from exc
                notes.append(f"The repository {shown} is no longer there; kept the days "
                             "read before.")
                repos[shown] = before[shown]
                continue
            try:
                repos[shown] = _refresh(git, repo, opts, before.get(shown))
            except _GitFailed as exc:
                raise SourceError(f"git cannot read {shown}: {exc}.") from exc
            if repo.shallow:
                notes.append(f"{shown} is a shallow clone: only the commits it holds are "
                             "counted, and the lines of its oldest ones are not known.")
        state_out = {"version": STATE_VERSION, "options": opts.fingerprint, "repos": repos}
        return Reading(_values(repos, day_of), tuple(notes), state_out)


reader = GitReader()
