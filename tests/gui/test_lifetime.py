"""No refresh outlives its journal (``tracker.ui.lifetime``): queued and timed UI work that reads
the journal is dropped once the view or the journal is gone, and waits while the journal is set
aside. Each test here failed before the refreshes went through that one mechanism."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from tracker.ui import lifetime


def _spend_events(qtbot, timer=None) -> None:
    """Let ``timer`` (if any) fire, then run every queued call."""
    if timer is not None:
        qtbot.waitUntil(lambda: not timer.isActive())
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def test_a_queued_call_is_dropped_once_its_view_or_journal_is_gone(qtbot, journal) -> None:
    ran: list[str] = []
    gone = QObject()
    lifetime.later(gone, journal, lambda: ran.append("deleted view"))
    shiboken6.delete(gone)
    view = QObject()
    lifetime.later(view, journal, lambda: ran.append("live view"))
    _spend_events(qtbot)
    assert ran == ["live view"]
    lifetime.later(view, journal, lambda: ran.append("closed journal"))
    journal.close()
    _spend_events(qtbot)
    assert ran == ["live view"]


def test_a_call_due_while_the_journal_is_set_aside_runs_once_it_is_back(qtbot, journal) -> None:
    ran: list[int] = []
    owner = QObject()
    tick = lifetime.timer(owner, journal, lambda: ran.append(journal.count()), 0,
                          single_shot=False)
    journal.pause()
    tick.start()
    qtbot.waitUntil(lambda: lifetime.waiting(journal) == 1)
    _spend_events(qtbot)  # fires again meanwhile: still one call waiting
    tick.stop()
    assert ran == [] and lifetime.waiting(journal) == 1
    journal.resume()
    lifetime.resumed(journal)
    assert ran == [0] and lifetime.waiting(journal) == 0


def test_history_search_typed_just_before_the_journal_closed(qtbot, journal, skills,
                                                           make_window) -> None:
    """The search box's delayed refresh fired after the window's journal had closed:
    ``refresh`` -> ``journal.tags()`` -> "The journal is closed." (stress seed 4's setup)."""
    window = make_window()
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    history = window.history
    qtbot.keyClicks(history.search_edit, "day")
    assert history._search_timer.isActive()
    journal.close()
    with qtbot.capture_exceptions() as exceptions:
        _spend_events(qtbot, history._search_timer)
    assert not exceptions, exceptions


def test_history_commit_while_the_journal_is_set_aside_is_announced_after(
        qtbot, kb, journal, skills, make_window) -> None:
    """An in-place edit's queued announcement came due while a file dialog had the journal
    set aside: it raised "The journal is locked."; now it waits and runs on resume."""
    checkin_id = journal.record(ratings={skills[0]: 4}).ids[0]
    window = make_window()
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    history = window.history
    announced: list[str] = []
    window.data_changed.connect(announced.append)
    history.table.setFocus()
    history.table.setCurrentIndex(history.model.index(0, 1))  # Overall
    kb.press(Qt.Key.Key_F2)
    kb.focused().selectAll()
    kb.type("7")
    history.table.commitData(kb.focused())  # saved; announced once the event loop is back
    assert journal.get(checkin_id).ratings[skills[0]] == 7
    with qtbot.capture_exceptions() as exceptions, window.journal_set_aside():
        _spend_events(qtbot)  # e.g. a file dialog's loop
        assert announced == []
    assert not exceptions, exceptions
    assert announced == ["checkins"]
    assert history.model.index(0, 1).data() == "7"


def test_dashboard_refresh_scheduled_just_before_the_journal_closed(qtbot, journal, skills,
                                                                    make_window) -> None:
    """A data change schedules the dashboard's redraw; the journal closed before it ran:
    ``refresh_current`` -> ``data.skills()`` -> "The journal is closed."."""
    journal.record(ratings={skills[0]: 4})
    window = make_window()
    window.tabs.setCurrentIndex(window.DASHBOARD_TAB)  # built once the loop is back
    qtbot.waitUntil(lambda: window._dashboard is not None and window._dashboard.isVisible())
    dashboard = window.dashboard()
    qtbot.waitUntil(lambda: dashboard.current_view().settled())
    dashboard.on_data_changed("all")
    assert dashboard._refresh_timer.isActive()
    journal.close()
    with qtbot.capture_exceptions() as exceptions:
        _spend_events(qtbot, dashboard._refresh_timer)
    assert not exceptions, exceptions


def test_timeline_adjusted_line_queued_for_a_deleted_dashboard(qtbot, journal, skills) -> None:
    """The timeline queued its adjusted line with no owner: a dashboard deleted before the
    event loop came back had it drawn on deleted widgets (RuntimeError, or a crash)."""
    from tracker.ui.dashboard import create_dashboard

    for value in (3, 5, 7):
        journal.record(ratings={skills[0]: value})
    holder = QWidget()
    qtbot.addWidget(holder)
    dashboard = create_dashboard(journal, holder)
    holder.show()
    dashboard.refresh_current()
    dashboard.settle()
    dashboard.on_data_changed("checkins")  # again: the report is cached, the line is queued
    dashboard.data.report(skills[0], dashboard.context().since)
    dashboard.refresh_current()
    assert not dashboard.current_view().settled()
    shiboken6.delete(dashboard)
    with qtbot.capture_exceptions() as exceptions:
        _spend_events(qtbot)
    assert not exceptions, exceptions
