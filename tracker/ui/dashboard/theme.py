"""Colours for charts: Okabe–Ito for categories, cividis for values; light and dark aware."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

# cividis (Nuñez, Anderton & Renslow 2018), sampled: monotone lightness, colour-blind safe
_CIVIDIS = (
    (0.00, (0, 34, 78)),
    (0.25, (61, 77, 110)),
    (0.50, (124, 123, 120)),
    (0.75, (188, 175, 111)),
    (1.00, (254, 232, 56)),
)


def cividis(t: float) -> QColor:
    """The cividis colour at ``t`` in [0, 1]."""
    t = min(1.0, max(0.0, t))
    for (t0, c0), (t1, c1) in zip(_CIVIDIS, _CIVIDIS[1:], strict=False):
        if t <= t1:
            w = (t - t0) / (t1 - t0)
            return QColor(*(round(a + (b - a) * w) for a, b in zip(c0, c1, strict=True)))
    return QColor(*_CIVIDIS[-1][1])


@dataclass(frozen=True)
class Theme:
    """The colours one chart needs, taken from the widget's palette."""

    dark: bool
    background: QColor
    text: QColor
    muted: QColor
    grid: QColor
    primary: QColor  # the main estimate (adjusted rating, claimed effects)
    secondary: QColor  # a second series (factor axis, tentative effects)
    points: QColor  # raw check-ins
    faint: QColor  # non-claims

    @classmethod
    def from_palette(cls, palette: QPalette) -> Theme:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128
        muted = _mix(text, base, 0.45)
        return cls(
            dark=dark,
            background=base,
            text=text,
            muted=muted,
            grid=_mix(text, base, 0.88),
            primary=QColor(OKABE_ITO["sky"] if dark else OKABE_ITO["blue"]),
            secondary=QColor(OKABE_ITO["orange"] if dark else OKABE_ITO["vermillion"]),
            points=_mix(text, base, 0.62),
            faint=_mix(text, base, 0.7),
        )


def _mix(a: QColor, b: QColor, towards_b: float) -> QColor:
    """``a`` blended ``towards_b`` of the way to ``b``."""
    w = towards_b
    return QColor(
        round(a.red() * (1 - w) + b.red() * w),
        round(a.green() * (1 - w) + b.green() * w),
        round(a.blue() * (1 - w) + b.blue() * w),
    )


def with_alpha(color: QColor, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c
