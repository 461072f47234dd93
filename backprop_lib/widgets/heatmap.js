// The heatmaps of one explorer, drawn on canvases (backprop_lib/widgets/heatmap.py is the Python side).
// Values arrive as one float32 buffer (a DataView); everything else as small JSON traits.
// Hover: name, indices, value, formula. Click or Enter: {type: "select"} to Python.
// Editable maps (W, b): drag up/down or Shift+Up/Down: {type: "nudge", steps} to Python, one message
// per change. Each map is an ARIA grid: arrow keys move the active entry.
// Text colours are JupyterLab's theme variables (the same in Notebook 7), with light-theme greys elsewhere.

const CSS = `
.bp-hmw{font-family:sans-serif;position:relative}
.bp-hmw .bp-row{display:flex;flex-wrap:wrap;gap:14px 18px;align-items:flex-start}
.bp-hmw .bp-caption:not(:empty){margin:2px 0 8px 0}
.bp-hmw .bp-hm{font-size:11px;line-height:1.25}
.bp-hmw .t{font-size:13px;font-weight:600;white-space:nowrap}
.bp-hmw .s{font-family:monospace;color:var(--jp-content-font-color1,#333);white-space:nowrap}
.bp-hmw .n{color:var(--jp-content-font-color2,#555);max-width:330px}
.bp-hmw .m{background:#fde68a;color:#111;border-radius:3px;padding:0 3px}
.bp-hmw .bp-grid{display:inline-block;margin:2px 0;outline:none;line-height:0}
.bp-hmw .bp-grid:focus-visible{box-shadow:0 0 0 2px #2563eb}
.bp-hmw .bp-grid.edit canvas{cursor:ns-resize}
.bp-hmw .bp-grid canvas{cursor:pointer;touch-action:none}
.bp-hmw .bp-op{font-size:22px;align-self:center;color:var(--jp-content-font-color1,#444)}
.bp-hmw .bp-eq{display:flex;flex-wrap:wrap;gap:14px 12px;align-items:flex-start;flex-basis:100%}
.bp-hmw .bp-seg{display:flex;flex-wrap:nowrap;gap:14px 12px;align-items:flex-start;flex:none}
.bp-hmw .bp-seg>*{flex:none}
.bp-hmw .bp-eq .s{white-space:normal}
.bp-hmw .bp-sum{font-family:monospace;font-size:12px;white-space:pre-wrap;margin:6px 0 0 0}
.bp-hmw .bp-status{font-family:monospace;font-size:12px}
.bp-hmw .bp-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.bp-hmw .bp-tip{position:absolute;z-index:1000;background:#111;color:#fff;font:11px/1.35 monospace;padding:4px 6px;
  border-radius:4px;pointer-events:none;white-space:pre;max-width:520px}
`;

const SMALL_ROWS = 12, SMALL_COLS = 16; // up to this size every entry shows its value
const PX_PER_STEP = 6; // drag distance for one step of a weight

let uid = 0;

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

function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value); // no needless DOM mutation
}

