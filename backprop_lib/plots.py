"""Heatmaps of one matrix, with its name and its shape in the lessons' notation.

Two renderers share one colour scale:

* :func:`heatmap` draws on a matplotlib Axes (static figures, and the picture
  an explorer leaves behind for GitHub and nbviewer);
* :func:`heatmap_html` returns an HTML table (the live explorers: a browser
  repaints a table of coloured cells in well under a millisecond, where
  re-rendering a matplotlib figure costs 50 ms or more per move).

The colour map is ColorBrewer's RdBu (reversed: red positive, blue negative),
a diverging map that stays readable with the common colour-vision deficiencies;
it is centred on zero with symmetric limits [-vmax, vmax], so white means 0.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from ._validate import InputError, as_float_array, check_number

CMAP = "RdBu_r"
MAX_CELLS = 200_000  # a heatmap drawn cell by cell (an HTML table, a matplotlib image): beyond this it is unreadable
SMALL = (12, 16)  # up to this many rows and columns, every cell shows its value


@dataclass
class Matrix:
    """One matrix to draw: the values and what the lessons call it.

    Attributes
    ----------
    name : str
        ``"dW[2]"``.
    values : ndarray, 2-D
    symbols : str
        Its shape in symbols, ``"(n[2], n[1])"``.
    rows, cols : str
        What a row and a column stand for (``"units of layer 2"``, ``"examples"``).
    examples_axis : bool
        True when the columns are the m examples (Z, A, dZ, dA, X, Y).
    note : str
        A line under the map (the formula, "m summed away", ...).
    """

    name: str
    values: np.ndarray
    symbols: str = ""
    rows: str = "units"
    cols: str = "examples"
    examples_axis: bool = True
    note: str = ""
    fmt: str = "{:.2f}"
    highlight: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        where = f"heatmap of {self.name!r}"
        V = as_float_array(self.values, "values", where)  # NaN is allowed: a cell not computed yet, drawn grey
        if V.ndim not in (1, 2):
            raise InputError(f"{where}: values must be a matrix (2-D) or a vector, got {V.ndim}-D {V.shape}")
        if V.size > MAX_CELLS:
            raise InputError(
                f"{where}: {V.shape} is {V.size:,} cells, more than the {MAX_CELLS:,} a heatmap can show readably; "
                "draw a slice of it (rows and columns of interest)"
            )
        try:
            cell_text(self.fmt, 0.5)
        except (ValueError, TypeError, IndexError, KeyError) as exc:
            raise InputError(f"{where}: fmt = {self.fmt!r} does not format a number ({exc}); try '{{:.2f}}'") from None
        self.values = V

    @property
    def shape_text(self) -> str:
        shape = "(" + ", ".join(str(s) for s in self.values.shape) + ")"
        return f"{self.symbols} = {shape}" if self.symbols else shape

    @property
    def title(self) -> str:
        return f"{self.name}  {self.shape_text}"


def check_vmax(vmax: object, name: str) -> float:
    """A colour limit given by a caller: a finite number > 0 (the scale is [-vmax, vmax])."""
    return check_number(vmax, "vmax", f"heatmap of {name!r}, colours on [-vmax, vmax]", positive=True)


def symmetric_limit(values: np.ndarray, floor: float = 1e-12) -> float:
    """vmax for a zero-centred scale: the largest |value| (at least ``floor``)."""
    v = float(np.nanmax(np.abs(values))) if np.size(values) and not np.all(np.isnan(values)) else 0.0
    return v if np.isfinite(v) and v > floor else 1.0


# ---------------------------------------------------------------------------- colours

_LUT: list[str] | None = None
_LUM: np.ndarray | None = None


def _lut() -> tuple[list[str], np.ndarray]:
    """256 hex colours of the colour map, and their luminance (for the text colour)."""
    global _LUT, _LUM
    if _LUT is None:
        import matplotlib

        rgba = matplotlib.colormaps[CMAP](np.linspace(0, 1, 256))
        _LUT = ["#{:02x}{:02x}{:02x}".format(*(int(round(c * 255)) for c in rgb[:3])) for rgb in rgba]
        _LUM = rgba[:, :3] @ np.array([0.299, 0.587, 0.114])
    return _LUT, _LUM  # type: ignore[return-value]


def colour_index(values: np.ndarray, vmax: float) -> np.ndarray:
    """Index 0..255 into the colour map for each value on the scale [-vmax, vmax]."""
    t = np.clip(np.nan_to_num(values / vmax), -1.0, 1.0)
    return np.rint((t + 1.0) * 127.5).astype(int)


# ---------------------------------------------------------------------------- HTML

CSS = """<style>
.bp-row{display:flex;flex-wrap:wrap;gap:14px 18px;align-items:flex-start;font-family:sans-serif}
.bp-hm{font-size:11px;line-height:1.25}
.bp-hm .t{font-size:13px;font-weight:600;white-space:nowrap}
.bp-hm .s{font-family:monospace;color:#333;white-space:nowrap}
.bp-hm .n{color:#555;max-width:330px}
.bp-hm table{border-collapse:collapse;margin:2px 0}
.bp-hm td{min-width:30px;height:18px;padding:0 2px;text-align:right;
  font-family:monospace;font-size:10px;border:1px solid #fff}
.bp-hm td.x{min-width:9px;height:9px;padding:0}
.bp-hm th{font-weight:normal;color:#777;font-size:9px;padding:0 2px}
.bp-hm td.h{outline:2px solid #111;outline-offset:-2px}
.bp-hm td.d{opacity:.25}
.bp-hm .m{background:#fde68a;border-radius:3px;padding:0 3px}
.bp-op{font-size:22px;align-self:center;color:#444}
.bp-sum{font-family:monospace;font-size:12px;line-height:1.35;white-space:pre-wrap}
</style>"""


def cell_text(fmt: str, v: float) -> str:
    """A value as printed in a heatmap cell; a tiny negative prints as 0.00, not -0.00."""
    text = fmt.format(v)
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def heatmap_html(M: Matrix, vmax: float | None = None) -> str:
    """An HTML table heatmap of ``M``: title with shape, labelled axes, coloured cells.

    ``M.highlight`` may hold ``rows``, ``cols`` (sets of indices) or ``cells``
    (a set of (i, j)): those cells get an outline and the others are dimmed.
    """
    V = np.asarray(M.values, dtype=float)
    if V.ndim == 1:
        V = V.reshape(-1, 1)
    vmax = symmetric_limit(V) if vmax is None else check_vmax(vmax, M.name)
    lut, lum = _lut()
    idx = colour_index(V, vmax)
    n_r, n_c = V.shape
    small = n_r <= SMALL[0] and n_c <= SMALL[1]
    hl = M.highlight or {}
    hrows, hcols, hcells = set(hl.get("rows", ())), set(hl.get("cols", ())), set(hl.get("cells", ()))
    any_hl = bool(hrows or hcols or hcells)
    out = [
        f'<div class="bp-hm"><div class="t">{html.escape(M.name)}</div>',
        f'<div class="s">{html.escape(M.shape_text)}</div><table>',
    ]
    if small:
        out.append("<tr><th></th>" + "".join(f"<th>{j}</th>" for j in range(n_c)) + "</tr>")
    for i in range(n_r):
        row = [f"<tr><th>{i}</th>" if small else "<tr>"]
        for j in range(n_c):
            k = idx[i, j]
            cls = "" if small else "x"
            if any_hl:
                cls += " h" if (i in hrows or j in hcols or (i, j) in hcells) else " d"
            if np.isnan(V[i, j]):  # not computed yet
                row.append(f'<td class="{cls.strip()}" style="background:#e5e5e5"></td>')
                continue
            fg = "#fff" if lum[k] < 0.5 else "#111"
            text = cell_text(M.fmt, V[i, j]) if small else ""
            row.append(f'<td class="{cls.strip()}" style="background:{lut[k]};color:{fg}">{text}</td>')
        out.append("".join(row) + "</tr>")
    out.append("</table>")
    m_tag = ' <span class="m">m</span>' if M.examples_axis else ""
    out.append(f'<div class="n">rows: {html.escape(M.rows)}; columns: {html.escape(M.cols)}{m_tag}</div>')
    if M.note:
        out.append(f'<div class="n">{html.escape(M.note)}</div>')
    out.append("</div>")
    return "".join(out)


def row_html(items: Iterable[Matrix | str], vmaxes: dict[str, float] | None = None) -> str:
    """Heatmaps side by side; a plain string in ``items`` is drawn as an operator (=, ⊙, ...)."""
    parts = [CSS, '<div class="bp-row">']
    for it in items:
        if it == "\n":  # a new line (heatmap.LINE)
            parts.append('<div style="flex-basis:100%"></div>')
        elif isinstance(it, str):
            parts.append(f'<div class="bp-op">{html.escape(it)}</div>')
        else:
            parts.append(heatmap_html(it, (vmaxes or {}).get(it.name)))
    parts.append("</div>")
    return "".join(parts)


# ---------------------------------------------------------------------------- matplotlib


ANNOTATE_PT = 9  # numbers inside a static heatmap: 10 px at 80 dpi, readable at 100 % zoom


def heatmap(ax, M: Matrix, vmax: float | None = None, annotate: bool | None = None):
    """Draw ``M`` on a matplotlib Axes: title with shape, labelled axes, values in small maps.

    Returns the AxesImage (call ``set_data`` on it to update in place).
    """
    import matplotlib
    from matplotlib.patches import Rectangle

    V = np.asarray(M.values, dtype=float)
    if V.ndim == 1:
        V = V.reshape(-1, 1)
    vmax = symmetric_limit(V) if vmax is None else check_vmax(vmax, M.name)
    cmap = matplotlib.colormaps[CMAP].with_extremes(bad="#e5e5e5")  # NaN: not computed yet
    im = ax.imshow(V, cmap=cmap, vmin=-vmax, vmax=vmax, aspect="auto", interpolation="nearest")
    note = f"\n{M.note}" if M.note and len(M.note) <= 40 else ""
    ax.set_title(f"{M.name}\n{M.shape_text}{note}", fontsize=9)
    ax.set_ylabel(M.rows, fontsize=8)
    ax.set_xlabel(M.cols + ("  [m]" if M.examples_axis else ""), fontsize=8)
    n_r, n_c = V.shape
    ax.set_xticks(range(n_c) if n_c <= SMALL[1] else [])
    ax.set_yticks(range(n_r) if n_r <= SMALL[0] else [])
    ax.tick_params(labelsize=7, length=0)
    hl = M.highlight or {}
    cells = set(hl.get("cells", ()))
    cells |= {(i, j) for i in hl.get("rows", ()) for j in range(n_c)}
    cells |= {(i, j) for j in hl.get("cols", ()) for i in range(n_r)}
    for i, j in cells:
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, ec="black", lw=1.8))
    if annotate is None:
        # print the numbers only where they are readable: ANNOTATE_PT type, and a cell wide enough for them
        # (a map of more than 64 entries never is: no text is made for its entries, which could be millions)
        texts = [cell_text(M.fmt, v) for v in V.ravel() if np.isfinite(v)] if n_r * n_c <= 64 else []
        fig = ax.figure
        cell_pt = ax.get_position().width * fig.get_figwidth() * 72 / n_c
        # glyph widths of the default font in ems: digits 0.64, '.', '-' and 'e' narrower; 3 pt of margin
        widest = max((sum(0.64 if ch.isdigit() else 0.45 for ch in t) for t in texts), default=0.0)
        annotate = n_r * n_c <= 64 and cell_pt >= ANNOTATE_PT * widest + 3
    if annotate:
        for (i, j), v in np.ndenumerate(V):
            if not np.isfinite(v):
                continue
            ax.text(
                j,
                i,
                cell_text(M.fmt, v),
                ha="center",
                va="center",
                fontsize=ANNOTATE_PT,
                color="white" if abs(v) > 0.6 * vmax else "black",
            )
    return im


def figure_of(matrices: list[Matrix], vmaxes: dict[str, float] | None = None, width: float = 2.3):
    """A matplotlib Figure with one heatmap per matrix, in a row (wrapping after 4)."""
    import matplotlib.pyplot as plt

    n = len(matrices)
    if not n or not all(isinstance(M, Matrix) for M in matrices):
        raise InputError("figure_of: give a list of one or more plots.Matrix, one per heatmap")
    cols = min(n, 4)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, 2.4 * rows), squeeze=False)
    for ax, M in zip(axes.flat, matrices, strict=False):
        heatmap(ax, M, (vmaxes or {}).get(M.name))
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    fig.tight_layout()
    return fig


def png_of(fig) -> bytes:
    """The figure as PNG bytes, and the figure closed (no pile-up of open figures)."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    plt.close(fig)
    return buf.getvalue()


def show(matrices: list[Matrix], vmaxes: dict[str, float] | None = None, width: float = 2.3) -> None:
    """Display heatmaps as a static picture (a PNG that GitHub and nbviewer show too).

    ``width`` is the width in inches of each map.
    """
    from IPython.display import Image, display

    display(Image(png_of(figure_of(matrices, vmaxes, width))))


def mismatch_html(name: str, yours: np.ndarray, expected: np.ndarray) -> str:
    """The learner's matrix beside the expected one, on one colour scale, wrong entries outlined.

    The text of a checker's feedback says the same in words (static viewers
    that drop the colours still show the numbers of both tables).
    """
    yours, expected = as_float_array(yours, "yours", name), as_float_array(expected, "expected", name)
    if yours.shape != expected.shape:
        raise InputError(f"{name}: yours is {yours.shape} and expected {expected.shape}; compare arrays of one shape")
    wrong = ~np.isclose(yours, expected, rtol=1e-7, atol=1e-10)
    cells = {(int(i), int(j)) for i, j in np.argwhere(wrong.reshape(yours.shape[0], -1))}
    vmax = max(symmetric_limit(yours), symmetric_limit(expected))
    note = f"{int(wrong.sum())} of {wrong.size} entries differ (outlined)"
    a = Matrix(
        f"yours: {name}",
        yours,
        examples_axis=False,
        rows="row index",
        cols="column index",
        note=note,
        highlight={"cells": cells},
    )
    b = Matrix(
        f"expected: {name}",
        expected,
        examples_axis=False,
        rows="row index",
        cols="column index",
        highlight={"cells": cells},
    )
    return row_html([a, "vs", b], {a.name: vmax, b.name: vmax})


# ---------------------------------------------------------------------------- curves (lesson 10)


@dataclass
class Curves:
    """One panel of curves: what each series is called and its points. Introduced in lesson 10.

    Attributes
    ----------
    title : str
    series : dict
        label -> ``(x, y)`` or ``(x, y, style)``, style a matplotlib format such as ``"o"`` (points), ``"--"``
        (dashed) or ``"o-"``; a line by default.
    xlabel, ylabel : str
    logx, logy : bool
        Logarithmic axes.
    contours : function (x, y) -> z, optional
        Drawn as grey contour lines behind the curves (a cost over a plane of two weights, the path of an
        optimiser on it).
    limits : ((x0, x1), (y0, y1)), optional
        The axes' ranges (panels side by side on one scale).
    """

    title: str
    series: dict
    xlabel: str = ""
    ylabel: str = ""
    logx: bool = False
    logy: bool = False
    contours: object = None
    limits: tuple | None = None

    def __post_init__(self) -> None:
        where = f"curves {self.title!r}"
        if not isinstance(self.series, dict) or not self.series:
            raise InputError(f"{where}: series must be a dict, label -> (x, y) or (x, y, style)")
        for label, value in self.series.items():
            if not isinstance(value, (tuple, list)) or len(value) not in (2, 3):
                raise InputError(f"{where}: series[{label!r}] must be (x, y) or (x, y, style)")
            x = as_float_array(value[0], "x", where).ravel()
            y = as_float_array(value[1], "y", where).ravel()
            if x.shape != y.shape or not x.size:
                raise InputError(f"{where}: series[{label!r}] has {x.size} x values and {y.size} y values")
            if (self.logx and np.any(x <= 0)) or (self.logy and np.any(y <= 0)):
                raise InputError(f"{where}: series[{label!r}] has values <= 0 on a logarithmic axis")


COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def curves_figure(panels: list[Curves], width: float = 4.2, height: float = 3.1):
    """A matplotlib Figure with the panels side by side (one row)."""
    import matplotlib.pyplot as plt

    if not panels or not all(isinstance(p, Curves) for p in panels):
        raise InputError("curves_figure: give a list of one or more plots.Curves, one per panel")
    fig, axes = plt.subplots(1, len(panels), figsize=(width * len(panels), height), squeeze=False)
    for ax, panel in zip(axes[0], panels, strict=True):
        for k, (label, value) in enumerate(panel.series.items()):
            style = value[2] if len(value) == 3 else "-"
            ax.plot(np.ravel(value[0]), np.ravel(value[1]), style, color=COLOURS[k % len(COLOURS)], label=label, ms=4)
        if panel.limits is not None:
            ax.set_xlim(*panel.limits[0])
            ax.set_ylim(*panel.limits[1])
        if panel.contours is not None:
            x0, x1 = ax.get_xlim()
            y0, y1 = ax.get_ylim()
            gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
            z = np.asarray(panel.contours(gx, gy), dtype=float)
            levels = np.quantile(z, np.linspace(0.02, 0.9, 10) ** 2)
            ax.contour(gx, gy, z, levels=np.unique(levels), colors="#bbbbbb", linewidths=0.7, zorder=0)
        ax.set_xscale("log" if panel.logx else "linear")
        ax.set_yscale("log" if panel.logy else "linear")
        ax.set_title(panel.title, fontsize=10)
        ax.set_xlabel(panel.xlabel, fontsize=9)
        ax.set_ylabel(panel.ylabel, fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        if len(panel.series) > 1:
            ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def show_curves(panels: list[Curves], width: float = 4.2, height: float = 3.1) -> None:
    """Display the panels side by side as a still picture (a PNG: GitHub and nbviewer show it too)."""
    from IPython.display import Image, display

    display(Image(png_of(curves_figure(panels, width, height))))
