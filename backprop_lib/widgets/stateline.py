"""Reading a state line: ``explorer.state`` turned back into the same view, from untrusted text.

A state line is meant to be shared (pasted on a forum, in a chat, in an issue), so whoever runs
``bp.widgets.from_state(line)`` runs a stranger's text. Nothing in it is evaluated: every field is
matched against its own pattern and read with ``int``/``float`` on the matched digits, never with
``eval``, a format string or pickle. Before anything is built, the line's length, its fields, the
network's sizes, m and the sliders are checked against the same limits as a constructor call
(``_inputs.py``); after the explorer is built, every control value, moved weight, selected entry
and colour limit is checked against that explorer, and a line that fails leaves no widget behind.
Each error is an InputError that names the field.

The line, field by field (``Explorer.state`` writes it; ``%XX`` is URL quoting)::

    LayerExplorer dims=3,5,4,2 m=8 hidden=relu output=softmax seed=0 layer=3
        [sliders=W1.0.1,b1.0.0] [editable=W2,b2] [data=own] [bugs=zoo|own] [ctl=v1,v2,...]
        [W2[0,1]=0.45 ...] [select=dW%5B2%5D:1:3] [scale=dZ[3]:0.5,W[3]:]
"""

from __future__ import annotations

import inspect
import math
import re
from urllib.parse import unquote

from .._validate import InputError
from ..activations import HIDDEN
from ..losses import OUTPUT
from ._inputs import MAX_LAYERS, MAX_SLIDERS, checked_dims, checked_m, clip

MAX_STATE_CHARS = 200_000  # every weight of the digits-size explorer moved is about 75,000 characters

_SEP = re.compile(r"[ \t\r\n]+")  # a line wrapped by a forum or a mail still reads
_BAD_CHAR = re.compile(r"[^\x20-\x7e\t\r\n]")  # a state line is printable ASCII; anything else is a trick
_INT = re.compile(r"\d{1,7}")  # sizes, m, layers, indices, control positions
_SEED = re.compile(r"\d{1,40}")
_FLOAT = re.compile(r"[-+]?(?:\d{1,400}(?:\.\d{0,400})?|\.\d{1,400})(?:[eE][-+]?\d{1,4})?|[-+]?(?:inf|nan)")
_KEY = re.compile(r"[Wb]\d{1,3}")
_MOVED = re.compile(r"([Wb]\d{1,3})\[(\d{1,7}),(\d{1,7})\]")
_SLIDER = re.compile(r"([Wb]\d{1,3})\.(\d{1,7})\.(\d{1,7})")
_FIELDS = tuple("dims m hidden output seed layer sliders editable data bugs ctl select scale".split())
_REQUIRED = ("dims", "m", "hidden", "output", "seed")


def _fail(field: str, value: str, why: str) -> InputError:
    return InputError(f"from_state: {field}={clip(value)}: {why}")


def _number(field: str, raw: str, pattern: re.Pattern = _INT) -> int:
    if not pattern.fullmatch(raw):
        raise _fail(field, raw, f"give a whole number >= 0 of at most {7 if pattern is _INT else 40} digits")
    return int(raw)


def _float(field: str, raw: str) -> float:
    if not _FLOAT.fullmatch(raw):
        raise _fail(field, raw, "give a number as Python writes it, e.g. 0.45 or -1e-05")
    value = float(raw)
    if not math.isfinite(value):
        raise _fail(field, raw, "give a finite number")
    return value


def _list(field: str, raw: str, most: int) -> list[str]:
    """The comma-separated items of a field, at most ``most`` of them (counted before any is read)."""
    if raw.count(",") >= most:
        raise _fail(field, raw, f"{raw.count(',') + 1} items; at most {most}")
    return raw.split(",") if raw else []


def families() -> dict[str, type]:
    """The explorers a line may name: every exported Explorer family (not the shared base class)."""
    import sys

    from .base import Explorer

    package = sys.modules[__package__]
    out = {}
    for name in package.__all__:
        cls = getattr(package, name, None)
        if isinstance(cls, type) and issubclass(cls, Explorer) and cls.matrices is not Explorer.matrices:
            out[name] = cls
    return out


def _takes(cls: type) -> set[str]:
    """The keyword arguments ``cls(...)`` accepts (its own and, through ``**kwargs``, its bases')."""
    from .base import Explorer

    names: set[str] = set()
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        params = inspect.signature(vars(klass)["__init__"]).parameters
        names |= {n for n, p in params.items() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and n != "self"}
        if not any(p.kind is p.VAR_KEYWORD for p in params.values()) or klass is Explorer:
            break
    return names


