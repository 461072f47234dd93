"""Small data sets for the lessons, in the layout X (n_x, m), Y (n_y, m).

The toy sets are made with numpy from a seed (same seed, same data). The real
one, 8x8 handwritten digits, ships inside the package (45 kB), so it works
offline and needs no extra library.

Binary sets return Y of shape (1, m) holding 0s and 1s (for a sigmoid output);
multi-class sets return one-hot Y of shape (classes, m) (for a softmax output).
"""

from __future__ import annotations

from importlib import resources

import numpy as np

from ._validate import InputError, as_float_array, check_budget, check_int, check_number, check_seed, public, shape_str


def _check_m(m: int) -> int:
    m = check_int(m, "m", 1, "the number of examples")
    check_budget(8 * m, f"m = {m:,} examples", "a data set of m points (X, Y and the random numbers that make them)")
    return m


MAX_NOISE = 1000.0


def _most(n: int, name: str, m: int, where: str) -> int:
    """``n`` (petals, classes) is at most m: each needs points of its own to be seen at all."""
    if n > m:
        raise InputError(f"{where}: {name} = {n:,} but there are only m = {m:,} points: at most m {name}")
    return n


def _rng(seed: object, noise: object, where: str) -> np.random.Generator:
    """The seeded generator of a toy set, after checking its seed and its noise (a finite number >= 0)."""
    if not 0 <= check_number(noise, "noise", f"{where}: X = points + noise * N(0, 1)") <= MAX_NOISE:
        raise InputError(
            f"{where}: noise = {noise!r} must be between 0 and {MAX_NOISE:g} (the standard deviation of the jitter; "
            "the points lie within a few units of the origin, so more noise only hides them)"
        )
    return np.random.default_rng(check_seed(seed, where))


@public("one_hot: Y[k, i] = 1 where k is example i's label")
def one_hot(labels: object, n_classes: int | None = None) -> np.ndarray:
    """Integer labels (m,) as one-hot columns (n_classes, m), float64.

    Column i has a single 1, in row labels[i].
    """
    y = as_float_array(labels, "labels", "one_hot")
    if y.ndim > 1 and sorted(y.shape)[-2] > 1:
        raise InputError(f"one_hot: labels is a table {y.shape}; give one label per example, as (m,), (1, m) or (m, 1)")
    y = y.reshape(-1)
    if not np.all(np.isfinite(y)) or not np.all(y == np.round(y)):
        raise InputError("one_hot: labels must be whole numbers 0, 1, ..., n_classes - 1")
    if n_classes is None:
        if y.size == 0:
            raise InputError("one_hot: no labels and no n_classes; give n_classes to get an empty (n_classes, 0) Y")
        k = int(min(y.max(), 2**62)) + 1
    else:
        k = check_int(n_classes, "n_classes", 1, "the number of classes")
    if y.size and (y.min() < 0 or y.max() >= k):
        raise InputError(f"one_hot: labels run from {y.min():g} to {y.max():g}, outside 0..{k - 1}")
    if k * max(y.size, 1) > 10**8:
        raise InputError(
            f"one_hot: {k} classes x m = {y.size} examples is a Y of {k * y.size:,} entries; "
            "labels run 0..n_classes-1, so a label this large is likely a mistake"
        )
    y = y.astype(np.int64)
    Y = np.zeros((k, y.size))
    Y[y, np.arange(y.size)] = 1.0
    return Y


