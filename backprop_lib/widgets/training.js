// The training explorer's live picture, drawn by the browser on one canvas
// (backprop_lib/widgets/training.py is the Python side, and draws the same panels as a PNG for
// viewers without a kernel). One message per Play tick brings:
//   series  float32: the step, the cost J (and, with a validation set, its cost) and each layer's ||dW||
//           of every step so far;
//   planes  uint8:   P(y = 1) and each drawn hidden unit's output over the plane, as colour indices;
//   grads   float32: dZ[1] and dW[1] at the current step;
//   frame   JSON:    the step and every axis and colour limit (computed once, in Python).
// Static parts (the layout, the examples' coordinates, the colour maps) come once.

const FONT = "11px sans-serif";
const SMALL = "10px sans-serif";

function floats(dv) {
  if (!dv) return new Float32Array(0);
  if (dv instanceof ArrayBuffer) return new Float32Array(dv);
  if (dv.byteOffset % 4 === 0) return new Float32Array(dv.buffer, dv.byteOffset, dv.byteLength / 4);
  return new Float32Array(dv.buffer.slice(dv.byteOffset, dv.byteOffset + dv.byteLength));
}

function bytes(dv) {
  if (!dv) return new Uint8Array(0);
  if (dv instanceof ArrayBuffer) return new Uint8Array(dv);
  return new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength);
}

function niceStep(span, n) {
  const raw = span / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return p * (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10);
}

function linearTicks(lo, hi, n) {
  if (!(hi > lo)) return [lo];
  const s = niceStep(hi - lo, n);
  const out = [];
  for (let v = Math.ceil(lo / s) * s; v <= hi + 1e-9 * s; v += s) out.push(+v.toPrecision(10));
  return out;
}

function logTicks(lo, hi) {
  const all = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const mant of [1, 2, 5]) {
      const v = mant * 10 ** e;
      if (v >= lo && v <= hi) all.push(v);
    }
  }
  const decades = all.filter((v) => v.toExponential(0).startsWith("1e"));
  return decades.length >= 2 ? decades : all;
}

const tickText = (v) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(0) : String(v));

// a panel with axes: x and y map data to pixels; the frame, the ticks and the labels are drawn
function axes(ctx, box, xlim, ylim, { log = false, title = "", xlabel = "", ylabel = "" } = {}) {
  const f = log ? Math.log10 : (v) => v;
  const [y0, y1] = [f(ylim[0]), f(ylim[1])];
  const x = (v) => box.x + ((v - xlim[0]) / (xlim[1] - xlim[0] || 1)) * box.w;
  const y = (v) => box.y + box.h - ((f(v) - y0) / (y1 - y0 || 1)) * box.h;
  ctx.strokeStyle = "#333";
  ctx.lineWidth = 1;
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w, box.h);
  ctx.fillStyle = "#222";
  ctx.font = SMALL;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of linearTicks(xlim[0], xlim[1], 4)) {
    const px = Math.round(x(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, box.y + box.h);
    ctx.lineTo(px, box.y + box.h + 4);
    ctx.stroke();
    ctx.fillText(tickText(t), px, box.y + box.h + 5);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of log ? logTicks(ylim[0], ylim[1]) : linearTicks(ylim[0], ylim[1], 4)) {
    const py = Math.round(y(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(box.x - 4, py);
    ctx.lineTo(box.x, py);
    ctx.stroke();
    ctx.fillText(log ? t.toExponential(0) : tickText(t), box.x - 6, py);
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.font = FONT;
  if (title) ctx.fillText(title, box.x + box.w / 2, box.y - 4);
  ctx.font = SMALL;
  ctx.textBaseline = "top";
  if (xlabel) ctx.fillText(xlabel, box.x + box.w / 2, box.y + box.h + 17);
  if (ylabel) {
    ctx.save();
    ctx.translate(box.x - 34, box.y + box.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(ylabel, 0, 0);
    ctx.restore();
  }
  return { x, y };
}

function line(ctx, box, map, xs, ys, n, colour) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.w, box.h);
  ctx.clip();
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1.5;
  if (n === 1) {
    ctx.beginPath();
    ctx.arc(map.x(xs[0]), map.y(ys[0]), 3, 0, 2 * Math.PI); // a curve of one point: show the point
    ctx.fill();
  } else {
    ctx.beginPath();
    for (let k = 0; k < n; k++) {
      if (k === 0) ctx.moveTo(map.x(xs[k]), map.y(ys[k]));
      else ctx.lineTo(map.x(xs[k]), map.y(ys[k]));
    }
    ctx.stroke();
  }
  ctx.restore();
}

// colour indices (0..255, row 0 at the bottom: y grows upwards) drawn over a box, faded to white by `alpha`
function plane(ctx, box, idx, offset, gh, gw, lut, alpha, scratch) {
  scratch.width = gw;
  scratch.height = gh;
  const sctx = scratch.getContext("2d");
  const img = sctx.createImageData(gw, gh);
  const px = img.data;
  for (let r = 0; r < gh; r++) {
    const dest = (gh - 1 - r) * gw;
    for (let c = 0; c < gw; c++) {
      const q = 3 * idx[offset + r * gw + c];
      const k = 4 * (dest + c);
      px[k] = alpha * lut[q] + (1 - alpha) * 255;
      px[k + 1] = alpha * lut[q + 1] + (1 - alpha) * 255;
      px[k + 2] = alpha * lut[q + 2] + (1 - alpha) * 255;
      px[k + 3] = 255;
    }
  }
  sctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(scratch, box.x, box.y, box.w, box.h);
  ctx.strokeStyle = "#333";
  ctx.lineWidth = 1;
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w, box.h);
}

// a matrix (rows x cols, float32 from `offset`) as a heatmap with colour limits -top..top, no smoothing
function matrix(ctx, box, V, offset, rows, cols, top, lut, scratch) {
  scratch.width = cols;
  scratch.height = rows;
  const sctx = scratch.getContext("2d");
  const img = sctx.createImageData(cols, rows);
  const px = img.data;
  for (let k = 0; k < rows * cols; k++) {
    const t = Math.max(-1, Math.min(1, V[offset + k] / top));
    const q = 3 * Math.round((t + 1) * 127.5);
    px[4 * k] = lut[q];
    px[4 * k + 1] = lut[q + 1];
    px[4 * k + 2] = lut[q + 2];
    px[4 * k + 3] = 255;
  }
  sctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, box.x, box.y, box.w, box.h);
  ctx.strokeStyle = "#333";
  ctx.lineWidth = 1;
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w, box.h);
}