def parse(state: object, family: type | None = None, kwargs: dict | None = None) -> tuple[type, dict, dict, list]:
    """The line read field by field, before anything is built: (class, constructor arguments, other fields,
    moved weights as (key, i, j, value, text))."""
    kwargs = kwargs or {}
    if not isinstance(state, str):
        raise InputError(
            f"from_state: state = {clip(state)} is a {type(state).__name__}; give the one-line str that "
            "explorer.state gave"
        )
    if len(state) > MAX_STATE_CHARS:
        raise InputError(
            f"from_state: the line is {len(state):,} characters long; a state line is at most {MAX_STATE_CHARS:,}"
        )
    bad = _BAD_CHAR.search(state)
    if bad:
        token = next(t for t in re.finditer(r"[^ \t\r\n]+", state) if t.start() <= bad.start() < t.end()).group()
        key, sep, _ = token.partition("=")
        where = f"{clip(key, 20)}=" if sep else f"the token {clip(token, 20)!r}"
        raise InputError(
            f"from_state: {where} holds {bad.group()!r} (U+{ord(bad.group()):04X}, at position {bad.start()} of "
            "the line); a state line is plain printable ASCII (copy it again from explorer.state)"
        )
    tokens = _SEP.split(state.strip())
    known = families()
    cls = known.get(tokens[0]) if tokens and tokens[0] else None
    if cls is None:
        raise InputError(
            f"from_state: {clip(state)!r} does not start with an explorer's name, one of {', '.join(known)}"
        )
    if family is not None and not issubclass(cls, family):
        raise InputError(f"from_state: the line describes a {cls.__name__}, not a {family.__name__}")
    takes = _takes(cls)
    allowed = {f for f in _FIELDS if f in takes or f not in ("layer", "bugs")}
    fields: dict[str, str] = {}
    moved: list = []
    seen: set = set()
    for n, t in enumerate(tokens[1:], start=1):
        key, sep, value = t.partition("=")
        if not sep:
            after = tokens[n - 1].partition("=")[0] + "=" if n > 1 else tokens[0]
            raise InputError(
                f"from_state: {clip(t)!r}, after {clip(after, 20)}, is not a field=value pair (a value holds no space)"
            )
        hit = _MOVED.fullmatch(key)
        if hit:
            entry = (hit.group(1), int(hit.group(2)), int(hit.group(3)))
            if entry in seen:
                raise _fail(key, value, "this entry is moved twice; give each once")
            seen.add(entry)
            moved.append((*entry, _float(key, value), key))
        elif key not in allowed:
            what = "a field of a state line" if key not in _FIELDS else f"a field of a {cls.__name__} line"
            raise InputError(f"from_state: {clip(key)}= is not {what} (its fields: {', '.join(sorted(allowed))})")
        elif key in fields:
            raise _fail(key, value, "this field is given twice")
        else:
            fields[key] = value
    missing = [f for f in _REQUIRED if f not in fields]
    if missing:
        raise InputError(f"from_state: the line lacks {', '.join(f + '=' for f in missing)} (a line needs all of "
                         f"{', '.join(f + '=' for f in _REQUIRED)})")  # fmt: skip
    dims = [_number("dims", n) for n in _list("dims", fields["dims"], MAX_LAYERS + 1)]
    try:
        dims = checked_dims(dims, "from_state: dims=")
    except InputError as exc:
        raise InputError(str(exc).replace("layer_dims = ", "")) from None
    args: dict = {"layer_dims": dims, "m": checked_m(_number("m", fields["m"]), "from_state", "m")}
    hidden = _list("hidden", fields["hidden"], MAX_LAYERS)
    if not hidden or any(h not in HIDDEN for h in hidden) or len(hidden) not in (1, len(dims) - 2):
        raise _fail(
            "hidden", fields["hidden"], f"one of {', '.join(HIDDEN)}, or one per hidden layer ({len(dims) - 2} here)"
        )
    args["hidden"] = hidden[0] if len(hidden) == 1 else hidden
    if fields["output"] not in OUTPUT:
        raise _fail("output", fields["output"], f"one of {', '.join(OUTPUT)}")
    args["output"] = fields["output"]
    args["seed"] = _number("seed", fields["seed"], _SEED)
    if "layer" in fields:
        args["layer"] = _number("layer", fields["layer"])
    if "sliders" in fields:
        sliders = []
        for item in _list("sliders", fields["sliders"], MAX_SLIDERS):
            hit = _SLIDER.fullmatch(item)
            if not hit:
                raise _fail("sliders", item, "each slider is key.row.column, e.g. W2.0.1")
            sliders.append((hit.group(1), int(hit.group(2)), int(hit.group(3))))
        args["sliders"] = sliders
    if "editable" in fields:
        editable = _list("editable", fields["editable"], 2 * MAX_LAYERS)
        for k in editable:
            if not _KEY.fullmatch(k):
                raise _fail("editable", k, "each item is a parameter's key, e.g. W2 or b2")
        args["editable"] = editable
    if "data" in fields:
        if fields["data"] != "own":
            raise _fail("data", fields["data"], "the only value is data=own (a view on your own batch)")
        if "data" not in kwargs:
            raise InputError("from_state: this view was built on your own batch: pass data=(X, Y) too")
    if "bugs" in fields:
        if fields["bugs"] == "zoo":
            from ..exercises import bug_zoo

            args["bugs"] = bug_zoo()
        elif fields["bugs"] == "own":
            if "bugs" not in kwargs:
                raise InputError("from_state: this view used your own bug list: pass bugs=... too")
        else:
            raise _fail("bugs", fields["bugs"], "bugs=zoo (the lessons' bug zoo) or bugs=own (pass bugs=... too)")
    extra = sorted(set(kwargs) - takes)
    if extra:
        raise InputError(f"from_state: a {cls.__name__} takes no argument {', '.join(extra)}")
    args.update(kwargs)
    return cls, args, fields, moved


