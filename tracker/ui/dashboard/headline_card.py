"""The answer at a glance, on top of the Dashboard: the headline sentence for the skill and
range shown (``services.headline``), or, while the journal is young, a progress bar towards the
days the analysis needs."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from tracker.services.headline import Headline, headline
from tracker.services.report_types import Section
from tracker.ui.card import Card
from tracker.ui.dashboard.measured_data import card_sentence
from tracker.ui.dashboard.text import tr


class HeadlineCard(Card):
    """One or two sentences; a progress bar while more days are needed; hidden with no report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headline")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.label.setFont(font)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.setFixedWidth(200)
        # the bar beside the sentence: the card stays one line high
        layout = self._layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(12)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.progress)
        self.progress.hide()
        self.shown: Headline | None = None
        self.hide()

    def show_section(self, section: Section | None) -> None:
        """Say what ``section`` (the report for the skill and range shown) found."""
        if section is None:
            self.shown = None
            self.hide()
            return
        line = headline(section)
        self.shown = line
        text = line.text + card_sentence(self)  # felt vs measured, when it claims something
        self.label.setText(text)  # made from numbers: translated with them (#20)
        self.label.setAccessibleName(text)
        if line.days_needed:
            self.progress.setRange(0, line.days_needed)
            self.progress.setValue(min(line.days, line.days_needed))
            self.progress.setFormat(tr("%v / %m days"))
            self.progress.show()
        else:
            self.progress.hide()
        self.show()
        self._fit()

    def _fit(self) -> None:
        """As tall as its sentences at its width: the views below never squeeze it shut."""
        width = self.width()
        self.setMinimumHeight(self._layout.heightForWidth(width) if width > 0 else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._fit()
