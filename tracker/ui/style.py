"""The Fusion style with Touchstone's own light and dark palettes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel

ACCENT = "#2f6bd8"

_LIGHT = {
    QPalette.ColorRole.Window: "#f4f5f7",
    QPalette.ColorRole.WindowText: "#1d2330",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f7f8fa",
    QPalette.ColorRole.Text: "#1d2330",
    QPalette.ColorRole.PlaceholderText: "#8a92a3",
    QPalette.ColorRole.Button: "#eceef2",
    QPalette.ColorRole.ButtonText: "#1d2330",
    QPalette.ColorRole.Highlight: ACCENT,
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1d2330",
    QPalette.ColorRole.Mid: "#c9ced8",
    QPalette.ColorRole.Midlight: "#e3e6eb",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Dark: "#9aa2b1",
    QPalette.ColorRole.Link: ACCENT,
}

_DARK = {
    QPalette.ColorRole.Window: "#1f2229",
    QPalette.ColorRole.WindowText: "#e6e8ec",
    QPalette.ColorRole.Base: "#272b33",
    QPalette.ColorRole.AlternateBase: "#2c3039",
    QPalette.ColorRole.Text: "#e6e8ec",
    QPalette.ColorRole.PlaceholderText: "#8a92a3",
    QPalette.ColorRole.Button: "#2f343e",
    QPalette.ColorRole.ButtonText: "#e6e8ec",
    QPalette.ColorRole.Highlight: "#4a84ea",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#2f343e",
    QPalette.ColorRole.ToolTipText: "#e6e8ec",
    QPalette.ColorRole.Mid: "#4a505c",
    QPalette.ColorRole.Midlight: "#3a3f4a",
    QPalette.ColorRole.Light: "#454b57",
    QPalette.ColorRole.Dark: "#15171c",
    QPalette.ColorRole.Link: "#6d9cf0",
}

# Fusion outlines check boxes with the window colour darkened, invisible on a dark window.
# The only style sheet, and only in the dark palette: with any application style sheet, every
# widget is styled through Qt's style-sheet engine (milliseconds at start-up and per repaint),
# so the light look is all palette, fonts and painted widgets (``mark_hint``, ``mark_title``,
# ``tracker.ui.card.Card``).
DARK_STYLESHEET = """
QCheckBox::indicator:unchecked, QListView::indicator:unchecked {
    border: 1px solid palette(dark); border-color: #8a92a3; border-radius: 3px;
    background: palette(base); width: 13px; height: 13px;
}
"""

THEMES = ("system", "light", "dark")

FUSION_SET = "touchstone_fusion"  # dynamic property: Fusion is the application's style
RING_SET = "touchstone_focus_ring"  # dynamic property: FocusRingStyle is the application's style


def mark_fusion(app: QApplication) -> None:
    """Note that ``app`` has the Fusion style (only Touchstone sets the style): ``apply_style``
    then need not ask for the style object, whose enum classes cost milliseconds to load."""
    app.setProperty(FUSION_SET, True)


def use_focus_ring(app: QApplication) -> None:
    """Give ``app`` Touchstone's style (Fusion with a visible focus ring), once, keeping its
    palette. The window installs it just after its first paint: a Python style object costs
    ~10 ms before it (QStyle's enum classes, a Python call per drawn element), and the ring
    only shows once the keyboard has moved the focus."""
    if app.property(RING_SET):
        return
    from tracker.ui.focus_ring import FocusRingStyle

    kept = app.palette()
    app.setStyle(FocusRingStyle())
    app.setProperty(FUSION_SET, True)
    app.setProperty(RING_SET, True)
    if app.palette() != kept:
        app.setPalette(kept)


def system_prefers_dark(app: QApplication) -> bool:
    """True when the desktop asks for a dark colour scheme (never offscreen or under Xvfb)."""
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(theme: str, app: QApplication) -> bool:
    """Whether ``theme`` (``system``, ``light`` or ``dark``) means the dark palette here."""
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return system_prefers_dark(app)


def palette(dark: bool) -> QPalette:
    """Touchstone's light or dark palette."""
    colors = _DARK if dark else _LIGHT
    result = QPalette()
    for role, value in colors.items():
        result.setColor(role, QColor(value))
    disabled = QColor("#7b8291") if dark else QColor("#a3a9b5")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        result.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return result


def apply_style(app: QApplication, theme: str = "system") -> None:
    """Fusion with a clean palette; ``theme`` is ``system``, ``light`` or ``dark``.

    ``system`` follows the desktop's colour scheme (light where it says nothing).
    """
    # Re-polishing every widget is costly and, with widgets being torn down, can crash Qt:
    # change the style, palette, font and sheet only when they differ.
    if not app.property(FUSION_SET):
        use_focus_ring(app)
    dark = is_dark(theme, app)
    wanted = palette(dark)
    if app.palette() != wanted:
        app.setPalette(wanted)
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)
    sheet = DARK_STYLESHEET if dark else ""
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


def mark_hint(label: QLabel) -> QLabel:
    """A secondary line (explanations, counts): the palette's placeholder colour, which
    follows a change of theme."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def mark_problem(label: QLabel) -> QLabel:
    """What is wrong with the input, said inside a dialog: bold, in the palette's highlight."""
    label.setStyleSheet("color: palette(highlight); font-weight: bold;")
    return label


def mark_title(label: QLabel) -> QLabel:
    """A section's title: semi-bold."""
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label
