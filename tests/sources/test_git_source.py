"""The git source on real repositories built with ``git`` in tmp_path (issue #18)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tracker.sources import git as git_source
from tracker.sources.base import SourceError
from tracker.sources.git import GitReader

from .git_repos import Repo, lines, run_git

BERLIN = ZoneInfo("Europe/Berlin")
ME = "me@example.org"
T0 = datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)


def berlin_day(at: datetime) -> date:
    """The journal's local day when its check-ins are in Berlin."""
    return at.astimezone(BERLIN).date()


def read(repos, emails=(ME,), paths=None, state=None, day_of=berlin_day):
    options = {"repositories": [str(r.path if isinstance(r, Repo) else r) for r in repos],
               "emails": list(emails)}
    if paths is not None:
        options["paths"] = paths
    return GitReader().read(options, day_of, state)


def round_trip(state):
    """The state as the framework keeps it (JSON)."""
    return json.loads(json.dumps(state))


def day(n: int) -> date:
    return (T0 + timedelta(days=n)).date()


def test_counts_the_users_commits_and_lines_per_day_under_each_of_their_emails(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(10)}, T0)
    repo.commit({"a.txt": lines(7) + "changed\n"}, T0 + timedelta(hours=2), email="ME@Example.ORG")
    repo.commit({"b.txt": lines(4)}, T0 + timedelta(days=1), email="me.work@corp.example")
    repo.commit({"c.txt": lines(50)}, T0 + timedelta(days=1), email="someone@else.example")
    reading = read([repo], emails=[ME, "Me.Work@Corp.Example"])
    assert reading.values == {
        "commits": {day(0): 2.0, day(1): 1.0},
        "lines_added": {day(0): 11.0, day(1): 4.0},
        "lines_removed": {day(0): 3.0, day(1): 0.0},  # a day with commits: all three read
    }
    assert reading.notes == ()
    assert [m.key for m in GitReader.measures] == ["commits", "lines_added", "lines_removed"]
    other = read([repo], emails=["someone@else.example"])
    assert other.values["commits"] == {day(1): 1.0}


def test_merges_are_left_out_and_branch_commits_count_once(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(3)}, T0)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit({"f.txt": lines(5)}, T0 + timedelta(days=1))
    repo.git("checkout", "-q", "main")
    repo.commit({"a.txt": lines(4)}, T0 + timedelta(days=1))
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "feature", when=T0 + timedelta(days=2))
    assert len(repo.git("rev-list", "--merges", "HEAD").split()) == 1
    values = read([repo]).values
    assert values["commits"] == {day(0): 1.0, day(1): 2.0}  # nothing on the merge's day
    assert values["lines_added"] == {day(0): 3.0, day(1): 6.0}


def test_a_commit_on_a_branch_not_checked_out_counts_and_a_deleted_branch_drops_out(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(3)}, T0)
    repo.git("checkout", "-q", "-b", "spike")
    repo.commit({"s.txt": lines(2)}, T0 + timedelta(days=1))
    repo.git("checkout", "-q", "main")
    first = read([repo])
    assert first.values["commits"] == {day(0): 1.0, day(1): 1.0}
    repo.git("branch", "-q", "-D", "spike")
    again = read([repo], state=round_trip(first.state))
    assert again.values == read([repo]).values
    assert again.values["commits"] == {day(0): 1.0}


def test_the_day_is_the_journals_day_of_the_author_instant_not_the_commits_wall_clock(tmp_path):
    repo = Repo(tmp_path / "r")
    new_york_late = datetime(2026, 12, 7, 23, 59, tzinfo=timezone(timedelta(hours=-5)))
    repo.commit({"a.txt": lines(2)}, new_york_late)
    # 23:59 at UTC-5 is 05:59 the next morning in Berlin: the journal's day is Dec 8.
    assert read([repo]).values["commits"] == {date(2026, 12, 8): 1.0}
    # A journal kept at the commit's own offset puts it on Dec 7: the reader defers to day_of.
    assert read([repo], day_of=lambda at: at.date()).values["commits"] == {
        date(2026, 12, 7): 1.0}
    seen = []
    read([repo], day_of=lambda at: seen.append(at) or at.date())
    assert seen == [new_york_late] and seen[0].utcoffset() == timedelta(hours=-5)


