"""The few distribution functions the analysis needs, in plain ``math``/numpy (no scipy).

- Student t: ``t_cdf``, ``t_sf``, ``t_ppf``; F: ``f_sf``, ``f_cdf``; normal: ``norm_cdf``,
  ``norm_sf``, ``norm_ppf``; ``regularized_beta`` I_x(a, b) behind t and F.
- ``rankdata``: mid-ranks (ties get the average of the ranks they span).

t and F go through the regularized incomplete beta function (DLMF 8.17):

    t > 0:  P(T > t)   = ½ I_x(ν/2, ½),        x = ν / (ν + t²)
            P(F > f)   = I_x(d₂/2, d₁/2),      x = d₂ / (d₂ + d₁ f)

I_x(a, b) = x^a y^b / (a B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …))), y = 1 − x, with
d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m)) and d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1))
(DLMF 8.17.22), evaluated by the modified Lentz method. The fraction converges quickly for
x < (a + 1)/(a + b + 2); above that I_x(a, b) = 1 − I_y(b, a) is used instead. Both I and 1 − I
are returned from whichever side was computed directly, so neither tail loses digits to a
subtraction.

The prefactor x^a y^b / B(a, b) is where large degrees of freedom lose accuracy if done
naively (lgamma(a) is ~a·log a and the terms cancel). It is computed in the form of DiDonato &
Morris (1992): with c = a + b, d = x·b − y·a and Stirling's remainder
δ(z) = lgamma(z) − (z − ½)log z + z − ½log 2π,

    log prefactor = a·L(d/a) + b·L(−d/b) + ½log(ab/c) − ½log 2π − δ(a) − δ(b) + δ(c),

L(u) = log(1 + u) − u ≤ 0, so no term cancels another. Against scipy over dense grids (df
1 … 10⁶, non-integer df, both tails down to 1e-300; ``tests/analysis/test_distributions.py``)
the largest relative errors are 3e-13 for t, 2e-12 for I_x and, for F, 6e-11 at 10⁶
denominator df where scipy is the less accurate side; 1.3e-13 for t quantiles.

Quantiles are found by Newton's method on the logarithm of the relevant tail, kept inside a
bracket (bisection whenever a step would leave it), from a Cornish–Fisher start.

All functions take scalars or arrays (broadcast like numpy) and return a float for scalar
input, else an array.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

EPS = 2.220446049250313e-16
_TINY = 1e-300
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
_SQRT2 = math.sqrt(2.0)
_MAX_CF_TERMS = 100_000
# Stirling series for δ(z): B₂ₖ / (2k(2k − 1) z^(2k−1)), k = 1 … 7; truncation < 1e-16 at z ≥ 10
_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156)


# --- helpers -----------------------------------------------------------------------------


def _stirling_remainder(z: float) -> float:
    """δ(z) = lgamma(z) − [(z − ½)log z − z + ½log 2π], accurate to ~1e-15 absolute."""
    if z >= 10.0:
        w = 1.0 / (z * z)
        acc = 0.0
        for coef in reversed(_STIRLING):
            acc = acc * w + coef
        return acc / z
    return math.lgamma(z) - ((z - 0.5) * math.log(z) - z + _HALF_LOG_2PI)


def _log1pmx(u: float) -> float:
    """L(u) = log(1 + u) − u (≤ 0) without cancellation for small u.

    With s = u/(2 + u): log(1 + u) = 2 atanh s = 2(s + s³/3 + s⁵/5 + …) and u = 2s/(1 − s),
    so L(u) = 2s(s²/3 + s⁴/5 + …) − 2s²/(1 − s); for |u| ≤ ½, |s| ≤ ⅓ and the series is short.
    """
    if abs(u) > 0.5:
        return math.log1p(u) - u
    s = u / (2.0 + u)
    s2 = s * s
    term, acc, k = s2, 0.0, 3
    while True:
        add = term / k
        acc += add
        if add <= EPS * acc:
            break
        term *= s2
        k += 2
    return 2.0 * s * acc - 2.0 * s2 / (1.0 - s)


def _log_beta_prefactor(a: float, b: float, x: float, y: float, lx: float, ly: float) -> float:
    """log[x^a y^b / B(a, b)] for x + y = 1 (``lx``, ``ly`` their logs), in the
    DiDonato–Morris form of the module docstring."""
    c = a + b
    d = x * b - y * a
    u, v = d / a, -d / b
    # a·L(u) = a·log(x c / a) − d; the direct form when 1 + u may round (x tiny or u large)
    ta = a * _log1pmx(u) if abs(u) <= 0.5 else a * (lx + math.log1p(b / a)) - d
    tb = b * _log1pmx(v) if abs(v) <= 0.5 else b * (ly + math.log1p(a / b)) + d
    rest = 0.5 * (math.log(a) + math.log(b) - math.log(c)) - _HALF_LOG_2PI
    delta = _stirling_remainder(c) - _stirling_remainder(a) - _stirling_remainder(b)
    return ta + tb + rest + delta


def _odd_denominator(
    a: float, b: float, c_ab: float, m: int, x: float, y: float, odd: float
) -> float:
    """1 + d₂ₘ₊₁ from whichever of its two forms subtracts less (see ``_beta_fraction``)."""
    lo = a + 2.0 * m
    parts = (a * (1.0 + 2.0 * m - b), m * (3.0 * m + 2.0 - b), (a + m) * (c_ab + m) * y)
    scale = lo * (lo + 1.0)
    if abs(parts[0]) + abs(parts[1]) + parts[2] <= (1.0 + abs(odd)) * scale:
        return (parts[0] + parts[1] + parts[2]) / scale
    return 1.0 + odd


def _beta_fraction(a: float, b: float, x: float, y: float) -> float:
    """1 + d₁/(1 + d₂/(1 + …)) of DLMF 8.17.22 by the modified Lentz method.

    Near the switch point with large a the odd partial numerators are close to −1 and
    1 + d₂ₘ₊₁ would cancel; it is computed exactly instead, from the complement y:

        (1 + d₂ₘ₊₁)(a + 2m)(a + 2m + 1) = a(1 + 2m − b) + m(3m + 2 − b) + (a + m)(a + b + m)·y,

    and the Lentz ratios of each odd step are expanded around it (C₂ₘ₊₁ = α − d₂ₘ₊₁d₂ₘ/(C C₂ₘ),
    1/D₂ₘ₊₁ = α − d₂ₘ₊₁d₂ₘ D D₂ₘ) so that no step subtracts nearly equal numbers.
    """
    c_ab = a + b
    # first convergent: C₁ = 1 + d₁ = α₀, D₁ = 1
    c = _odd_denominator(a, b, c_ab, 0, x, y, -c_ab * x / (a + 1.0))
    c = c if abs(c) > _TINY else _TINY
    d = 1.0
    f = c
    for m in range(1, _MAX_CF_TERMS):
        lo = a + 2.0 * m
        even = m * (b - m) * x / ((lo - 1.0) * lo)
        de = 1.0 + even * d
        de = 1.0 / (de if abs(de) > _TINY else _TINY)
        ce = 1.0 + even / c
        ce = ce if abs(ce) > _TINY else _TINY
        step_e = ce * de
        odd = -(a + m) * (c_ab + m) * x / (lo * (lo + 1.0))
        alpha = _odd_denominator(a, b, c_ab, m, x, y, odd)
        do = alpha - odd * even * d * de
        do = 1.0 / (do if abs(do) > _TINY else _TINY)
        co = alpha - odd * even / (c * ce)
        co = co if abs(co) > _TINY else _TINY
        step_o = co * do
        f *= step_e * step_o
        c, d = co, do
        if abs(step_e - 1.0) <= EPS and abs(step_o - 1.0) <= EPS:
            return f
    raise ArithmeticError(f"incomplete beta fraction did not converge (a={a}, b={b}, x={x})")


def _beta_pair(
    a: float, b: float, x: float, y: float, lx: float, ly: float
) -> tuple[float, float]:
    """(I_x(a, b), 1 − I_x(a, b)) for x + y = 1, each to full relative accuracy."""
    if lx == -math.inf:  # x may underflow while its log is still finite: test the log
        return 0.0, 1.0
    if ly == -math.inf:
        return 1.0, 0.0
    if x < (a + 1.0) / (a + b + 2.0):
        w = _beta_direct(a, b, x, y, lx, ly)
        return w, 1.0 - w
    w = _beta_direct(b, a, y, x, ly, lx)
    return 1.0 - w, w


def _beta_direct(a: float, b: float, x: float, y: float, lx: float, ly: float) -> float:
    """I_x(a, b) = prefactor / (a · fraction), combined in logs (no intermediate underflow)."""
    log_pref = _log_beta_prefactor(a, b, x, y, lx, ly)
    return math.exp(log_pref - math.log(a * _beta_fraction(a, b, x, y)))


def _split(z: float) -> tuple[float, float, float, float]:
    """(1/(1 + z), z/(1 + z)) and their logs for z ≥ 0, without overflow for huge z."""
    if math.isinf(z):
        return 0.0, 1.0, -math.inf, 0.0
    if z <= 1.0:
        lp = math.log1p(z)
        return 1.0 / (1.0 + z), z / (1.0 + z), -lp, (math.log(z) if z > 0 else -math.inf) - lp
    r = 1.0 / z
    lp = math.log1p(r)
    return r / (1.0 + r), 1.0 / (1.0 + r), math.log(r) - lp, -lp


def _vectorize(fn: Callable[..., float]) -> Callable[..., float | np.ndarray]:
    """Apply a scalar function elementwise with numpy broadcasting; scalar in, float out."""
    ufunc = np.frompyfunc(lambda *a: fn(*map(float, a)), fn.__code__.co_argcount, 1)

    def wrapper(*args: float | np.ndarray) -> float | np.ndarray:
        # the scalar code handles inf and underflow on purpose; numpy would flag them
        with np.errstate(all="ignore"):
            out = ufunc(*(np.asarray(a, dtype=float) for a in args))
        if isinstance(out, np.ndarray):
            return out.astype(float)
        return float(out)

    wrapper.__name__ = fn.__name__.lstrip("_")
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _newton(h: Callable[[float], tuple[float, float]], t: float, lo: float, hi: float) -> float:
    """Root of an increasing h in (lo, hi) (hi may be inf) by Newton steps from ``t``.

    ``h`` returns (value, derivative). Each evaluation narrows the bracket; a step that would
    leave it is replaced by bisection (or doubling while hi is infinite).
    """
    for _ in range(400):
        val, der = h(t)
        if val == 0.0:
            return t
        if val < 0.0:
            lo = t
        else:
            hi = t
        new = t - val / der if der > 0.0 and math.isfinite(der) else math.nan
        if not lo < new < hi:
            new = 0.5 * (lo + hi) if math.isfinite(hi) else 2.0 * t + 1.0
        if abs(new - t) <= 4.0 * EPS * abs(new) or lo == hi:
            return new
        t = new
    return t


# --- regularized incomplete beta -----------------------------------------------------------


def _regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0."""
    if math.isnan(x) or math.isnan(a) or math.isnan(b) or a <= 0 or b <= 0 or not 0 <= x <= 1:
        return math.nan
    if x == 0.0 or x == 1.0:
        return x
    y = 1.0 - x
    return _beta_pair(a, b, x, y, math.log(x), math.log1p(-x))[0]