function layout(setup) {
  const W = 800;
  const top = { y: 26, h: 190 };
  const panel = (k) => ({ x: 60 + k * 255, y: top.y, w: 195, h: top.h });
  const n = setup.n_maps;
  const size = Math.min(96, Math.floor((W - 90) / Math.max(6, n)) - 12);
  const unitsY = top.y + top.h + 66;
  const units = Array.from({ length: n }, (_, j) => ({ x: 90 + j * (size + 12), y: unitsY, w: size, h: size }));
  const gradY = unitsY + size + 46;
  const gh = Math.max(40, Math.min(140, 14 * setup.n1));
  return {
    W,
    H: gradY + gh + 40,
    cost: panel(0),
    plane: panel(1),
    norm: panel(2),
    units,
    dZ: { x: 60, y: gradY, w: 450, h: gh },
    dW: { x: 600, y: gradY, w: Math.max(30, 22 * setup.n0), h: gh },
  };
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "bp-training";
  root.style.fontFamily = "sans-serif";
  const status = document.createElement("div");
  status.className = "bp-status";
  status.style.font = "12px monospace";
  status.setAttribute("aria-live", "polite");
  const warning = document.createElement("div");
  warning.className = "bp-warning";
  warning.style.cssText = "font:12px monospace;color:#b91c1c";
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  root.append(status, warning, canvas);
  el.appendChild(root);
  const scratch = document.createElement("canvas");
  let drawn = 0;
  let queued = false;

  function draw() {
    queued = false;
    const setup = model.get("setup");
    const frame = model.get("frame");
    if (!setup || !setup.n1 || !frame || frame.k === undefined) return;
    const L = setup.layers;
    const box = layout(setup);
    if (canvas.width !== box.W) canvas.width = box.W;
    if (canvas.height !== box.H) canvas.height = box.H;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, box.W, box.H);
    const lut = bytes(model.get("lut"));
    const lutUnits = bytes(model.get("lut_units"));

    // the cost and the gradient norms, one point per step
    const S = floats(model.get("series"));
    const V = setup.val ? 1 : 0; // a validation cost after the training cost
    const N = S.length / (2 + V + L);
    const steps = S.subarray(0, N);
    const costs = S.subarray(N, 2 * N);
    let map = axes(ctx, box.cost, frame.xlim, frame.cost_ylim, { title: "cost J", xlabel: "step", ylabel: "J" });
    line(ctx, box.cost, map, steps, costs, N, "#b91c1c");
    if (V) {
      line(ctx, box.cost, map, steps, S.subarray(2 * N, 3 * N), N, setup.val_colour);
      ctx.font = SMALL;
      ctx.textAlign = "right";
      ctx.textBaseline = "top";
      ctx.fillStyle = "#b91c1c";
      ctx.fillText("training", box.cost.x + box.cost.w - 4, box.cost.y + 4);
      ctx.fillStyle = setup.val_colour;
      ctx.fillText("validation", box.cost.x + box.cost.w - 4, box.cost.y + 17);
    }
    map = axes(ctx, box.norm, frame.xlim, frame.norm_ylim, { log: true, title: "gradient norms ||dW[l]||", xlabel: "step" });
    ctx.font = SMALL;
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    for (let l = 0; l < L; l++) {
      const colour = setup.colours[l % setup.colours.length];
      line(ctx, box.norm, map, steps, S.subarray((2 + V + l) * N, (3 + V + l) * N), N, colour);
      ctx.fillStyle = colour;
      ctx.fillText(`dW[${l + 1}]`, box.norm.x + box.norm.w - 4, box.norm.y + 4 + 13 * l);
    }

    // the plane: P(y = 1), the examples, each hidden unit
    const P = bytes(model.get("planes"));
    const [gh, gw] = setup.grid;
    plane(ctx, box.plane, P, 0, gh, gw, lut, 0.55, scratch);
    const pts = floats(model.get("points"));
    const m = setup.m;
    const [x0, x1, y0, y1] = setup.extent;
    const b = box.plane;
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = "#fff";
    for (let i = 0; i < m; i++) {
      const px = b.x + ((pts[i] - x0) / (x1 - x0)) * b.w;
      const py = b.y + b.h - ((pts[m + i] - y0) / (y1 - y0)) * b.h;
      ctx.fillStyle = pts[2 * m + i] > 0 ? "#8b0000" : "#08306b"; // class 1 dark red, class 0 dark blue
      ctx.beginPath();
      ctx.arc(px, py, 2.2, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.fillStyle = "#222";
    ctx.font = FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText("decision boundary (colour: P(y = 1))", b.x + b.w / 2, b.y - 4);
    box.units.forEach((u, j) => {
      plane(ctx, u, P, (j + 1) * gh * gw, gh, gw, lutUnits, 1, scratch);
      ctx.fillStyle = "#222";
      ctx.font = SMALL;
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      ctx.fillText(`unit ${j}: A[1][${j}]`, u.x + u.w / 2, u.y - 3);
    });
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    setup.units_label.forEach((text, k) => ctx.fillText(text, box.units[0].x - 6, box.units[0].y + 13 * k));

    // the gradients the next step will use
    const G = floats(model.get("grads"));
    const n1 = setup.n1;
    matrix(ctx, box.dZ, G, 0, n1, m, frame.dZ_top, lut, scratch);
    matrix(ctx, box.dW, G, n1 * m, n1, setup.n0, frame.dW_top, lut, scratch);
    ctx.fillStyle = "#222";
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    ctx.fillText(`dZ[1], one column per example, step ${frame.k}, colours ±${frame.dZ_top.toExponential(1)}`, box.dZ.x, box.dZ.y - 4);
    ctx.fillText(`dW[1] step ${frame.k}, colours ±${frame.dW_top.toExponential(1)}`, box.dW.x, box.dW.y - 4);
    ctx.textBaseline = "top";
    ctx.fillText(`example i (m = ${m})`, box.dZ.x, box.dZ.y + box.dZ.h + 4);
    ctx.fillText("feature", box.dW.x, box.dW.y + box.dW.h + 4);
    ctx.textAlign = "right";
    ctx.fillText("unit", box.dZ.x - 6, box.dZ.y);

    status.textContent = model.get("status");
    warning.textContent = model.get("warning");
    canvas.setAttribute("aria-label", model.get("status"));
    root.dataset.drawn = String(++drawn); // one attribute change per repaint (tests and benchmarks watch it)
  }

  function schedule() {
    if (queued) return;
    queued = true;
    queueMicrotask(draw); // the traits of one message: one repaint
  }

  for (const name of ["setup", "points", "lut", "lut_units", "series", "planes", "grads", "frame", "status", "warning"]) {
    model.on(`change:${name}`, schedule);
  }
  draw();
}

export default { render };