def test_amended_and_rebased_commits_count_once_with_and_without_state(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(5)}, T0)
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit({"t.txt": lines(2)}, T0 + timedelta(days=1))
    repo.commit({"u.txt": lines(3)}, T0 + timedelta(days=2))
    repo.git("checkout", "-q", "main")
    repo.commit({"a.txt": lines(6)}, T0 + timedelta(days=3))
    before = read([repo])
    assert sum(before.values["commits"].values()) == 4
    repo.git("commit", "-q", "--amend", "-m", "reworded", when=T0 + timedelta(days=4))
    repo.git("checkout", "-q", "topic")
    repo.git("rebase", "-q", "main", when=T0 + timedelta(days=4))
    assert repo.git("rev-list", "--count", "HEAD") == "4"
    fresh = read([repo])
    incremental = read([repo], state=round_trip(before.state))
    assert incremental.values == fresh.values
    # Each commit once, on its author day (amend and rebase keep the author date).
    assert fresh.values["commits"] == {day(0): 1.0, day(1): 1.0, day(2): 1.0, day(3): 1.0}


def test_a_refresh_reads_only_the_new_commits_and_gives_the_same_values(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "r")
    for i in range(5):
        repo.commit({f"f{i}.txt": lines(i + 1)}, T0 + timedelta(hours=i))
    first = read([repo])
    old_tip = repo.head()
    for i in range(3):
        repo.commit({f"g{i}.txt": lines(2)}, T0 + timedelta(days=1, hours=i))
    calls: list[list[str]] = []
    real = git_source._git

    def spy(git, path, args, ok=(0,)):
        calls.append(args)
        return real(git, path, args, ok)

    monkeypatch.setattr(git_source, "_git", spy)
    again = read([repo], state=round_trip(first.state))
    logs = [a for a in calls if a[0] == "log"]
    assert len(logs) == 1 and f"^{old_tip}" in logs[0]
    assert again.values == read([repo]).values
    assert again.values["commits"] == {day(0): 5.0, day(1): 3.0}
    calls.clear()
    unchanged = read([repo], state=round_trip(again.state))
    assert unchanged.values == again.values and not [a for a in calls if a[0] == "log"]


def test_an_old_tip_pruned_after_a_rebase_reads_everything_again(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(2)}, T0)
    repo.commit({"b.txt": lines(2)}, T0 + timedelta(days=1))
    first = read([repo])
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.commit({"c.txt": lines(9)}, T0 + timedelta(days=2))
    repo.git("reflog", "expire", "--expire=now", "--all")
    repo.git("gc", "-q", "--prune=now")
    again = read([repo], state=round_trip(first.state))
    assert again.values == read([repo]).values
    assert again.values["lines_added"] == {day(0): 2.0, day(2): 9.0}


def test_two_clones_of_one_repository_count_each_commit_once(tmp_path):
    origin = Repo(tmp_path / "origin")
    origin.commit({"a.txt": lines(4)}, T0)
    origin.commit({"b.txt": lines(4)}, T0 + timedelta(days=1))
    run_git(tmp_path, "clone", "-q", str(origin.path), "clone")
    clone = Repo(tmp_path / "clone", init=False)
    clone.commit({"c.txt": lines(1)}, T0 + timedelta(days=1))
    values = read([origin, clone]).values
    assert values["commits"] == {day(0): 1.0, day(1): 2.0}
    assert values["lines_added"] == {day(0): 4.0, day(1): 5.0}


def test_a_repository_that_moved_or_vanished_keeps_the_days_read_before(tmp_path):
    here, there = Repo(tmp_path / "here"), Repo(tmp_path / "there")
    here.commit({"a.txt": lines(3)}, T0)
    there.commit({"b.txt": lines(8)}, T0 + timedelta(days=1))
    first = read([here, there])
    (tmp_path / "here").rename(tmp_path / "moved")
    again = read([here, there], state=round_trip(first.state))
    assert again.values == first.values
    assert again.notes == (f"The repository {here.path} is no longer there; kept the days read "
                           "before.",)
    assert read([here, there], state=round_trip(again.state)).values == first.values
    shutil.rmtree(tmp_path / "moved")  # and vanished for good: still kept
    assert read([here, there], state=round_trip(again.state)).values == first.values
    with pytest.raises(SourceError, match=r"^\S+here is not a folder\.$"):
        read([here, there])  # nothing read before: it is bad input


