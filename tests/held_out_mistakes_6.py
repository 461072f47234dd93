"""Held-out set 6: learners' answers to lesson 10's l2_backward and dropout_backward, written on 7 December by
someone who read only the lesson's text and exercise cells (its first 34 cells), never the checkers' code.

Its first run, as written: all 28 wrong answers fail and all 8 unusual right ones pass; 26 of the 28 get an id
the suite counts as named (13 of 14 for each exercise). The two generic: (1 - lambda/m) dW, the weight-decay
update mistaken for the gradient ("new_dW1 differs"), and a division by the share of the mask actually kept
("a factor is wrong"). MISTAKES lists wrong answers, RIGHT unusual but correct ones (id, exercise, function, what
the learner did).
"""

import copy

import numpy as np

# ============================================================================
# l2_backward(grads, params, lambd, m): WRONG answers
# ============================================================================


def l2_no_over_m(grads, params, lambd, m):
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L + 1):
        new["dW" + str(l)] = grads["dW" + str(l)] + lambd * params["W" + str(l)]
    return new


def l2_two_lambda_over_m(grads, params, lambd, m):
    # d/dW of lambda/(2m) W^2 ... kept the 2 from the square and forgot the 1/2
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L + 1):
        new[f"dW{l}"] = grads[f"dW{l}"] + 2 * lambd / m * params[f"W{l}"]
    return new


def l2_lambda_times_m(grads, params, lambd, m):
    L = len(params) // 2
    new = {}
    for l in range(1, L + 1):
        new[f"dW{l}"] = grads[f"dW{l}"] + lambd * m * params[f"W{l}"]
        new[f"db{l}"] = grads[f"db{l}"]
    return new


def l2_kept_half(grads, params, lambd, m):
    # copied the factor from the cost without differentiating the square
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L + 1):
        new[f"dW{l}"] = grads[f"dW{l}"] + (lambd / (2 * m)) * params[f"W{l}"]
    return new


def l2_subtracted(grads, params, lambd, m):
    # "weight decay shrinks the weights" -> subtracts the term
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L + 1):
        new[f"dW{l}"] = grads[f"dW{l}"] - lambd / m * params[f"W{l}"]
    return new


def l2_also_on_db(grads, params, lambd, m):
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L + 1):
        new[f"dW{l}"] = grads[f"dW{l}"] + lambd / m * params[f"W{l}"]
        new[f"db{l}"] = grads[f"db{l}"] + lambd / m * params[f"b{l}"]
    return new


def l2_in_place_on_grads(grads, params, lambd, m):
    L = len(params) // 2
    for l in range(1, L + 1):
        grads[f"dW{l}"] += lambd / m * params[f"W{l}"]
    return grads


def l2_shallow_copy_plus_equals(grads, params, lambd, m):
    # copies the dict, but += on the arrays still writes into grads' arrays
    new = grads.copy()
    L = len(params) // 2
    for l in range(1, L + 1):
        new[f"dW{l}"] += lambd / m * params[f"W{l}"]
    return new


def l2_forgets_last_layer(grads, params, lambd, m):
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L):
        new[f"dW{l}"] = grads[f"dW{l}"] + lambd / m * params[f"W{l}"]
    return new


def l2_hardcoded_two_layers(grads, params, lambd, m):
    new = dict(grads)
    new["dW1"] = grads["dW1"] + lambd / m * params["W1"]
    new["dW2"] = grads["dW2"] + lambd / m * params["W2"]
    return new


def l2_only_dW(grads, params, lambd, m):
    L = len(params) // 2
    return {f"dW{l}": grads[f"dW{l}"] + lambd / m * params[f"W{l}"] for l in range(1, L + 1)}


def l2_adds_penalty_value(grads, params, lambd, m):
    # adds the penalty of the cost (a number) instead of its derivative
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L + 1):
        W = params[f"W{l}"]
        new[f"dW{l}"] = grads[f"dW{l}"] + lambd / (2 * m) * np.sum(np.square(W))
    return new


def l2_scales_dW_by_decay(grads, params, lambd, m):
    # confused the weight-decay form of the update with the gradient
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L + 1):
        new[f"dW{l}"] = (1 - lambd / m) * grads[f"dW{l}"]
    return new