def apply(ex: object, fields: dict, moved: list) -> None:
    """Put the line's controls, moved weights, selected entry and colour limits on the explorer it built."""
    _controls(ex, fields)
    _moves(ex, moved)
    selected = None
    if "select" in fields:
        raw = fields["select"]
        parts = unquote(raw).rsplit(":", 2)
        if len(parts) != 3 or not parts[0] or len(parts[0]) > 60:
            raise _fail("select", raw, "give map:row:column, e.g. select=dW%5B2%5D:1:3")
        selected = (parts[0], _number("select", parts[1]), _number("select", parts[2]))
    vmax = dict(ex._vmax_at_build)  # the colour limits of the view: a fresh build's, then the line's changes
    if fields.get("scale"):
        names = ex.map_names()
        given: set = set()
        for item in _list("scale", fields["scale"], len(names)):
            quoted, sep, value = item.rpartition(":")
            name = unquote(quoted)
            if not sep or name not in names:
                maps = ", ".join(sorted(names))
                raise _fail("scale", item, f"each item is map:limit for a map of this explorer ({maps})")
            if name in given:
                raise _fail("scale", item, f"{name} is given twice")
            given.add(name)
            if not value:
                vmax.pop(name, None)
                continue
            limit = _float("scale", value)
            if limit <= 0:
                raise _fail("scale", item, "a colour limit is a number > 0 (the colours run from -limit to +limit)")
            if ex.fixed_vmax is not None and limit != ex.fixed_vmax:
                raise _fail("scale", item, f"this explorer's colours are fixed at ±{ex.fixed_vmax:g}")
            vmax[name] = limit
    ex.vmax = vmax
    ex.selected = None
    ex.refresh()
    if selected is not None:
        items = ex.shown()
        if ex._explanation(items, selected) is None:
            raise _fail(
                "select", fields["select"], f"{selected[0]}[{selected[1]}, {selected[2]}] is not an entry of this view"
            )
        ex.selected = selected
        ex.refresh()


def _controls(ex: object, fields: dict) -> None:
    controls = ex._controls()
    if "ctl" not in fields:
        return
    raw = fields["ctl"]
    values = _list("ctl", raw, len(controls) + 1)
    if len(values) != len(controls):
        n, k = len(values), len(controls)
        raise _fail(
            "ctl", raw, f"{n} value{'s' * (n != 1)} for the {k} control{'s' * (k != 1)} of a {type(ex).__name__}"
        )
    for control, quoted in zip(controls, values, strict=True):
        text = unquote(quoted)
        what = f"{control.description or type(control).__name__} = {clip(text, 30)}"
        options = getattr(control, "_options_values", None)
        if options is not None:  # a dropdown, toggle buttons, a selection slider
            match = [v for v in options if str(v) == text]
            if not match:
                raise _fail("ctl", raw, f"{what}, but it is one of {', '.join(str(v) for v in options)}")
            value = match[0]
        elif isinstance(control.value, bool):
            if text not in ("True", "False"):
                raise _fail("ctl", raw, f"{what}, but it is True or False")
            value = text == "True"
        elif isinstance(control.value, int):
            if not re.fullmatch(r"-?\d{1,7}", text):
                raise _fail("ctl", raw, f"{what}, but it is a whole number")
            value = int(text)
        elif isinstance(control.value, float):
            value = _float("ctl", text)
        else:
            raise _fail("ctl", raw, f"{what}: this control cannot be set from a line")
        low, high = getattr(control, "min", None), getattr(control, "max", None)
        if low is not None and high is not None and not low <= value <= high:
            raise _fail("ctl", raw, f"{what}, but it runs from {low} to {high}")
        control.value = value


def _moves(ex: object, moved: list) -> None:
    moves = []
    for key, i, j, value, text in moved:
        key, i, j = ex._checked_entry(key, i, j, where=f"from_state: {text}=")
        if ex._slider_of(key, i, j) is not None and abs(value) > ex.slider_limit:
            raise _fail(
                text,
                repr(value),
                f"this entry has a slider, which runs from {-ex.slider_limit:g} to {ex.slider_limit:g}",
            )
        moves.append((key, i, j, value))
    if moves:
        ex._change(moves, "from_state: the moved weights")