regularized_beta = _vectorize(_regularized_beta)


# --- normal --------------------------------------------------------------------------------


def _norm_sf(z: float) -> float:
    """P(Z > z) = ½ erfc(z/√2)."""
    return 0.5 * math.erfc(z / _SQRT2)


def _norm_cdf(z: float) -> float:
    """P(Z ≤ z) = ½ erfc(−z/√2)."""
    return 0.5 * math.erfc(-z / _SQRT2)


def _norm_pdf(z: float) -> float:
    return math.exp(-0.5 * z * z - _HALF_LOG_2PI)


def _norm_isf_upper(q: float) -> float:
    """z ≥ 0 with P(Z > z) = q, 0 < q ≤ ½, by Newton on a logarithm.

    For q < ¼ on log P(Z > z); closer to ½ on log P(|Z| < z) = log erf(z/√2) with target
    1 − 2q (exact there), as P(Z > z) hardly moves with z near 0.
    """
    if q >= 0.5:
        return 0.0
    if q >= 0.25:
        target = math.log(1.0 - 2.0 * q)

        def inner(z: float) -> tuple[float, float]:
            mass = math.erf(z / _SQRT2)
            if mass <= 0.0:
                return -math.inf, math.nan
            return math.log(mass) - target, 2.0 * _norm_pdf(z) / mass

        return _newton(inner, (0.5 - q) * math.sqrt(2.0 * math.pi), 0.0, math.inf)
    lq = math.log(q)
    # start: the tail asymptote P(Z > z) ≈ φ(z)/z, i.e. z² ≈ ℓ − log(2πℓ), ℓ = −2 log q
    ell = -2.0 * lq
    z0 = math.sqrt(max(ell - math.log(2.0 * math.pi * ell), 0.0)) if q < 0.15 else 0.0
    z0 = max(z0, (0.5 - q) * math.sqrt(2.0 * math.pi))

    def h(z: float) -> tuple[float, float]:
        sf = _norm_sf(z)
        if sf <= 0.0:
            return math.inf, math.nan
        return lq - math.log(sf), _norm_pdf(z) / sf

    return _newton(h, z0, 0.0, math.inf)


