"""The probes' entry points in the main window: the menu action and the offer after a check-in.

After a check-in is saved (always first: a probe never holds up a check-in), the status bar
offers "Measure now" — after every check-in, after a random third of them, or never
(``Settings.probe_offer``). A random third keeps the measured days a random sample of the
checked-in ones: offering only when the user feels like it would measure good days. The offer
stays ``OFFER_VISIBLE_MS``; the menu action opens the same dialog at any time, and while the
offer shows it links the probe to that check-in too. Cheap to make: the window builds it
before its first paint; widgets and the dialog come when first needed.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QPushButton

    from tracker.domain.measured import Probe, ProbeKind
    from tracker.services.changes import Change
    from tracker.services.journal import Journal
    from tracker.settings import Settings
    from tracker.ui.probes.dialog import ProbeDialog
    from tracker.ui.probes.timing import Timing

OFFER_VISIBLE_MS = 120_000
OFFER_CHOICES = ("never", "every", "third")  # Settings.probe_offer


class Window(Protocol):
    """What the offer uses of the main window (``main_window.host.WindowHost`` has it all;
    named here so this package does not import the window's)."""

    journal: Journal
    settings: Settings
    actions_by_id: dict[str, QAction]

    @property
    def widget(self) -> QMainWindow: ...

    def apply_change(self, change: Change | None) -> None: ...


def offered(setting: str, rng: random.Random) -> bool:
    """Whether this check-in gets the offer under ``setting`` (an odd value: never, as the
    settings dialog shows it)."""
    if setting == "third":
        return rng.random() < 1 / 3
    return setting == "every"


class ProbeOffer(QObject):
    """``window.probe_offer``: opens probes, offers one after a check-in."""

    def __init__(self, window: Window, rng: random.Random | None = None) -> None:
        super().__init__(window.widget)
        self.window = window
        self.rng = rng or random.Random()
        self.timing: Timing | None = None  # tests and benchmarks: a fake clock
        self.button: QPushButton | None = None
        self.checkin_id: str | None = None  # the check-in the offer follows, while it shows
        self.dialog: ProbeDialog | None = None
        self._timer: QTimer | None = None

    def after_checkin(self, checkin_id: str) -> bool:
        """A check-in was saved: offer a probe (per the setting); True when offered."""
        action = self.window.actions_by_id.get("probe")
        if action is not None and not action.isEnabled():  # read-only mode
            return False
        if not offered(self.window.settings.probe_offer, self.rng):
            return False
        self.checkin_id = checkin_id
        button = self._button()
        button.show()
        assert self._timer is not None
        self._timer.start()
        return True

    def _button(self) -> QPushButton:
        if self.button is None:
            from tracker.ui.buttons import push_button

            widget = self.window.widget
            self.button = push_button(QCoreApplication.translate(
                "probes", "Measure now — 2–3 min (Ctrl+Shift+M)"), widget)
            self.button.setAccessibleName(QCoreApplication.translate("probes", "Measure now"))
            self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+Shift+M from anywhere
            self.button.clicked.connect(lambda: self.open())
            widget.statusBar().addPermanentWidget(self.button)
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.setInterval(OFFER_VISIBLE_MS)
            self._timer.timeout.connect(self.withdraw)
        return self.button

    def withdraw(self) -> None:
        """The offer goes (its time is up, or it was taken)."""
        self.checkin_id = None
        if self.button is not None:
            self.button.hide()
        if self._timer is not None:
            self._timer.stop()

    def open(self, kind: ProbeKind | None = None) -> ProbeDialog:
        """The probe dialog, linked to the offered check-in when the offer shows."""
        from tracker.ui.probes.dialog import ProbeDialog

        checkin_id = self.checkin_id
        self.withdraw()
        self.dialog = ProbeDialog(self.save, self.window.widget, kind=kind,
                                  checkin_id=checkin_id, timing=self.timing)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def save(self, probe: Probe) -> None:
        """Record the probe (a ``UserError`` goes to the dialog, which shows it)."""
        self.window.apply_change(self.window.journal.record_probe(probe))
