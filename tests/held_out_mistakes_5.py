"""Held-out set 5: learners' answers to lesson 02's graph_backward, written on 7 December by someone who read only
the lesson's text (its first 17 cells), never the checker's code.

Its first run: all 23 wrong answers failed and all 8 unusual right ones passed; 14 of the 23 got an id the suite
counts as named, 2 of those misleading (a right reading listed second). Then the search gained general families
(an operand replaced by any other value in scope, a node passing its value for its gradient, the shares of one
node without the gradient arriving at it, max's other routings, shares multiplied, the walk in forward order): 21
of 23 named, every named one with the learner's reading among the two it gives. So this set is now a regression
set. MISTAKES lists wrong answers, RIGHT unusual but correct ones (id, exercise, function, what the learner did).
"""

import math

import numpy as np

# ----------------------------------------------------------------------------
# WRONG answers
# ----------------------------------------------------------------------------


def wrong_overwrite_dx(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    df = 1.0
    ds = df * y
    dy = df * s
    dv = ds
    dx = ds
    if u > z:
        du = dv
        dz = 0.0
    else:
        du = 0.0
        dz = dv
    dx = du * y  # u = x*y
    dy += du * x
    return dx, dy, dz


def wrong_dict_walk_overwrite(x, y, z):
    val = {"x": x, "y": y, "z": z}
    val["u"] = val["x"] * val["y"]
    val["v"] = max(val["u"], val["z"])
    val["s"] = val["v"] + val["x"]
    val["f"] = val["s"] * val["y"]
    grad = {"f": 1.0}
    # f = s*y
    grad["s"] = grad["f"] * val["y"]
    grad["y"] = grad["f"] * val["s"]
    # s = v + x
    grad["v"] = grad["s"]
    grad["x"] = grad["s"]
    # v = max(u, z)
    grad["u"] = grad["v"] if val["u"] > val["z"] else 0.0
    grad["z"] = grad["v"] if val["z"] > val["u"] else 0.0
    # u = x*y
    grad["x"] = grad["u"] * val["y"]
    grad["y"] = grad["u"] * val["x"]
    return grad["x"], grad["y"], grad["z"]


def wrong_forgot_x_through_u(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = s
    dv = ds
    dx = ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dy += du * x
    return dx, dy, dz


def wrong_dy_uses_v_not_s(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = v  # other input of the product
    dv = ds
    dx = ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_max_to_both(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    df = 1
    ds = df * y
    dy = df * s
    dv = ds
    dx = ds
    du = dv
    dz = dv
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_max_to_smaller(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds, dy = y, s
    dv, dx = ds, ds
    if u < z:
        du, dz = dv, 0.0
    else:
        du, dz = 0.0, dv
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_max_split_half(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = 1.0 * y
    dy = 1.0 * s
    dv = ds
    dx = ds
    du = 0.5 * dv
    dz = 0.5 * dv
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_max_like_relu(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = s
    dv = ds
    dx = ds
    du = dv if u > 0 else 0.0
    dz = dv if z > 0 else 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_max_always_first(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = s
    dv = ds
    dx = ds
    du = dv  # max(u, z) -> derivative wrt u is 1
    dz = 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_max_gate_no_upstream(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = s
    dv = ds
    dx = ds
    du = 1.0 if u > z else 0.0
    dz = 1.0 if z > u else 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_add_gives_one(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = s
    dv = 1.0
    dx = 1.0
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_product_own_factor_top(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    f = s * y
    df = 1.0
    ds = df * s
    dy = df * y
    dv = ds
    dx = ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_product_own_factor_u(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = s
    dv = ds
    dx = ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dx += du * x
    dy += du * y
    return dx, dy, dz


def wrong_start_df_equals_f(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    f = s * y
    df = f
    ds = df * y
    dy = df * s
    dv = ds
    dx = ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_routes_value_not_grad(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = s
    dx = ds
    du = v if u > z else 0.0
    dz = v if z > u else 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_return_order(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    df = 1.0
    ds, dy = df * y, df * s
    dv, dx = ds, ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dx += du * y
    dy += du * x
    return dx, dz, dy


def wrong_dy_uses_dv(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = s
    dv = ds
    dx = ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dx += du * y
    dy += dv * x
    return dx, dy, dz


def wrong_symbolic_wrong_variable(x, y, z):
    # f = (max(x*y, z) + x) * y, one formula per branch of the max
    if x * y > z:
        # f = x*y**2 + x*y
        dx = 2 * y + 1
        dy = 2 * x * y + x
        dz = 0.0
    else:
        # f = z*y + x*y
        dx = y
        dy = z + x
        dz = y
    return dx, dy, dz


def wrong_abs_formula_no_half(x, y, z):
    # max(u, z) = (u + z + |u - z|) / 2
    u = x * y
    v = (u + z + abs(u - z)) / 2
    s = v + x
    ds = y
    dy = s
    dv = ds
    dx = ds
    du = dv * (1 + np.sign(u - z))
    dz = dv * (1 - np.sign(u - z))
    dx += du * y
    dy += du * x
    return float(dx), float(dy), float(dz)


def wrong_shares_multiplied(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dv = ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    # x reaches f through s and through u: chain the two
    dx = ds * (du * y)
    dy = s * (du * x)
    return dx, dy, dz


def wrong_np_max_crash(x, y, z):
    u = x * y
    v = np.max(u, z)
    s = v + x
    ds = y
    dy = s
    dv = ds
    dx = ds
    du = dv if u > z else 0.0
    dz = dv if z > u else 0.0
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_unbound_branch_crash(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    ds = y
    dy = s
    dv = ds
    dx = ds
    if u > z:
        du = dv
        dz = 0
    else:
        dz = dv
    dx += du * y
    dy += du * x
    return dx, dy, dz


def wrong_forward_order_walk(x, y, z):
    val = {"x": x, "y": y, "z": z}
    nodes = [
        ("u", "*", "x", "y"),
        ("v", "max", "u", "z"),
        ("s", "+", "v", "x"),
        ("f", "*", "s", "y"),
    ]
    for out, op, a, b in nodes:
        if op == "*":
            val[out] = val[a] * val[b]
        elif op == "+":
            val[out] = val[a] + val[b]
        else:
            val[out] = max(val[a], val[b])
    grad = {k: 0.0 for k in val}
    grad["f"] = 1.0
    for out, op, a, b in nodes:  # walk the nodes
        g = grad[out]
        if op == "*":
            grad[a] += g * val[b]
            grad[b] += g * val[a]
        elif op == "+":
            grad[a] += g
            grad[b] += g
        else:
            if val[a] > val[b]:
                grad[a] += g
            else:
                grad[b] += g
    return grad["x"], grad["y"], grad["z"]


# ----------------------------------------------------------------------------
# RIGHT answers
# ----------------------------------------------------------------------------


def right_generic_node_list(x, y, z):
    val = {"x": x, "y": y, "z": z}
    nodes = [
        ("u", "mul", "x", "y"),
        ("v", "max", "u", "z"),
        ("s", "add", "v", "x"),
        ("f", "mul", "s", "y"),
    ]
    for out, op, a, b in nodes:
        if op == "mul":
            val[out] = val[a] * val[b]
        elif op == "add":
            val[out] = val[a] + val[b]
        elif op == "max":
            val[out] = max(val[a], val[b])
    grad = dict.fromkeys(val, 0.0)
    grad["f"] = 1.0
    for out, op, a, b in reversed(nodes):
        g = grad[out]
        if op == "mul":
            grad[a] += g * val[b]
            grad[b] += g * val[a]
        elif op == "add":
            grad[a] += g
            grad[b] += g
        elif op == "max":
            winner = a if val[a] > val[b] else b
            grad[winner] += g
    return grad["x"], grad["y"], grad["z"]


def right_symbolic_per_branch(x, y, z):
    # f = (max(x*y, z) + x) * y
    if x * y > z:
        # f = x*y**2 + x*y
        return y**2 + y, 2 * x * y + x, 0.0
    # f = z*y + x*y
    return y, z + x, y


def right_numpy_where(x, y, z):
    u = np.float64(x) * y
    v = np.maximum(u, z)
    s = v + x
    ds = 1.0 * y
    dv = ds
    du = np.where(u > z, dv, 0.0)
    dz = np.where(u > z, 0.0, dv)
    dx = ds + du * y
    dy = s + du * x
    return float(dx), float(dy), float(dz)


def right_boolean_one_liner(x, y, z):
    w = x * y > z
    return y * (1 + w * y), max(x * y, z) + x + w * x * y, y * (not w)


def right_abs_formula(x, y, z):
    # max(u, z) = (u + z + |u - z|) / 2, so d/du = (1 + sign(u - z)) / 2
    u = x * y
    s = (u + z + abs(u - z)) / 2 + x
    dv = y
    du = dv * (1 + math.copysign(1.0, u - z)) / 2
    dz = dv * (1 - math.copysign(1.0, u - z)) / 2
    dx = dv + du * y
    dy = s + du * x
    return dx, dy, dz


def right_closure_tape(x, y, z):
    grads = {"x": 0.0, "y": 0.0, "z": 0.0, "u": 0.0, "v": 0.0, "s": 0.0, "f": 0.0}
    tape = []

    u = x * y

    def back_u():
        grads["x"] += grads["u"] * y
        grads["y"] += grads["u"] * x

    tape.append(back_u)

    v = max(u, z)

    def back_v():
        if u > z:
            grads["u"] += grads["v"]
        else:
            grads["z"] += grads["v"]

    tape.append(back_v)

    s = v + x

    def back_s():
        grads["v"] += grads["s"]
        grads["x"] += grads["s"]

    tape.append(back_s)

    def back_f():
        grads["s"] += grads["f"] * y
        grads["y"] += grads["f"] * s

    tape.append(back_f)

    grads["f"] = 1.0
    for step in reversed(tape):
        step()
    return grads["x"], grads["y"], grads["z"]


def right_list_of_shares(x, y, z):
    u = x * y
    v = max(u, z)
    s = v + x
    df = 1.0
    ds = df * y
    dv = ds
    du = dv if v == u else 0.0
    dz = dv if v == z else 0.0
    x_shares = [ds * 1.0, du * y]  # through s = v + x and through u = x*y
    y_shares = [df * s, du * x]  # through f = s*y and through u = x*y
    return math.fsum(x_shares), math.fsum(y_shares), dz


def right_heaviside(x, y, z):
    u = x * y
    v = np.maximum(u, z)
    s = v + x
    gate = np.heaviside(u - z, 0.5)
    dv = y
    dx = dv + gate * dv * y
    dy = s + gate * dv * x
    dz = (1 - gate) * dv
    return float(dx), float(dy), float(dz)


ANSWERS = [
    (
        "wrong_overwrite_dx",
        wrong_overwrite_dx,
        "wrong",
        "Wrote dx = ... instead of dx += ... at the u = x*y node, so x's share through s = v + x is thrown away.",
    ),
    (
        "wrong_dict_walk_overwrite",
        wrong_dict_walk_overwrite,
        "wrong",
        "Kept gradients in a dict but assigned grad['x'] and grad['y'] a second time at u = x*y, losing their first shares.",
    ),
    (
        "wrong_forgot_x_through_u",
        wrong_forgot_x_through_u,
        "wrong",
        "Did not notice that x is also read by u = x*y, so dx only gets the share from s = v + x.",
    ),
    (
        "wrong_dy_uses_v_not_s",
        wrong_dy_uses_v_not_s,
        "wrong",
        "Mixed up s and v at the top node, giving y the share df*v instead of df*s.",
    ),
    (
        "wrong_max_to_both",
        wrong_max_to_both,
        "wrong",
        "Treated max like an add and passed the full gradient to both u and z.",
    ),
    (
        "wrong_max_to_smaller",
        wrong_max_to_smaller,
        "wrong",
        "Flipped the comparison in the max, so the gradient goes to the smaller input instead of the larger one.",
    ),
    (
        "wrong_max_split_half",
        wrong_max_split_half,
        "wrong",
        "Split the max's gradient half and half between u and z instead of routing it all to the winner.",
    ),
    (
        "wrong_max_like_relu",
        wrong_max_like_relu,
        "wrong",
        "Handled max(u, z) like a ReLU, checking each input against 0 instead of comparing u with z.",
    ),
    (
        "wrong_max_always_first",
        wrong_max_always_first,
        "wrong",
        "Assumed max always passes its gradient to its first argument u, so dz is always 0.",
    ),
    (
        "wrong_max_gate_no_upstream",
        wrong_max_gate_no_upstream,
        "wrong",
        "Used the max's local derivative (1 or 0) as du and dz without multiplying by the arriving gradient dv.",
    ),
    (
        "wrong_add_gives_one",
        wrong_add_gives_one,
        "wrong",
        "At s = v + x, set dv and dx to the local derivative 1 instead of passing on ds.",
    ),
    (
        "wrong_product_own_factor_top",
        wrong_product_own_factor_top,
        "wrong",
        "At f = s*y gave each input its own value (ds = s, dy = y) instead of the other input's.",
    ),
    (
        "wrong_product_own_factor_u",
        wrong_product_own_factor_u,
        "wrong",
        "At u = x*y multiplied du by the same input (x for dx, y for dy) instead of swapping.",
    ),
    (
        "wrong_start_df_equals_f",
        wrong_start_df_equals_f,
        "wrong",
        "Started the walk with df = f (the forward value) instead of df = 1, so every gradient is scaled by f.",
    ),
    (
        "wrong_routes_value_not_grad",
        wrong_routes_value_not_grad,
        "wrong",
        "At the max node, sent the forward value v down to the winner instead of the gradient dv.",
    ),
    (
        "wrong_return_order",
        wrong_return_order,
        "wrong",
        "Did the walk correctly but returned dx, dz, dy instead of dx, dy, dz.",
    ),
    (
        "wrong_dy_uses_dv",
        wrong_dy_uses_dv,
        "wrong",
        "At u = x*y used dv instead of du for y's share, so y gets a share even when max picks z.",
    ),
    (
        "wrong_symbolic_wrong_variable",
        wrong_symbolic_wrong_variable,
        "wrong",
        "Worked out the formula per branch of max, but in the u branch differentiated x*y**2 + x*y with respect to y instead of x to get dx.",
    ),
    (
        "wrong_abs_formula_no_half",
        wrong_abs_formula_no_half,
        "wrong",
        "Wrote max as (u + z + |u - z|)/2 but dropped the 1/2 when differentiating, so the winner gets twice the gradient.",
    ),
    (
        "wrong_shares_multiplied",
        wrong_shares_multiplied,
        "wrong",
        "Multiplied the two shares of x (and of y) together instead of adding them.",
    ),
    (
        "wrong_np_max_crash",
        wrong_np_max_crash,
        "wrong",
        "Used np.max(u, z) for the max of two numbers, which treats z as an axis and crashes.",
    ),
    (
        "wrong_unbound_branch_crash",
        wrong_unbound_branch_crash,
        "wrong",
        "Forgot to set du = 0 in the else branch of the max, so it crashes with an unbound du whenever z wins.",
    ),
    (
        "wrong_forward_order_walk",
        wrong_forward_order_walk,
        "wrong",
        "Wrote a generic node loop with += but walked the nodes in forward order, so gradients are read before they arrive.",
    ),
    (
        "right_generic_node_list",
        right_generic_node_list,
        "right",
        "Wrote a small generic walk over a list of nodes in reverse order, accumulating gradients in a dict with +=.",
    ),
    (
        "right_symbolic_per_branch",
        right_symbolic_per_branch,
        "right",
        "Expanded f by hand for each branch of the max and wrote the partial derivatives directly.",
    ),
    (
        "right_numpy_where",
        right_numpy_where,
        "right",
        "Did the walk with np.maximum and routed the max gradient with np.where.",
    ),
    (
        "right_boolean_one_liner",
        right_boolean_one_liner,
        "right",
        "Collapsed the walk into one line, using the boolean u > z as a 0/1 gate.",
    ),
    (
        "right_abs_formula",
        right_abs_formula,
        "right",
        "Wrote max as (u + z + |u - z|)/2 and differentiated it correctly with the sign of u - z.",
    ),
    (
        "right_closure_tape",
        right_closure_tape,
        "right",
        "Recorded a backward closure per node on a tape and replayed it in reverse, each one adding its shares.",
    ),
    (
        "right_list_of_shares",
        right_list_of_shares,
        "right",
        "Collected the shares arriving at x and at y in lists and summed them, routing the max by checking which input equals v.",
    ),
    (
        "right_heaviside",
        right_heaviside,
        "right",
        "Used np.heaviside(u - z, 0.5) as the max's gate and built all three gradients from it.",
    ),
]


MISTAKES = [(f"l2_{name}", "graph_backward", fn, said) for name, fn, kind, said in ANSWERS if kind == "wrong"]
RIGHT = [(f"l2_{name}", "graph_backward", fn, said) for name, fn, kind, said in ANSWERS if kind == "right"]