def _norm_ppf(p: float) -> float:
    """z with P(Z ≤ z) = p."""
    if math.isnan(p) or not 0.0 <= p <= 1.0:
        return math.nan
    if p == 0.0:
        return -math.inf
    if p == 1.0:
        return math.inf
    return -_norm_isf_upper(p) if p < 0.5 else _norm_isf_upper(1.0 - p)


norm_sf = _vectorize(_norm_sf)
norm_cdf = _vectorize(_norm_cdf)
norm_ppf = _vectorize(_norm_ppf)


# --- Student t -----------------------------------------------------------------------------


def _t_tails(t: float, df: float) -> tuple[float, float]:
    """For t ≥ 0: (P(|T| > t), P(|T| ≤ t)), both to full relative accuracy."""
    if math.isinf(df):
        return 2.0 * _norm_sf(t), math.erf(t / _SQRT2)
    if math.isinf(t):
        return 0.0, 1.0
    return _beta_pair(0.5 * df, 0.5, *_split_t(t, df))


def _split_t(t: float, df: float) -> tuple[float, float, float, float]:
    """x = ν/(ν + t²), y = t²/(ν + t²) and their logs."""
    q = t / math.sqrt(df)
    if q <= 1.0 or math.isinf(q):
        return _split(q * q)
    r = 1.0 / q
    w = r * r
    lp = math.log1p(w)
    return w / (1.0 + w), 1.0 / (1.0 + w), 2.0 * math.log(r) - lp, -lp