def l2_penalty_on_dW(grads, params, lambd, m):
    L = len(params) // 2
    new = dict(grads)
    for l in range(1, L + 1):
        dW = grads[f"dW{l}"]
        new[f"dW{l}"] = dW + lambd / m * dW
    return new


# ============================================================================
# l2_backward: RIGHT answers (unusual but correct)
# ============================================================================


def l2_right_comprehension(grads, params, lambd, m):
    return {
        key: (val + (lambd / m) * params["W" + key[2:]]) if key.startswith("dW") else val for key, val in grads.items()
    }


def l2_right_deepcopy_np_add_out(grads, params, lambd, m):
    new = copy.deepcopy(grads)
    n_layers = len(params) // 2
    for l in range(1, n_layers + 1):
        np.add(new["dW%d" % l], np.multiply(lambd / m, params["W%d" % l]), out=new["dW%d" % l])
    return new


def l2_right_sorted_params_keys(grads, params, lambd, m):
    new = {}
    for k in sorted(grads):
        new[k] = grads[k]
    for k in sorted(params.keys()):
        if k[0] == "W":
            idx = int(k[1:])
            new["dW" + str(idx)] = grads["dW" + str(idx)] + params[k] * lambd / m
    return new


def l2_right_merge_dicts(grads, params, lambd, m):
    L = len(params) // 2
    factor = lambd / float(m)
    decay = {f"dW{l}": grads[f"dW{l}"] + factor * params[f"W{l}"] for l in range(1, L + 1)}
    return {**grads, **decay}


# ============================================================================
# dropout_backward(dA_drop, mask, keep_prob): WRONG answers
# ============================================================================


def do_no_divide(dA_drop, mask, keep_prob):
    dA = dA_drop * mask
    return dA


def do_divide_twice(dA_drop, mask, keep_prob):
    dA = dA_drop * mask / keep_prob
    dA = dA / keep_prob
    return dA


def do_times_keep_prob(dA_drop, mask, keep_prob):
    # "undo the division of the forward pass"
    dA = dA_drop * mask * keep_prob
    return dA


def do_fresh_mask(dA_drop, mask, keep_prob):
    D = (np.random.rand(*dA_drop.shape) < keep_prob).astype(float)
    dA = dA_drop * D / keep_prob
    return dA


def do_one_minus_keep_prob(dA_drop, mask, keep_prob):
    dA = dA_drop * mask / (1 - keep_prob)
    return dA


def do_boolean_indexing(dA_drop, mask, keep_prob):
    dA = dA_drop[mask == 1] / keep_prob
    return dA


def do_returns_local_derivative(dA_drop, mask, keep_prob):
    # dA~/dA = D/p, so returned that
    dA = mask / keep_prob
    return dA


def do_in_place(dA_drop, mask, keep_prob):
    dA_drop *= mask
    dA_drop /= keep_prob
    return dA_drop


def do_inverted_mask(dA_drop, mask, keep_prob):
    dA = dA_drop * (1 - mask) / keep_prob
    return dA


def do_no_mask(dA_drop, mask, keep_prob):
    dA = dA_drop / keep_prob
    return dA


def do_np_dot(dA_drop, mask, keep_prob):
    dA = np.dot(dA_drop, mask.T) / keep_prob
    return dA


def do_divides_by_kept_fraction(dA_drop, mask, keep_prob):
    # uses the fraction actually kept instead of p
    dA = dA_drop * mask / np.mean(mask)
    return dA


def do_returns_tuple(dA_drop, mask, keep_prob):
    dA = dA_drop * mask / keep_prob
    return dA, mask


def do_in_place_no_divide(dA_drop, mask, keep_prob):
    dA_drop *= mask
    return dA_drop


# ============================================================================
# dropout_backward: RIGHT answers (unusual but correct)
# ============================================================================


def do_right_where(dA_drop, mask, keep_prob):
    return np.where(mask != 0, dA_drop / keep_prob, 0.0)


