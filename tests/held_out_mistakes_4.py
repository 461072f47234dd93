"""Held-out set 4: learners' answers to lesson 06's mystery repair and lesson 09's three exercises, written on
7 December by someone who read only the lessons (their text and exercise cells), never the checkers' code.

Its first run: all 36 wrong answers fail, all 8 unusual right ones pass; 24 of the 36 get an id the suite counts
as named (it counts the mystery's "constant factor of m^k" message as generic, by its id). MISTAKES lists
wrong answers, RIGHT unusual but correct ones (id, exercise, function or class, what the learner did).
"""

import numpy as np

import backprop_lib as bp

# ---------------------------------------------------------------- mystery_repair (lesson 6)


def mystery_hardcoded_36_6(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    # the ratios I measured: layer 1 is off by 36, layer 2 by 6
    grads["dW1"] = grads["dW1"] * 36
    grads["db1"] = grads["db1"] * 36
    grads["dW2"] = grads["dW2"] * 6
    grads["db2"] = grads["db2"] * 6
    return grads


def mystery_hardcoded_m6(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L = len(caches)
    for l in range(1, L):
        grads[f"dW{l}"] = grads[f"dW{l}"] * 6 ** (L - l)
        grads[f"db{l}"] = grads[f"db{l}"] * 6 ** (L - l)
    return grads


def mystery_hardcoded_L3(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    m = Y.shape[1]
    for l in (1, 2):
        grads[f"dW{l}"] = grads[f"dW{l}"] * m ** (3 - l)
        grads[f"db{l}"] = grads[f"db{l}"] * m ** (3 - l)
    return grads


def mystery_times_m_once(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L, m = len(caches), Y.shape[1]
    for l in range(1, L):
        grads[f"dW{l}"] = grads[f"dW{l}"] * m
        grads[f"db{l}"] = grads[f"db{l}"] * m
    return grads


def mystery_power_l(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L, m = len(caches), Y.shape[1]
    for l in range(1, L):
        grads[f"dW{l}"] = grads[f"dW{l}"] * m**l
        grads[f"db{l}"] = grads[f"db{l}"] * m**l
    return grads


def mystery_only_dW(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L, m = len(caches), Y.shape[1]
    for l in range(1, L):
        grads[f"dW{l}"] = grads[f"dW{l}"] * m ** (L - l)
    return grads


def mystery_includes_output(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L, m = len(caches), Y.shape[1]
    for l in range(1, L + 1):
        grads[f"dW{l}"] = grads[f"dW{l}"] * m ** (L - l + 1)
        grads[f"db{l}"] = grads[f"db{l}"] * m ** (L - l + 1)
    return grads


def mystery_off_by_one(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L, m = len(caches), Y.shape[1]
    for l in range(1, L):
        grads[f"dW{l}"] = grads[f"dW{l}"] * m ** (L - l - 1)
        grads[f"db{l}"] = grads[f"db{l}"] * m ** (L - l - 1)
    return grads


def mystery_linear_factor(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L, m = len(caches), Y.shape[1]
    for l in range(1, L):
        grads[f"dW{l}"] = grads[f"dW{l}"] * (m * (L - l))
        grads[f"db{l}"] = grads[f"db{l}"] * (m * (L - l))
    return grads


def mystery_classes_as_m(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L = len(caches)
    m = Y.shape[0]
    for l in range(1, L):
        grads[f"dW{l}"] = grads[f"dW{l}"] * m ** (L - l)
        grads[f"db{l}"] = grads[f"db{l}"] * m ** (L - l)
    return grads


def mystery_right_running_factor(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    m = caches[0].A_prev.shape[1]
    factor = 1.0
    for l in range(len(caches) - 1, 0, -1):  # from the top hidden layer down, one more m per step
        factor *= m
        grads[f"dW{l}"] = grads[f"dW{l}"] * factor
        grads[f"db{l}"] = grads[f"db{l}"] * factor
    return grads


def mystery_right_rebuild_from_top(AL, Y, caches):
    grads = bp.exercises.mystery_backward(AL, Y, caches)
    L, m = len(caches), Y.shape[1]
    dZ = grads[f"dZ{L}"]  # the top layer passes the check, so trust its dZ and redo the rest
    for l in range(L, 0, -1):
        cache = caches[l - 1]
        if l < L:
            dA = caches[l].W.T @ dZ
            prime = bp.activations.HIDDEN[cache.activation].prime
            dZ = dA * prime(cache.Z)
        grads[f"dW{l}"] = dZ @ cache.A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
    return grads


# ---------------------------------------------------------------- matmul_backward (lesson 9)


def matmul_divides_by_m(a, b, grad):
    m = grad.shape[1]
    grad_a = grad @ b.T / m
    grad_b = a.T @ grad / m
    return grad_a, grad_b


def matmul_grad_b_transposed(a, b, grad):
    grad_a = grad @ b.T
    grad_b = grad.T @ a
    return grad_a, grad_b


def matmul_grad_a_transposed(a, b, grad):
    grad_a = b @ grad.T
    grad_b = a.T @ grad
    return grad_a, grad_b


def matmul_swapped_return(a, b, grad):
    grad_a = grad @ b.T
    grad_b = a.T @ grad
    return grad_b, grad_a


def matmul_sum_first(a, b, grad):
    grad_a = np.sum(grad, axis=1, keepdims=True) * np.sum(b, axis=1, keepdims=True).T
    grad_b = np.sum(a, axis=0, keepdims=True).T * np.sum(grad, axis=0, keepdims=True)
    return grad_a, grad_b


def matmul_times_m(a, b, grad):
    m = grad.shape[1]
    grad_a = grad @ b.T * m
    grad_b = a.T @ grad
    return grad_a, grad_b


def matmul_no_transpose_on_a(a, b, grad):
    grad_a = grad @ b.T
    grad_b = a @ grad
    return grad_a, grad_b


def matmul_ignores_grad(a, b, grad):
    ones = np.ones_like(grad)
    grad_a = ones @ b.T
    grad_b = a.T @ ones
    return grad_a, grad_b


def matmul_right_einsum(a, b, grad):
    grad_a = np.einsum("ij,pj->ip", grad, b)
    grad_b = np.einsum("ip,ij->pj", a, grad)
    return grad_a, grad_b


def matmul_right_transpose_of_products(a, b, grad):
    grad_a = np.dot(b, grad.T).T
    grad_b = np.dot(grad.T, a).T
    return grad_a, grad_b


# ---------------------------------------------------------------- add_backward (lesson 9)


def add_no_sum(a, b, grad):
    return grad, grad


def add_sum_no_keepdims(a, b, grad):
    grad_a = grad
    if b.shape[1] == 1:
        grad_b = np.sum(grad, axis=1)
    else:
        grad_b = grad
    return grad_a, grad_b


def add_sum_axis0(a, b, grad):
    grad_a = grad
    if b.shape[1] == 1 and grad.shape[1] > 1:
        grad_b = np.sum(grad, axis=0, keepdims=True)
    else:
        grad_b = grad
    return grad_a, grad_b


def add_mean(a, b, grad):
    grad_a = grad
    if b.shape != grad.shape:
        grad_b = np.mean(grad, axis=1, keepdims=True)
    else:
        grad_b = grad
    return grad_a, grad_b


def add_always_sum(a, b, grad):
    return grad, np.sum(grad, axis=1, keepdims=True)


def add_first_column(a, b, grad):
    grad_a = grad
    grad_b = grad[:, :1] if b.shape[1] == 1 else grad
    return grad_a, grad_b


def add_total_sum(a, b, grad):
    return grad, np.full(b.shape, np.sum(grad))


def add_ones(a, b, grad):
    return np.ones_like(a), np.ones_like(b)


def add_sum_over_m(a, b, grad):
    grad_a = grad
    if b.shape[1] == 1 and grad.shape[1] > 1:
        grad_b = np.sum(grad, axis=1, keepdims=True) / grad.shape[1]
    else:
        grad_b = grad
    return grad_a, grad_b


def add_right_shape_compare(a, b, grad):
    grad_b = grad.sum(axis=1, keepdims=True) if b.shape != grad.shape else grad
    return grad, grad_b


def add_right_unbroadcast(a, b, grad):
    grad_b = grad
    for axis, size in enumerate(b.shape):
        if size == 1 and grad.shape[axis] != 1:
            grad_b = grad_b.sum(axis=axis, keepdims=True)
    return grad.copy(), grad_b.reshape(b.shape)


# ---------------------------------------------------------------- engine_backward (lesson 9)
# The closures of @ and + call these names, as in the lesson (a learner's correct versions).


def matmul_backward(a, b, grad):
    return grad @ b.T, a.T @ grad


def add_backward(a, b, grad):
    if b.shape[1] == 1 and grad.shape[1] > 1:
        return grad, np.sum(grad, axis=1, keepdims=True)
    return grad, grad


class TensorAssign:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorAssign(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorAssign(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorAssign(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorAssign(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorAssign(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorAssign(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        order, visited = [], set()

        def visit(t):
            if id(t) not in visited:
                visited.add(id(t))
                for p in t.parents:
                    visit(p)
                order.append(t)

        visit(self)
        self.grad = np.ones_like(self.value)
        for t in reversed(order):
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad = g


class TensorNoVisited:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorNoVisited(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorNoVisited(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorNoVisited(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorNoVisited(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorNoVisited(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorNoVisited(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        order = []

        def visit(t):
            for p in t.parents:
                visit(p)
            order.append(t)

        visit(self)
        self.grad = np.ones_like(self.value)
        for t in reversed(order):
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad += g


class TensorNoSeed:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorNoSeed(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorNoSeed(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorNoSeed(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorNoSeed(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorNoSeed(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorNoSeed(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        order, visited = [], set()

        def visit(t):
            if id(t) not in visited:
                visited.add(id(t))
                for p in t.parents:
                    visit(p)
                order.append(t)

        visit(self)
        for t in reversed(order):
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad += g


class TensorForwardWalk:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorForwardWalk(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorForwardWalk(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorForwardWalk(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorForwardWalk(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorForwardWalk(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorForwardWalk(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        order, visited = [], set()

        def visit(t):
            if id(t) not in visited:
                visited.add(id(t))
                for p in t.parents:
                    visit(p)
                order.append(t)

        visit(self)
        self.grad = np.ones_like(self.value)
        for t in order:
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad += g


class TensorPreorder:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorPreorder(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorPreorder(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorPreorder(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorPreorder(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorPreorder(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorPreorder(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        order, visited = [], set()

        def visit(t):
            if id(t) not in visited:
                visited.add(id(t))
                order.append(t)
                for p in t.parents:
                    visit(p)

        visit(self)
        self.grad = np.ones_like(self.value)
        for t in order:  # J comes first in this list, so no reversed needed
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad += g


class TensorBFS:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorBFS(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorBFS(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorBFS(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorBFS(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorBFS(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorBFS(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        from collections import deque

        self.grad = np.ones_like(self.value)
        queue, seen = deque([self]), {id(self)}
        while queue:
            t = queue.popleft()
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad += g
                if id(parent) not in seen:
                    seen.add(id(parent))
                    queue.append(parent)


class TensorRecursivePush:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorRecursivePush(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorRecursivePush(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorRecursivePush(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorRecursivePush(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorRecursivePush(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorRecursivePush(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        self.grad = np.ones_like(self.value)

        def push(t):
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad += g
                push(parent)

        push(self)


class TensorZeroAfterSeed:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorZeroAfterSeed(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorZeroAfterSeed(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorZeroAfterSeed(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorZeroAfterSeed(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorZeroAfterSeed(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorZeroAfterSeed(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        order, visited = [], set()

        def visit(t):
            if id(t) not in visited:
                visited.add(id(t))
                for p in t.parents:
                    visit(p)
                order.append(t)

        self.grad = np.ones_like(self.value)
        visit(self)
        for t in order:  # start from clean gradients
            t.grad = np.zeros_like(t.value)
        for t in reversed(order):
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad += g


class TensorSkipsRoot:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorSkipsRoot(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorSkipsRoot(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorSkipsRoot(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorSkipsRoot(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorSkipsRoot(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorSkipsRoot(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        order, visited = [], set()

        def visit(t):
            if id(t) not in visited:
                visited.add(id(t))
                for p in t.parents:
                    visit(p)
                order.append(t)

        visit(self)
        self.grad = np.ones_like(self.value)
        for t in reversed(order[:-1]):  # the last one is J itself, its grad is just the seed
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad += g


class TensorIterativeDFS:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorIterativeDFS(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorIterativeDFS(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorIterativeDFS(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorIterativeDFS(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorIterativeDFS(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorIterativeDFS(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        order, visited = [], set()
        stack = [(self, False)]
        while stack:
            t, parents_done = stack.pop()
            if parents_done:
                order.append(t)
                continue
            if id(t) in visited:
                continue
            visited.add(id(t))
            stack.append((t, True))
            for p in t.parents:
                if id(p) not in visited:
                    stack.append((p, False))
        self.grad = np.ones_like(self.value)
        for t in order[::-1]:
            grads = t.backward_fn(t.grad)
            for parent, g in zip(t.parents, grads):
                parent.grad = parent.grad + g


class TensorKahn:
    """A matrix that remembers how it was made: its value, its gradient, its parents, and backward_fn, the
    closure that takes this tensor's gradient and returns one gradient per parent."""

    def __init__(self, value, parents=(), backward_fn=None):
        self.value = np.asarray(value, dtype=float)
        self.grad = np.zeros_like(self.value)
        self.parents = parents
        self.backward_fn = backward_fn or (lambda grad: ())  # a leaf (X, W, b) has no parents

    def __matmul__(self, other):
        a, b = self.value, other.value
        return TensorKahn(a @ b, (self, other), lambda grad: matmul_backward(a, b, grad))

    def __add__(self, other):
        a, b = self.value, other.value
        return TensorKahn(a + b, (self, other), lambda grad: add_backward(a, b, grad))

    def relu(self):
        Z = self.value
        return TensorKahn(np.maximum(0, Z), (self,), lambda grad: (grad * (Z > 0),))

    def tanh(self):
        A = np.tanh(self.value)
        return TensorKahn(A, (self,), lambda grad: (grad * (1 - A**2),))

    def sigmoid(self):
        A = 1 / (1 + np.exp(-self.value))
        return TensorKahn(A, (self,), lambda grad: (grad * A * (1 - A),))

    def sigmoid_cross_entropy(self, Y):
        """The mean cost J of a sigmoid output, from its logits Z = self; its closure gives (A - Y) / m."""
        Z, m = self.value, self.value.shape[1]
        J = np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m
        A = 1 / (1 + np.exp(-Z))
        return TensorKahn(J, (self,), lambda grad: (grad * (A - Y) / m,))

    def backward(self):
        """Fill the grad of every tensor this one was computed from with dJ/d(that tensor), J = self."""
        # count how many times each tensor is used, then release a tensor once all its users have passed their share
        uses, nodes, stack = {}, {id(self): self}, [self]
        while stack:
            t = stack.pop()
            for p in t.parents:
                uses[id(p)] = uses.get(id(p), 0) + 1
                if id(p) not in nodes:
                    nodes[id(p)] = p
                    stack.append(p)
        self.grad = np.ones_like(self.value)
        ready = [self]
        while ready:
            t = ready.pop()
            for parent, g in zip(t.parents, t.backward_fn(t.grad)):
                parent.grad += g
                uses[id(parent)] -= 1
                if uses[id(parent)] == 0:
                    ready.append(parent)


ANSWERS = [
    (
        "mystery_repair",
        "hardcoded_36_and_6",
        mystery_hardcoded_36_6,
        "I read the ratios 36 and 6 off the lesson's network and multiplied layers 1 and 2 by those numbers.",
    ),
    (
        "mystery_repair",
        "hardcoded_m_6",
        mystery_hardcoded_m6,
        "I got the power of m per layer right but typed m = 6 from the lesson's batch instead of reading it from Y.",
    ),
    (
        "mystery_repair",
        "hardcoded_three_layers",
        mystery_hardcoded_L3,
        "I used m ** (3 - l) and only fixed layers 1 and 2, so it only works for a 3-layer network.",
    ),
    (
        "mystery_repair",
        "times_m_once",
        mystery_times_m_once,
        "I multiplied every hidden layer by m once, but the extra 1/m piles up once per layer going down.",
    ),
    (
        "mystery_repair",
        "power_l_reversed",
        mystery_power_l,
        "I used m ** l, so the factor grows upward instead of downward (layer 1 gets m and layer 2 gets m^2).",
    ),
    (
        "mystery_repair",
        "only_dW",
        mystery_only_dW,
        "I only repaired the dW's and forgot the db's have the same extra factor.",
    ),
    (
        "mystery_repair",
        "includes_output_layer",
        mystery_includes_output,
        "I also multiplied the output layer and put one m too many everywhere, but layer L was already right.",
    ),
    (
        "mystery_repair",
        "off_by_one_power",
        mystery_off_by_one,
        "My exponent is off by one (m ** (L - l - 1)), so the top hidden layer isn't repaired at all.",
    ),
    (
        "mystery_repair",
        "linear_not_power",
        mystery_linear_factor,
        "I multiplied by m * (L - l) instead of m ** (L - l), so it only matches for the layer right under the output.",
    ),
    (
        "mystery_repair",
        "classes_as_m",
        mystery_classes_as_m,
        "I took m from Y.shape[0], which is the number of classes, not the number of examples.",
    ),
    ("mystery_repair", "right_running_factor", mystery_right_running_factor, "right"),
    ("mystery_repair", "right_rebuild_from_top", mystery_right_rebuild_from_top, "right"),
    (
        "matmul_backward",
        "divides_by_m",
        matmul_divides_by_m,
        "I divided by m like in dW, but grad already carries the 1/m from the loss.",
    ),
    (
        "matmul_backward",
        "grad_b_transposed",
        matmul_grad_b_transposed,
        "I put the transpose on the wrong factor for grad_b (grad.T @ a), so it comes out transposed.",
    ),
    (
        "matmul_backward",
        "grad_a_transposed",
        matmul_grad_a_transposed,
        "I wrote grad_a as b @ grad.T, which is the transpose of what it should be.",
    ),
    (
        "matmul_backward",
        "swapped_return",
        matmul_swapped_return,
        "I returned the two gradients in the wrong order, grad_b first.",
    ),
    (
        "matmul_backward",
        "sum_first",
        matmul_sum_first,
        "I summed grad and b over the m axis separately and multiplied, but the sum of products isn't the product of sums.",
    ),
    (
        "matmul_backward",
        "times_m",
        matmul_times_m,
        "I multiplied grad_a by m to undo the 1/m, which wasn't supposed to be undone.",
    ),
    (
        "matmul_backward",
        "no_transpose_on_a",
        matmul_no_transpose_on_a,
        "I forgot the transpose on a for grad_b (a @ grad instead of a.T @ grad).",
    ),
    (
        "matmul_backward",
        "ignores_grad",
        matmul_ignores_grad,
        "I used ones instead of the incoming grad, so I forgot to chain the upstream gradient.",
    ),
    ("matmul_backward", "right_einsum", matmul_right_einsum, "right"),
    ("matmul_backward", "right_transpose_of_products", matmul_right_transpose_of_products, "right"),
    (
        "add_backward",
        "no_sum",
        add_no_sum,
        "I returned grad for b too and forgot to sum over the broadcast axis when b is a column.",
    ),
    (
        "add_backward",
        "sum_no_keepdims",
        add_sum_no_keepdims,
        "I summed over axis 1 but lost keepdims, so grad_b is 1-D instead of a column.",
    ),
    (
        "add_backward",
        "sum_axis0",
        add_sum_axis0,
        "I summed over axis 0 instead of axis 1, the units instead of the examples.",
    ),
    ("add_backward", "mean", add_mean, "I took the mean over the columns instead of the sum, like db with its 1/m."),
    (
        "add_backward",
        "always_sum",
        add_always_sum,
        "I always sum grad_b over axis 1, even when b is a full matrix and nothing was broadcast.",
    ),
    (
        "add_backward",
        "first_column",
        add_first_column,
        "For a column b I took the first column of grad instead of adding all the columns.",
    ),
    (
        "add_backward",
        "total_sum",
        add_total_sum,
        "I summed the whole grad into one number and filled b with it, instead of summing each row.",
    ),
    ("add_backward", "ones", add_ones, "I returned the local slope of 1 without multiplying by the incoming grad."),
    ("add_backward", "sum_over_m", add_sum_over_m, "I put the 1/m of db in the sum, but grad already has it."),
    ("add_backward", "right_shape_compare", add_right_shape_compare, "right"),
    ("add_backward", "right_unbroadcast", add_right_unbroadcast, "right"),
    (
        "engine_backward",
        "assign",
        TensorAssign,
        "I wrote parent.grad = g instead of +=, so a tensor used twice only keeps the last share.",
    ),
    (
        "engine_backward",
        "no_visited",
        TensorNoVisited,
        "I didn't keep a visited set, so a tensor used twice goes into the list twice and passes its gradient on twice.",
    ),
    ("engine_backward", "no_seed", TensorNoSeed, "I forgot to seed J's grad with ones, so everything stays zero."),
    (
        "engine_backward",
        "forward_walk",
        TensorForwardWalk,
        "I built the topological order but walked it from the leaves up instead of reversed from J.",
    ),
    (
        "engine_backward",
        "preorder",
        TensorPreorder,
        "I appended each tensor before visiting its parents, so the list isn't a real topological order and a shared tensor passes its grad on before every use has added its share.",
    ),
    (
        "engine_backward",
        "bfs",
        TensorBFS,
        "I used a breadth-first queue from J instead of a topological order, so a tensor used twice passes its grad on before the second path has reached it.",
    ),
    (
        "engine_backward",
        "recursive_push",
        TensorRecursivePush,
        "My recursive version pushes each tensor's whole accumulated grad to its parents every time it's reached, so shared tensors get counted twice (no topological order).",
    ),
    (
        "engine_backward",
        "zero_after_seed",
        TensorZeroAfterSeed,
        "I zeroed every grad to start clean, but did it after setting the seed, so the seed of ones got wiped and everything is zero.",
    ),
    (
        "engine_backward",
        "skips_root",
        TensorSkipsRoot,
        "I skipped J in the walk thinking its grad was just the seed, so it never passes the ones down to its parent.",
    ),
    ("engine_backward", "iterative_dfs", TensorIterativeDFS, "right"),
    ("engine_backward", "kahn", TensorKahn, "right"),
]


MISTAKES = [(f"l9_{exercise}_{label}", exercise, fn, said) for exercise, label, fn, said in ANSWERS if said != "right"]
RIGHT = [
    (f"l9_{exercise}_{label}", exercise, fn, "unusual but right")
    for exercise, label, fn, said in ANSWERS
    if said == "right"
]