def _t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with ``df`` > 0 degrees of freedom (non-integer allowed)."""
    if math.isnan(t) or math.isnan(df) or df <= 0:
        return math.nan
    two_tail, inner = _t_tails(abs(t), df)
    return 0.5 * two_tail if t >= 0 else 0.5 + 0.5 * inner


def _t_cdf(t: float, df: float) -> float:
    """P(T ≤ t)."""
    return _t_sf(-t, df)


def _log1p_square(q: float) -> float:
    """log(1 + q²) without overflow for huge q."""
    return math.log1p(q * q) if q < 1e150 else 2.0 * math.log(q)


def _t_start(alpha: float, df: float) -> float:
    """A start for t with P(|T| > t) = alpha ≤ ½ (Newton refines it).

    Cornish–Fisher in 1/ν around the normal quantile z (Abramowitz & Stegun 26.7.5) while
    t² stays small against ν; beyond, the polynomial tail
    P(|T| > t) ≈ 2 Γ((ν+1)/2) ν^(ν/2 − 1) / (Γ(ν/2) √π) · t^(−ν), solved for t.
    """
    z = _norm_isf_upper(0.5 * alpha)
    z2 = z * z
    g1 = (z2 + 1.0) * z / 4.0
    g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0
    g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0
    g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0
    cf = z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
    if cf * cf <= 4.0 * df:
        return cf
    log_c = (
        math.log(2.0)
        + math.lgamma(0.5 * (df + 1.0))
        - math.lgamma(0.5 * df)
        - 0.5 * math.log(math.pi)
        + (0.5 * df - 1.0) * math.log(df)
    )
    return math.exp(min((log_c - math.log(alpha)) / df, 700.0))


def _t_isf_two_sided(alpha: float, df: float) -> float:
    """t ≥ 0 with P(|T| > t) = alpha, 0 < alpha ≤ 1.

    For alpha ≤ ½ Newton works on log P(|T| > t); above, on log P(|T| ≤ t) with target
    1 − alpha (exact in floating point there), so neither side loses digits.
    """
    if alpha >= 1.0:
        return 0.0
    log_norm = math.lgamma(0.5 * (df + 1.0)) - math.lgamma(0.5 * df) - 0.5 * math.log(df * math.pi)
    upper = alpha <= 0.5
    target = math.log(alpha if upper else 1.0 - alpha)

    def h(t: float) -> tuple[float, float]:
        outer, inner = _t_tails(t, df)
        dens = 2.0 * math.exp(log_norm - 0.5 * (df + 1.0) * _log1p_square(t / math.sqrt(df)))
        side = outer if upper else inner
        if side <= 0.0:  # underflow: no derivative, the bracket takes over
            return (math.inf if upper else -math.inf), math.nan
        val = target - math.log(outer) if upper else math.log(inner) - target
        return val, dens / side

    # near 0 (inner side): P(|T| ≤ t) ≈ 2 f(0) t
    start = _t_start(alpha, df) if upper else (1.0 - alpha) / (2.0 * math.exp(log_norm))
    return _newton(h, start, 0.0, math.inf)


def _t_ppf(p: float, df: float) -> float:
    """t with P(T ≤ t) = p (the quantile)."""
    if math.isnan(p) or math.isnan(df) or df <= 0 or not 0.0 <= p <= 1.0:
        return math.nan
    if p == 0.0:
        return -math.inf
    if p == 1.0:
        return math.inf
    if math.isinf(df):
        return _norm_ppf(p)
    # the tail beyond the quantile is exact: p below ½, and 1 − p is exact for p ≥ ½
    tail = p if p < 0.5 else 1.0 - p
    t = _t_isf_two_sided(2.0 * tail, df)
    return -t if p < 0.5 else t


t_sf = _vectorize(_t_sf)
t_cdf = _vectorize(_t_cdf)
t_ppf = _vectorize(_t_ppf)


# --- F -------------------------------------------------------------------------------------


def _f_pair(f: float, dfn: float, dfd: float) -> tuple[float, float]:
    """(P(F > f), P(F ≤ f)) for f ≥ 0."""
    if math.isinf(f):
        return 0.0, 1.0
    x, y, lx, ly = _split(dfn * f / dfd)
    return _beta_pair(0.5 * dfd, 0.5 * dfn, x, y, lx, ly)


def _f_sf(f: float, dfn: float, dfd: float) -> float:
    """P(F > f) for the F distribution with (dfn, dfd) degrees of freedom."""
    if math.isnan(f) or math.isnan(dfn) or math.isnan(dfd) or dfn <= 0 or dfd <= 0:
        return math.nan
    return 1.0 if f <= 0 else _f_pair(f, dfn, dfd)[0]


def _f_cdf(f: float, dfn: float, dfd: float) -> float:
    """P(F ≤ f)."""
    if math.isnan(f) or math.isnan(dfn) or math.isnan(dfd) or dfn <= 0 or dfd <= 0:
        return math.nan
    return 0.0 if f <= 0 else _f_pair(f, dfn, dfd)[1]


f_sf = _vectorize(_f_sf)
f_cdf = _vectorize(_f_cdf)


# --- ranks ---------------------------------------------------------------------------------


def rankdata(values: np.ndarray | list[float]) -> np.ndarray:
    """Ranks 1 … n of a 1-D array, ties given the mean of the ranks they occupy (mid-ranks).

    A NaN anywhere makes every rank NaN (there is no order to speak of).
    """
    a = np.asarray(values, dtype=float).ravel()
    n = len(a)
    if n and np.isnan(a).any():
        return np.full(n, np.nan)
    order = np.argsort(a, kind="stable")
    ordered = a[order]
    # runs of equal values in sorted order: [start, end) occupies ranks start+1 … end
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if n else np.array([], int)
    ends = np.r_[starts[1:], n]
    mid = (starts + 1 + ends) / 2.0
    ranks = np.empty(n)
    ranks[order] = np.repeat(mid, ends - starts)
    return ranks
