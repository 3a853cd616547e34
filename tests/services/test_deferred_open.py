"""A set-up journal can serve the form before its store opens (the window paints first)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tracker.errors import UserError
from tracker.services.journal import Journal


def test_a_new_data_dir_cannot_be_deferred(data_dir):
    assert Journal.open_deferred(data_dir) is None


def test_definitions_are_served_without_opening_then_the_store_opens_on_use(data_dir):
    with_store = Journal.open(data_dir)
    skill = with_store.add_skill("Overall", "lost", "fine", "best").ids[0]
    with_store.record(ratings={skill: 7}, values={"mood": 6})
    expected = (with_store.skills(True), with_store.factors(True))
    with_store.close()

    journal = Journal.open_deferred(data_dir)
    assert journal is not None and not journal.is_open
    assert (journal.skills(True), journal.factors(True)) == expected
    assert journal.external_change() is False and not journal.is_open
    assert journal.count() == 1 and journal.is_open  # first real use opens it
    assert journal.external_change() is False
    journal.close()
    with pytest.raises(UserError, match="The journal is closed."):
        journal.count()


def test_the_app_paints_first_then_becomes_ready(data_dir):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TOUCHSTONE_TIMING="1")
    base = [sys.executable, "-m", "tracker", "--data-dir", str(data_dir)]
    subprocess.run([*base, "add", "--skill", "Overall=6"], check=True, env=env,
                   capture_output=True)
    run = subprocess.run([*base, "--exit-when-ready"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    stamps = dict(line.split("=") for line in run.stderr.splitlines()
                  if line.startswith(("first_paint=", "ready=")))
    assert float(stamps["first_paint"]) <= float(stamps["ready"])