@public("xor: a data set")
def xor(m: int = 200, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points around the four corners (+-1, +-1); label 1 where the signs differ.

    Returns X (2, m) and Y (1, m). No straight line separates the classes, so a
    network needs a hidden layer.
    """
    m = _check_m(m)
    rng = _rng(seed, noise, "xor")
    corners = rng.choice([-1.0, 1.0], size=(2, m))
    X = corners + noise * rng.standard_normal((2, m))
    Y = (corners[0] != corners[1]).astype(np.float64).reshape(1, m)
    return X, Y


@public("flower: a data set")
def flower(m: int = 400, petals: int = 4, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A planar rose of ``petals`` petals (an even number), alternate petals in alternate classes.

    Returns X (2, m) and Y (1, m).
    """
    m = _check_m(m)
    petals = _most(check_int(petals, "petals", 2, "flower: the number of petals"), "petals", m, "flower")
    if petals % 2:
        raise InputError(
            f"flower: petals = {petals}: the petals alternate between the two classes, "
            "so give an even number (2, 4, ...)"
        )
    rng = _rng(seed, noise, "flower")
    t = rng.uniform(0, 2 * np.pi, m)
    pairs = petals // 2  # |sin(pairs t)| has 2 * pairs = petals lobes around the circle
    petal = np.floor(t * pairs / np.pi).astype(int)  # which lobe t falls in
    r = 4 * np.abs(np.sin(pairs * t)) * rng.uniform(0.3, 1.0, m)
    X = np.vstack([r * np.cos(t), r * np.sin(t)]) + noise * rng.standard_normal((2, m))
    Y = (petal % 2).astype(np.float64).reshape(1, m)
    return X, Y


@public("spirals: a data set")
def spirals(m: int = 300, classes: int = 3, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms. Returns X (2, m) and one-hot Y (classes, m)."""
    m = _check_m(m)
    classes = _most(check_int(classes, "classes", 2, "spirals: the number of arms (classes)"), "classes", m, "spirals")
    rng = _rng(seed, noise, "spirals")
    labels = np.arange(m) % classes
    r = rng.uniform(0.05, 1.0, m)
    theta = labels * 2 * np.pi / classes + 4 * r + noise * rng.standard_normal(m)
    X = np.vstack([r * np.sin(theta), r * np.cos(theta)])
    return X, one_hot(labels, classes)


@public("circles: a data set")
def circles(m: int = 300, factor: float = 0.5, noise: float = 0.08, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric rings; label 1 for the inner one. Returns X (2, m) and Y (1, m)."""
    m = _check_m(m)
    factor = check_number(factor, "factor", "circles: inner radius = factor * outer radius", positive=True)
    if factor >= 1:
        raise InputError(f"circles: factor = {factor!r} must lie strictly between 0 and 1 (the inner ring inside)")
    rng = _rng(seed, noise, "circles")
    inner = np.arange(m) % 2
    t = rng.uniform(0, 2 * np.pi, m)
    r = np.where(inner == 1, factor, 1.0)
    X = np.vstack([r * np.cos(t), r * np.sin(t)]) + noise * rng.standard_normal((2, m))
    return X, inner.astype(np.float64).reshape(1, m)


@public("digits: the 8x8 digits")
def digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 8x8 handwritten digits of the UCI optical-recognition set.

    (E. Alpaydin and C. Kaynak, UCI Machine Learning Repository, CC BY 4.0;
    the copy scikit-learn ships as ``load_digits``.)

    Returns
    -------
    X : ndarray, (64, 1797)
        Pixel intensities scaled from 0..16 to 0..1; each column is one image
        read row by row (``X[:, i].reshape(8, 8)`` shows it).
    Y : ndarray, (10, 1797)
        One-hot labels: Y[k, i] = 1 when image i shows the digit k.
    """
    with resources.files("backprop_lib").joinpath("datasets/digits8x8.npz").open("rb") as f:
        data = np.load(f)
        pixels, labels = data["pixels"], data["labels"]
    return pixels.T.astype(np.float64) / 16.0, one_hot(labels, 10)


@public("split: a training and a test set", X="X", Y="Y")
def split(
    X: np.ndarray, Y: np.ndarray, test_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the columns and split them: X_train, Y_train, X_test, Y_test.

    Each part gets at least one example, so m must be at least 2.
    """
    X = as_float_array(X, "X", "split")
    Y = as_float_array(Y, "Y", "split")
    if X.ndim != 2 or Y.ndim != 2:
        raise InputError(
            f"split: X (n[0], m) and Y (n[L], m) must be 2-D, but X is {shape_str(X)} and Y {shape_str(Y)}"
        )
    m = X.shape[1]
    if Y.shape[1] != m:
        raise InputError(f"split: X has {m} examples (columns) but Y has {Y.shape[1]}")
    if m < 2:
        raise InputError(f"split: X is {shape_str(X)}, m = {m} examples; a training and a test set need m >= 2")
    f = check_number(test_fraction, "test_fraction", "split")
    if not 0 < f < 1:
        raise InputError(f"split: test_fraction = {test_fraction} must lie strictly between 0 and 1")
    order = np.random.default_rng(check_seed(seed, "split")).permutation(m)
    n_test = min(m - 1, max(1, int(round(m * f))))
    test, train = order[:n_test], order[n_test:]
    return X[:, train], Y[:, train], X[:, test], Y[:, test]