function fmt(v, digits) {
  if (Number.isNaN(v)) return "not computed yet";
  const text = digits === 0 ? v.toExponential(0) : v.toFixed(digits);
  // a tiny negative prints as 0.00, not -0.00 (as plots.cell_text does for the HTML and PNG maps)
  return text.startsWith("-") && Number(text) === 0 ? text.slice(1) : text;
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "bp-hmw";
  root.setAttribute("data-lm-suppress-shortcuts", "true"); // Notebook 7: leave our keys alone
  const style = document.createElement("style");
  style.textContent = CSS;
  const status = document.createElement("div");
  status.className = "bp-status";
  const row = document.createElement("div");
  row.className = "bp-row";
  const caption = document.createElement("div");
  caption.className = "bp-caption";
  const explain = document.createElement("pre");
  explain.className = "bp-sum bp-explain";
  explain.setAttribute("aria-live", "polite");
  const tip = document.createElement("div");
  tip.className = "bp-tip";
  tip.style.display = "none";
  root.append(style, status, caption, row, explain, tip); // the caption (a step, a formula) is read first
  el.appendChild(root);

  let maps = [];
  let lut = bytes(model.get("lut"));
  let drawn = 0;
  let lastCaption = null;
  let dirtyLayout = true;
  let queued = false;

  const values = () => floats(model.get("values"));
  const valueAt = (mp, i, j) => values()[mp.meta.offset + i * mp.meta.shape[1] + j];

  function cellLabel(mp) {
    const { name, shape, editable } = mp.meta;
    const [i, j] = mp.active;
    const v = valueAt(mp, i, j);
    return (
      `${name} row ${i}, column ${j}: ${fmt(v, 4)}. Shape (${shape[0]}, ${shape[1]}).` +
      (editable ? " Shift+Up or Shift+Down changes it by one step." : "") +
      " Enter explains it."
    );
  }

  function build() {
    row.replaceChildren();
    maps = [];
    // An equation (the map before the first operator, the operators and every map after them) starts a line
    // and stays on it: fit() shrinks its maps when the line is too narrow, and where even 75 % is too wide it
    // breaks before an "=", never inside a product. The maps before it (the editable W and b) wrap one by one.
    // The operator "\n" (heatmap.LINE) starts a new line (a layer of the BackwardStepper), fitted as an equation
    // is; a line without an operator may break between its maps where even 75 % is too wide.
    const lines = [[]];
    for (const meta of model.get("maps")) {
      if (meta.op === "\n") lines.push([]);
      else lines[lines.length - 1].push(meta);
    }
    lines.forEach((line, n) => {
      const firstOp = line.findIndex((meta) => meta.op !== undefined);
      const eqFrom = n > 0 ? 0 : firstOp < 0 ? line.length : firstOp > 0 && line[firstOp - 1].op === undefined ? firstOp - 1 : firstOp;
      const eq = document.createElement("div");
      eq.className = "bp-eq";
      let seg = null; // the part of the equation up to the next "="
      const segment = () => {
        seg = document.createElement("div");
        seg.className = "bp-seg";
        eq.appendChild(seg);
        return seg;
      };
      const loose = firstOp < 0; // a line of maps with no operator may break between any two of them
      line.forEach((meta, index) =>
        place(meta, index < eqFrom ? row : !seg || loose || meta.op === "=" ? segment() : seg),
      );
      if (eq.childElementCount) row.appendChild(eq);
    });
    dirtyLayout = false;
    fit();
  }

  function place(meta, into) {
    if (meta.op !== undefined) {
      const op = document.createElement("div");
      op.className = "bp-op";
      op.textContent = meta.op;
      into.appendChild(op);
      return;
    }
    const [r, c] = meta.shape;
    const small = r <= SMALL_ROWS && c <= SMALL_COLS;
    const cw = small ? 36 : Math.max(1, Math.min(9, Math.floor(520 / c)));
    const ch = small ? 18 : Math.max(1, Math.min(9, Math.floor(300 / r)));
    const box = document.createElement("div");
    box.className = "bp-hm";
    box.dataset.name = meta.name;
    const t = document.createElement("div");
    t.className = "t";
    t.textContent = meta.name;
    const s = document.createElement("div");
    s.className = "s";
    s.textContent = meta.shape_text;
    const grid = document.createElement("div");
    grid.className = "bp-grid" + (meta.editable ? " edit" : "");
    grid.tabIndex = 0;
    // Lumino checks the attribute on the focused element itself first: a command-mode selector
    // such as ":focus" would otherwise match the grid before the walk up reaches the root
    grid.setAttribute("data-lm-suppress-shortcuts", "true");
    grid.setAttribute("role", "grid");
    grid.setAttribute("aria-label", `${meta.name}, shape (${r}, ${c})` + (meta.editable ? ", editable" : ""));
    grid.setAttribute("aria-rowcount", String(r));
    grid.setAttribute("aria-colcount", String(c));
    const canvas = document.createElement("canvas");
    canvas.width = c * cw;
    canvas.height = r * ch;
    canvas.setAttribute("aria-hidden", "true");
    const srRow = document.createElement("div");
    srRow.className = "bp-sr";
    srRow.setAttribute("role", "row");
    const cell = document.createElement("div");
    cell.setAttribute("role", "gridcell");
    cell.id = `bp-hm-cell-${++uid}`;
    srRow.appendChild(cell);
    grid.setAttribute("aria-activedescendant", cell.id);
    grid.append(canvas, srRow);
    const labels = document.createElement("div");
    labels.className = "n";
    labels.textContent = `rows: ${meta.rows}; columns: ${meta.cols}`;
    if (meta.m) {
      const mtag = document.createElement("span");
      mtag.className = "m";
      mtag.textContent = "m";
      labels.append(" ", mtag);
    }
    box.append(t, s, grid, labels);
    if (meta.note) {
      const note = document.createElement("div");
      note.className = "n";
      note.textContent = meta.note;
      box.appendChild(note);
    }
    into.appendChild(box);
    const off = document.createElement("canvas");
    off.width = c;
    off.height = r;
    const mp = { meta, canvas, ctx: canvas.getContext("2d"), off, offCtx: off.getContext("2d"), cw, ch, small, grid, cell, active: [0, 0], focused: false };
    wire(mp);
    maps.push(mp);
  }

  let fitted = 0; // the line width the equation was last fitted to

  function fit() {
    // the equations' maps at their own size, or smaller (down to 75 %, one scale for every line of the explorer)
    // when a line is too wide; the labels under a map wrap at its width
    const eqs = [...row.querySelectorAll(".bp-eq")];
    if (!eqs.length) return;
    const boxes = eqs.flatMap((eq) => [...eq.querySelectorAll(".bp-hm")]);
    let scale = 1;
    for (const eq of eqs) eq.style.flexWrap = "nowrap"; // measured on one line
    for (let pass = 0; pass < 4; pass++) { // the titles and labels do not shrink with the maps: measure again
      for (const box of boxes) {
        const cv = box.querySelector("canvas");
        const w = Math.round(cv.width * scale);
        cv.style.width = `${w}px`;
        cv.style.height = `${Math.round(cv.height * scale)}px`;
        for (const n of box.querySelectorAll(".n, .s")) n.style.maxWidth = `${Math.max(120, w)}px`;
      }
      const room = row.clientWidth, need = Math.max(...eqs.map((eq) => eq.scrollWidth));
      fitted = room;
      if (!room || need <= room) break;
      scale = Math.max(0.75, scale * (room / need) - 0.01);
    }
    for (const eq of eqs) {
      eq.style.flexWrap = "";
      eq.dataset.scale = scale.toFixed(2);
    }
  }

  function lit(hl, r, c) {
    // a Uint8Array r*c: 1 where the entry is lit, or null when nothing is
    if (!hl) return null;
    const rows = hl.rows || [], cols = hl.cols || [], cells = hl.cells || [];
    if (!rows.length && !cols.length && !cells.length) return null;
    const on = new Uint8Array(r * c);
    for (const i of rows) if (i < r) on.fill(1, i * c, (i + 1) * c);
    for (const j of cols) if (j < c) for (let i = 0; i < r; i++) on[i * c + j] = 1;
    for (const [i, j] of cells) if (i < r && j < c) on[i * c + j] = 1;
    return on;
  }

  function paint(mp, V, highlight, selected) {
    const { meta, ctx, off, offCtx, cw, ch } = mp;
    const [r, c] = meta.shape;
    const vmax = meta.vmax > 0 && Number.isFinite(meta.vmax) ? meta.vmax : 1; // a colour limit is > 0
    const hl = highlight[meta.name];
    const on = lit(hl, r, c);
    const img = offCtx.createImageData(c, r);
    const px = img.data;
    const base = meta.offset;
    for (let k = 0; k < r * c; k++) {
      const v = V[base + k];
      let R = 229, G = 229, B = 229;
      if (!Number.isNaN(v)) {
        const t = Math.max(-1, Math.min(1, v / vmax));
        const q = 3 * Math.round((t + 1) * 127.5);
        R = lut[q]; G = lut[q + 1]; B = lut[q + 2];
      }
      if (on && !on[k]) { R = 0.3 * R + 178; G = 0.3 * G + 178; B = 0.3 * B + 178; }
      px[4 * k] = R; px[4 * k + 1] = G; px[4 * k + 2] = B; px[4 * k + 3] = 255;
    }
    offCtx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, c * cw, r * ch);
    if (mp.small) {
      ctx.font = "10px monospace";
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < c; j++) {
          const v = V[base + i * c + j];
          if (Number.isNaN(v)) continue;
          const t = Math.max(-1, Math.min(1, v / vmax));
          const q = 3 * Math.round((t + 1) * 127.5);
          const lum = (0.299 * lut[q] + 0.587 * lut[q + 1] + 0.114 * lut[q + 2]) / 255;
          ctx.fillStyle = lum < 0.5 && !(on && !on[i * c + j]) ? "#fff" : "#111";
          ctx.fillText(fmt(v, meta.digits), (j + 1) * cw - 3, i * ch + ch / 2 + 1);
        }
      }
    }
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#111";
    if (hl) {
      for (const i of hl.rows || []) ctx.strokeRect(1, i * ch + 1, c * cw - 2, ch - 2);
      for (const j of hl.cols || []) ctx.strokeRect(j * cw + 1, 1, cw - 2, r * ch - 2);
      for (const [i, j] of hl.cells || []) ctx.strokeRect(j * cw + 1, i * ch + 1, Math.max(1, cw - 2), Math.max(1, ch - 2));
    }
    if (selected.length === 3 && selected[0] === meta.name) {
      const [, i, j] = selected;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "#f59e0b";
      ctx.strokeRect(j * cw - 1, i * ch - 1, cw + 2, ch + 2);
    }
    if (mp.focused) {
      const [i, j] = mp.active;
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 2]);
      ctx.strokeStyle = "#2563eb";
      ctx.strokeRect(j * cw + 0.5, i * ch + 0.5, Math.max(1, cw - 1), Math.max(1, ch - 1));
      ctx.setLineDash([]);
    }
    setAttr(mp.cell, "aria-rowindex", String(mp.active[0] + 1));
    setAttr(mp.cell, "aria-colindex", String(mp.active[1] + 1));
    setAttr(mp.cell, "aria-label", cellLabel(mp));
  }

  function draw() {
    queued = false;
    if (dirtyLayout) build();
    lut = bytes(model.get("lut"));
    const V = values();
    const highlight = model.get("highlight") || {};
    const selected = model.get("selected") || [];
    for (const mp of maps) paint(mp, V, highlight, selected);
    status.textContent = model.get("status");
    const cap = model.get("caption");
    if (cap !== lastCaption) {
      caption.innerHTML = cap;
      lastCaption = cap;
    }
    const text = model.get("explanation");
    explain.textContent = text;
    explain.style.display = text ? "" : "none";
    if (row.clientWidth !== fitted) fit(); // first shown, or the line's width changed since
    row.dataset.drawn = String(++drawn); // one attribute change per repaint (tests and benchmarks watch it)
  }

  function schedule() {
    if (queued) return;
    queued = true;
    queueMicrotask(draw); // several traits of one message: one repaint
  }

  function repaintOne(mp) {
    paint(mp, values(), model.get("highlight") || {}, model.get("selected") || []);
  }

  function entryAt(mp, ev) {
    const rect = mp.canvas.getBoundingClientRect();
    const [r, c] = mp.meta.shape;
    const j = Math.min(c - 1, Math.max(0, Math.floor(((ev.clientX - rect.left) * mp.canvas.width) / rect.width / mp.cw)));
    const i = Math.min(r - 1, Math.max(0, Math.floor(((ev.clientY - rect.top) * mp.canvas.height) / rect.height / mp.ch)));
    return [i, j];
  }

  const select = (mp, i, j) => model.send({ type: "select", map: mp.meta.name, i, j });
  const nudge = (mp, i, j, steps) => model.send({ type: "nudge", map: mp.meta.name, i, j, steps });

  function showTip(mp, i, j, ev) {
    const v = valueAt(mp, i, j);
    const { name, formula, shape, editable } = mp.meta;
    let text = `${name}[${i}, ${j}] = ${fmt(v, 4)}    shape (${shape[0]}, ${shape[1]})`;
    if (formula) text += "\n" + formula.replaceAll("{r}", String(i)).replaceAll("{c}", String(j));
    text += editable ? "\nclick: explain; drag up or down: change it" : "\nclick: explain";
    tip.textContent = text;
    tip.style.display = "";
    const box = root.getBoundingClientRect(); // relative to the widget: right under any transformed ancestor
    tip.style.left = `${ev.clientX - box.left + 14}px`;
    tip.style.top = `${ev.clientY - box.top + 14}px`;
  }

  function wire(mp) {
    const { canvas, grid } = mp;
    let drag = null;
    canvas.addEventListener("pointerdown", (ev) => {
      if (ev.button !== 0) return;
      const [i, j] = entryAt(mp, ev);
      drag = { i, j, y: ev.clientY, sent: 0, moved: false, id: ev.pointerId };
      tip.style.display = "none";
      canvas.setPointerCapture(ev.pointerId);
      mp.active = [i, j];
      grid.focus({ preventScroll: true });
      ev.preventDefault();
    });
    canvas.addEventListener("pointermove", (ev) => {
      if (!drag) {
        const [i, j] = entryAt(mp, ev);
        showTip(mp, i, j, ev);
        return;
      }
      const dy = drag.y - ev.clientY;
      if (Math.abs(dy) > 3) drag.moved = true;
      if (!mp.meta.editable) return;
      const steps = Math.trunc(dy / PX_PER_STEP);
      if (steps !== drag.sent) {
        nudge(mp, drag.i, drag.j, steps - drag.sent);
        drag.sent = steps;
      }
    });
    const end = (ev) => {
      if (!drag) return;
      const d = drag;
      drag = null;
      if (canvas.hasPointerCapture(d.id)) canvas.releasePointerCapture(d.id);
      if (ev.type === "pointerup" && !d.moved) select(mp, d.i, d.j);
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", () => { tip.style.display = "none"; });
    grid.addEventListener("focus", () => { mp.focused = true; repaintOne(mp); });
    grid.addEventListener("blur", () => { mp.focused = false; repaintOne(mp); });
    grid.addEventListener("keydown", (ev) => {
      tip.style.display = "none";
      const [r, c] = mp.meta.shape;
      let [i, j] = mp.active;
      let handled = true;
      if (ev.shiftKey && (ev.key === "ArrowUp" || ev.key === "ArrowDown")) {
        if (mp.meta.editable) nudge(mp, i, j, ev.key === "ArrowUp" ? 1 : -1);
      } else if (ev.key === "+" && mp.meta.editable) nudge(mp, i, j, 1);
      else if (ev.key === "-" && mp.meta.editable) nudge(mp, i, j, -1);
      else if (ev.key === "ArrowUp") i = Math.max(0, i - 1);
      else if (ev.key === "ArrowDown") i = Math.min(r - 1, i + 1);
      else if (ev.key === "ArrowLeft") j = Math.max(0, j - 1);
      else if (ev.key === "ArrowRight") j = Math.min(c - 1, j + 1);
      else if (ev.key === "Home") j = 0;
      else if (ev.key === "End") j = c - 1;
      else if (ev.key === "Enter" || ev.key === " ") select(mp, i, j);
      else handled = false;
      if (!handled) return;
      ev.preventDefault();
      ev.stopPropagation();
      if (i !== mp.active[0] || j !== mp.active[1]) {
        mp.active = [i, j];
        repaintOne(mp);
      }
    });
  }

  model.on("change:maps", () => { dirtyLayout = true; schedule(); });
  const resized = new ResizeObserver(() => { // shown at last, the file browser opened or closed, the window resized
    if (row.clientWidth !== fitted) requestAnimationFrame(fit);
  });
  resized.observe(row);
  for (const name of ["values", "highlight", "selected", "caption", "explanation", "status", "lut"]) {
    model.on(`change:${name}`, schedule);
  }
  draw();
  return () => {
    resized.disconnect();
    tip.remove();
  };
}

export default { render };