def do_right_multiply_out(dA_drop, mask, keep_prob):
    dA = np.zeros(dA_drop.shape, dtype=float)
    np.multiply(dA_drop, mask, out=dA)
    np.divide(dA, keep_prob, out=dA)
    return dA


def do_right_copy_then_zero(dA_drop, mask, keep_prob):
    dA = np.array(dA_drop, dtype=float, copy=True) / keep_prob
    dA[np.asarray(mask) == 0] = 0.0
    return dA


def do_right_entry_loop(dA_drop, mask, keep_prob):
    dA = np.zeros_like(dA_drop, dtype=float)
    for j, i in np.ndindex(*dA_drop.shape):
        dA[j, i] = dA_drop[j, i] * float(mask[j, i]) * (1.0 / keep_prob)
    return dA


# ============================================================================

ANSWERS = [
    ("l2_backward", "no_over_m", l2_no_over_m, "wrong", "Adds lambd * W to dW, leaving out the division by m."),
    (
        "l2_backward",
        "two_lambda_over_m",
        l2_two_lambda_over_m,
        "wrong",
        "Adds 2 * lambd / m * W, keeping the 2 of the square without the 1/2 that cancels it.",
    ),
    (
        "l2_backward",
        "lambda_times_m",
        l2_lambda_times_m,
        "wrong",
        "Multiplies by m instead of dividing: adds lambd * m * W.",
    ),
    (
        "l2_backward",
        "kept_half",
        l2_kept_half,
        "wrong",
        "Copies the lambd / (2m) factor from the cost and adds lambd / (2m) * W, half the right term.",
    ),
    (
        "l2_backward",
        "subtracted",
        l2_subtracted,
        "wrong",
        "Subtracts lambd / m * W from dW, thinking 'decay' means a minus sign.",
    ),
    (
        "l2_backward",
        "also_on_db",
        l2_also_on_db,
        "wrong",
        "Adds lambd / m * b to db as well, though the biases are not in the penalty.",
    ),
    (
        "l2_backward",
        "in_place_on_grads",
        l2_in_place_on_grads,
        "wrong",
        "Updates grads['dW'] in place with += and returns grads itself rather than a new dict.",
    ),
    (
        "l2_backward",
        "shallow_copy_plus_equals",
        l2_shallow_copy_plus_equals,
        "wrong",
        "Makes a shallow copy of grads, then uses += on its arrays, which also changes the caller's dW arrays.",
    ),
    (
        "l2_backward",
        "forgets_last_layer",
        l2_forgets_last_layer,
        "wrong",
        "Loops over range(1, L), so the last layer's dW gets no penalty term.",
    ),
    (
        "l2_backward",
        "hardcoded_two_layers",
        l2_hardcoded_two_layers,
        "wrong",
        "Hard-codes dW1 and dW2, so layers beyond 2 get no penalty term.",
    ),
    ("l2_backward", "only_dW", l2_only_dW, "wrong", "Returns a dict with only the dW keys, dropping the db gradients."),
    (
        "l2_backward",
        "adds_penalty_value",
        l2_adds_penalty_value,
        "wrong",
        "Adds the scalar penalty lambd/(2m) * sum(W**2) to every entry of dW instead of its derivative.",
    ),
    (
        "l2_backward",
        "scales_dW_by_decay",
        l2_scales_dW_by_decay,
        "wrong",
        "Confuses the weight-decay update with the gradient and returns (1 - lambd/m) * dW.",
    ),
    (
        "l2_backward",
        "penalty_on_dW",
        l2_penalty_on_dW,
        "wrong",
        "Adds lambd / m * dW (the gradient) instead of lambd / m * W (the weights).",
    ),
    (
        "l2_backward",
        "right_comprehension",
        l2_right_comprehension,
        "right",
        "A dict comprehension over grads that adds lambd/m * W to dW keys and keeps the rest.",
    ),
    (
        "l2_backward",
        "right_deepcopy_np_add_out",
        l2_right_deepcopy_np_add_out,
        "right",
        "Deep-copies grads, then adds lambd/m * W into each copied dW with np.add(out=).",
    ),
    (
        "l2_backward",
        "right_sorted_params_keys",
        l2_right_sorted_params_keys,
        "right",
        "Copies grads, then loops over params' sorted W keys, parsing the layer number from the key.",
    ),
    (
        "l2_backward",
        "right_merge_dicts",
        l2_right_merge_dicts,
        "right",
        "Builds the penalised dW's in a comprehension and merges them over grads with {**grads, **decay}.",
    ),
    (
        "dropout_backward",
        "no_divide",
        do_no_divide,
        "wrong",
        "Multiplies by the mask but forgets to divide by keep_prob.",
    ),
    ("dropout_backward", "divide_twice", do_divide_twice, "wrong", "Divides by keep_prob twice."),
    (
        "dropout_backward",
        "times_keep_prob",
        do_times_keep_prob,
        "wrong",
        "Multiplies by keep_prob instead of dividing, to 'undo' the forward scaling.",
    ),
    (
        "dropout_backward",
        "fresh_mask",
        do_fresh_mask,
        "wrong",
        "Draws a new random mask in the backward pass instead of using the forward pass's mask.",
    ),
    (
        "dropout_backward",
        "one_minus_keep_prob",
        do_one_minus_keep_prob,
        "wrong",
        "Divides by 1 - keep_prob (the drop probability) instead of keep_prob.",
    ),
    (
        "dropout_backward",
        "boolean_indexing",
        do_boolean_indexing,
        "wrong",
        "Uses dA_drop[mask == 1] / keep_prob, which returns a flat array of the kept entries, not an (n, m) array.",
    ),
    (
        "dropout_backward",
        "returns_local_derivative",
        do_returns_local_derivative,
        "wrong",
        "Returns mask / keep_prob, the local derivative, without multiplying by dA_drop.",
    ),
    (
        "dropout_backward",
        "in_place",
        do_in_place,
        "wrong",
        "Computes the right values but by modifying dA_drop in place with *= and /=.",
    ),
    (
        "dropout_backward",
        "inverted_mask",
        do_inverted_mask,
        "wrong",
        "Uses (1 - mask), keeping the gradient of the dropped units and zeroing the kept ones.",
    ),
    (
        "dropout_backward",
        "no_mask",
        do_no_mask,
        "wrong",
        "Only divides dA_drop by keep_prob and forgets to apply the mask.",
    ),
    (
        "dropout_backward",
        "np_dot",
        do_np_dot,
        "wrong",
        "Uses the matrix product np.dot(dA_drop, mask.T) instead of the element-wise product.",
    ),
    (
        "dropout_backward",
        "divides_by_kept_fraction",
        do_divides_by_kept_fraction,
        "wrong",
        "Divides by the fraction of units this mask actually kept, np.mean(mask), instead of keep_prob.",
    ),
    (
        "dropout_backward",
        "returns_tuple",
        do_returns_tuple,
        "wrong",
        "Computes dA correctly but returns the tuple (dA, mask).",
    ),
    (
        "dropout_backward",
        "in_place_no_divide",
        do_in_place_no_divide,
        "wrong",
        "Modifies dA_drop in place with *= mask and also forgets to divide by keep_prob.",
    ),
    ("dropout_backward", "right_where", do_right_where, "right", "np.where(mask != 0, dA_drop / keep_prob, 0.0)."),
    (
        "dropout_backward",
        "right_multiply_out",
        do_right_multiply_out,
        "right",
        "np.multiply with out= into a zeros array, then np.divide by keep_prob in place on that new array.",
    ),
    (
        "dropout_backward",
        "right_copy_then_zero",
        do_right_copy_then_zero,
        "right",
        "Copies dA_drop divided by keep_prob, then sets the entries where the mask is 0 to zero.",
    ),
    (
        "dropout_backward",
        "right_entry_loop",
        do_right_entry_loop,
        "right",
        "A double loop over every entry with np.ndindex, multiplying by mask / keep_prob one entry at a time.",
    ),
]


MISTAKES = [(f"l10_{ex}_{label}", ex, fn, said) for ex, label, fn, kind, said in ANSWERS if kind == "wrong"]
RIGHT = [(f"l10_{ex}_{label}", ex, fn, said) for ex, label, fn, kind, said in ANSWERS if kind == "right"]