def test_a_shallow_clone_counts_what_it_holds_and_says_so(tmp_path):
    origin = Repo(tmp_path / "origin")
    for i in range(4):
        origin.commit({"a.txt": lines(10 * (i + 1))}, T0 + timedelta(days=i))
    run_git(tmp_path, "clone", "-q", "--depth", "2", origin.path.as_uri(), "shallow")
    shallow = Repo(tmp_path / "shallow", init=False)
    reading = read([shallow])
    # Two commits held; the oldest's parent is missing so its lines are unknown (0), not the
    # whole tree as if it had been written that day.
    assert reading.values["commits"] == {day(2): 1.0, day(3): 1.0}
    assert reading.values["lines_added"] == {day(2): 0.0, day(3): 10.0}
    assert reading.notes == (f"{shallow.path} is a shallow clone: only the commits it holds "
                             "are counted, and the lines of its oldest ones are not known.",)
    both = read([shallow, origin]).values  # a full copy knows the lines
    assert both["lines_added"] == {day(i): 10.0 for i in range(4)}
    run_git(shallow.path, "fetch", "-q", "--unshallow")  # the user deepens it (we never fetch)
    deepened = read([shallow], state=round_trip(reading.state))
    assert deepened.values == read([origin]).values and deepened.notes == ()


def test_a_path_filter_counts_only_commits_and_lines_there(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"src/a.py": lines(6), "docs/a.md": lines(20)}, T0)
    repo.commit({"docs/b.md": lines(3)}, T0 + timedelta(days=1))
    repo.commit({"src/b.py": lines(2), "tests/t.py": lines(1)}, T0 + timedelta(days=2))
    values = read([repo], paths=["src", "tests"]).values
    assert values["commits"] == {day(0): 1.0, day(2): 1.0}
    assert values["lines_added"] == {day(0): 6.0, day(2): 3.0}
    first = read([repo], paths=["src"])
    repo.commit({"docs/c.md": lines(1)}, T0 + timedelta(days=3))
    repo.commit({"src/c.py": lines(4)}, T0 + timedelta(days=3))
    again = read([repo], paths=["src"], state=round_trip(first.state))
    assert again.values == read([repo], paths=["src"]).values
    assert again.values["lines_added"] == {day(0): 6.0, day(2): 2.0, day(3): 4.0}


def test_binary_files_count_no_lines_and_a_rename_only_its_changed_lines(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"logo.png": bytes(range(256)) * 4, "a.txt": lines(40)}, T0)
    repo.git("mv", "a.txt", "renamed.txt")
    (repo.path / "renamed.txt").write_text(lines(39) + "new\n", encoding="utf-8")
    repo.commit({"renamed.txt": lines(39) + "new\n"}, T0 + timedelta(days=1))
    assert "=> renamed.txt" in repo.git("show", "--numstat", "-M", "--format=", "HEAD")
    values = read([repo]).values
    assert values["lines_added"] == {day(0): 40.0, day(1): 1.0}
    assert values["lines_removed"] == {day(0): 0.0, day(1): 1.0}


def test_author_names_that_are_not_utf8_and_odd_file_names(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"tab\tand\nnewline é.txt": lines(2)}, T0, name=b"Ren\xe9 \xff")
    repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
    repo.commit({"b.txt": lines(1)}, T0 + timedelta(days=1), name=b"Fran\xe7ois")
    assert read([repo]).values["lines_added"] == {day(0): 2.0, day(1): 1.0}


def test_a_non_ascii_email_matches_without_case(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(1)}, T0, email="ÉMILE@exemple.fr")
    repo.commit({"b.txt": lines(1)}, T0, email="emile@exemple.fr")
    assert read([repo], emails=["émile@EXEMPLE.fr"]).values["commits"] == {day(0): 1.0}
    assert read([repo], emails=["Emile@exemple.fr"]).values["commits"] == {day(0): 1.0}


def test_changed_options_read_again_rather_than_reuse_the_state(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(1)}, T0)
    repo.commit({"b.txt": lines(1)}, T0, email="other@example.org")
    first = read([repo])
    both = read([repo], emails=[ME, "other@example.org"], state=round_trip(first.state))
    assert both.values["commits"] == {day(0): 2.0}
    assert read([repo], state={"version": 1, "repos": "garbage"}).values == first.values


@pytest.mark.parametrize("options, message", [
    ({"emails": [ME]}, "option \"repositories\" must be a list of repository folders"),
    ({"repositories": [], "emails": [ME]}, "at least one"),
    ({"repositories": ["x"]}, "option \"emails\" must be a list of author e-mails"),
    ({"repositories": ["x"], "emails": [ME], "paths": "src"}, "\"paths\" must be a list"),
    ({"repositories": ["x"], "emails": [ME], "paths": ["/abs"]}, "must be relative"),
])
def test_bad_options_say_which_in_one_sentence(options, message):
    with pytest.raises(SourceError, match=message):
        GitReader().check(options)


def test_a_folder_that_is_not_a_repository_or_is_inside_one_is_refused(tmp_path):
    reader = GitReader()
    (tmp_path / "plain").mkdir()
    (tmp_path / "file.txt").write_text("x")
    repo = Repo(tmp_path / "r")
    repo.commit({"sub/a.txt": lines(1)}, T0)
    cases = {
        tmp_path / "plain": "is not a git repository.",
        tmp_path / "file.txt": "is not a folder.",
        tmp_path / "absent": "is not a folder.",
        repo.path / "sub": f"is a folder inside the git repository {repo.path}: add that",
    }
    for path, message in cases.items():
        with pytest.raises(SourceError) as caught:
            reader.check({"repositories": [str(path)], "emails": [ME]})
        assert str(caught.value).startswith(f"{path} {message}")
        assert "\n" not in str(caught.value)
        with pytest.raises(SourceError):
            read([path])
    reader.check({"repositories": [str(repo.path), str(repo.path / ".git")], "emails": [ME]})
    with pytest.raises(SourceError, match="git cannot read .*: .*pathspec"):
        reader.check({"repositories": [str(repo.path)], "emails": [ME], "paths": [":(bad)x"]})


def test_git_missing_from_the_path_is_one_clear_sentence(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(1)}, T0)
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    for attempt in (lambda: GitReader().check({"repositories": [str(repo.path)],
                                                "emails": [ME]}),
                    lambda: read([repo])):
        with pytest.raises(SourceError, match=r"^The git program was not found \(is git "
                                              r"installed and on the PATH\?\); .*\.$"):
            attempt()


def test_reading_writes_nothing_to_the_repository(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(3)}, T0)
    (repo.path / "a.txt").write_text("dirty\n")  # a stat-dirty index git could refresh

    def snapshot():
        return {p: (p.stat().st_mtime_ns, p.stat().st_size)
                for p in sorted((repo.path / ".git").rglob("*")) if p.is_file()}

    before = snapshot()
    read([repo])
    assert snapshot() == before
    assert subprocess.run(["git", "-C", str(repo.path), "diff", "--quiet"]).returncode == 1


def test_a_path_filter_keeps_side_branch_work_a_merge_discarded(tmp_path):
    # git log -- PATH simplifies history by default: a side branch whose change a merge threw
    # away (-s ours) would vanish under the filter though it counts without one.
    repo = Repo(tmp_path / "r")
    repo.commit({"src/a.py": lines(3)}, T0)
    repo.git("checkout", "-q", "-b", "side")
    repo.commit({"src/a.py": lines(5)}, T0 + timedelta(days=1))
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "-s", "ours", "-m", "keep ours", "side", when=T0 + timedelta(days=2))
    repo.git("branch", "-q", "-D", "side")
    assert read([repo], paths=["src"]).values == read([repo]).values
    assert read([repo], paths=["src"]).values["commits"] == {day(0): 1.0, day(1): 1.0}


def test_a_repositorys_own_config_cannot_make_the_reader_run_a_program(tmp_path):
    # A repository could come from anyone: its config's textconv driver (run by `git log -p`),
    # external diff and fsmonitor hook (run by commands that read the index) name programs;
    # the reader runs none (--numstat, --no-textconv, --no-ext-diff, no index reads).
    repo = Repo(tmp_path / "r")
    marker = tmp_path / "ran"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\ncat \"$1\" 2>/dev/null\n")
    hook.chmod(0o755)
    repo.git("config", "diff.evil.textconv", str(hook))
    repo.git("config", "diff.external", str(hook))
    repo.git("config", "core.fsmonitor", str(hook))
    (repo.path / ".gitattributes").write_text("*.txt diff=evil\n")
    repo.commit({".gitattributes": "*.txt diff=evil\n", "a.txt": lines(2)}, T0)
    marker.unlink(missing_ok=True)
    repo.commit({"a.txt": lines(3)}, T0 + timedelta(days=1))
    marker.unlink(missing_ok=True)
    assert read([repo]).values["lines_added"] == {day(0): 3.0, day(1): 1.0}
    assert not marker.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the repository away (CI is root)")
def test_a_repository_git_refuses_to_read_is_an_error_not_a_vanished_one(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.txt": lines(1)}, T0)
    first = read([repo])
    for path in [repo.path, *repo.path.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)  # another user's: "dubious"
    for state in (None, round_trip(first.state)):
        with pytest.raises(SourceError, match=r"^git cannot read \S+: detected dubious "
                                              r"ownership in repository at .*\.$"):
            read([repo], state=state)
