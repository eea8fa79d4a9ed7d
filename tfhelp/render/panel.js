// tfhelp: the front end of the help panel (an anywidget module; kernel side: widgets.py).
//
// The kernel sends the current page as static HTML (`html`, escaped by tfhelp.render.html) and
// the interface words (`labels`); this module shows it and wires the elements marked with
// `data-action` (the buttons tfhelp.render.html adds with `actions=True`):
//   run          (data-snippet) -> message {action: "run", snippet}; the result comes in `runs`
//   insert       (data-snippet) -> a new code cell below the panel's cell (or the clipboard)
//   insert-fixed (data-record)  -> the same with the user's fixed cell (`code["fixed:<record>"]`)
//   replace      (data-record)  -> the panel's cell gets the fixed code (added here, beside
//                                  each insert-fixed)
//   open         (data-record)  -> message {action: "open", record}; the kernel sends the page
//   back, lang   (data-lang)    -> message {action: "back"} / {action: "lang", lang}
// Text from the kernel is set with textContent, never as HTML, except `html` itself.
//
// The cell is found in the notebook document (`widget_manager.context.model.sharedModel`, the
// same call JupyterLab's own commands use) by the panel's model id among the cells' outputs, or
// by the cell node the panel sits in. What Insert did is written to the button's `data-result`:
// 'cell', 'replaced', 'clipboard' or 'failed'.
//
// Scrolling: when a panel first appears, its head (title and summary) is scrolled into view
// ('nearest': also inside Notebook 7's scrolled output box); after a navigation, its title.

const CSS = `
.tfhelp-live{color:var(--jp-content-font-color1,inherit)}
.tfhelp-live .tfhelp-tools{float:right;display:inline-flex;gap:6px;margin-left:8px}
.tfhelp-live button.tfhelp-btn{font:inherit;font-size:12px;line-height:1.4;cursor:pointer;
 padding:1px 10px;border-radius:3px;border:1px solid var(--jp-border-color1,#bbb);
 background:var(--jp-layout-color2,#eee);color:var(--jp-ui-font-color1,#222)}
.tfhelp-live button.tfhelp-btn:hover{background:var(--jp-layout-color3,#ddd)}
.tfhelp-live button.tfhelp-btn:disabled{opacity:.6;cursor:default}
.tfhelp-live button.tfhelp-btn[hidden]{display:none}
.tfhelp-live .tfhelp-actions{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:3px 0}
.tfhelp-live .tfhelp-run-status,.tfhelp-live .tfhelp-insert-status{font-size:12px;
 color:var(--jp-ui-font-color2,#555)}
.tfhelp-live pre.tfhelp-run-output{margin:3px 0;padding:4px 6px;max-height:240px;overflow:auto;
 font-family:var(--jp-code-font-family,monospace);font-size:12px;white-space:pre-wrap;
 background:var(--jp-cell-editor-background,#f7f7f7);color:var(--jp-content-font-color1,#222);
 border:1px solid var(--jp-border-color2,#ddd)}
.tfhelp-live pre.tfhelp-run-output:empty{display:none}
.tfhelp-live pre.tfhelp-run-output .tfhelp-stderr{color:var(--jp-error-color1,#c62828)}
`;

function notebookDocument(model) {
  try {
    const manager = model.widget_manager;
    const context = manager && manager.context;
    const doc = context && context.model && context.model.sharedModel;
    if (doc && typeof doc.insertCell === "function" && Array.isArray(doc.cells)) {
      return doc;
    }
  } catch (err) {
    // not a notebook front end we know: fall back to the clipboard
  }
  return null;
}

function cellIndexHolding(doc, anchor, el) {
  for (let i = 0; anchor && i < doc.cells.length; i++) {
    const cell = doc.cells[i];
    if (cell.cell_type !== "code") {
      continue;
    }
    let outputs = [];
    try {
      outputs = typeof cell.getOutputs === "function" ? cell.getOutputs() : cell.toJSON().outputs;
    } catch (err) {
      outputs = [];
    }
    if (JSON.stringify(outputs || []).includes(anchor)) {
      return i;
    }
  }
  // Not a direct output of a cell (e.g. inside an Output widget): use the position JupyterLab's
  // windowed notebook writes on each cell node.
  const host = el.closest(".jp-Cell[data-windowed-list-index]");
  const index = host ? parseInt(host.dataset.windowedListIndex, 10) : -1;
  return Number.isInteger(index) && index >= 0 && index < doc.cells.length ? index : -1;
}

async function copyText(text, el) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch (err) {
    // permission refused: try the older way below
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  el.appendChild(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand("copy");
  } catch (err) {
    done = false;
  }
  area.remove();
  return done;
}

function button(cls, action, snippet, record) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `tfhelp-btn ${cls}`;
  b.dataset.action = action;
  if (snippet !== undefined) {
    b.dataset.snippet = snippet;
  }
  if (record !== undefined) {
    b.dataset.record = record;
  }
  return b;
}

// The code a button inserts: a snippet's, or the user's fixed cell (by its record).
function codeFor(model, target) {
  const code = model.get("code") || {};
  const key = target.dataset.snippet ? target.dataset.snippet : `fixed:${target.dataset.record}`;
  return code[key];
}

function render({ model, el }) {
  el.classList.add("tfhelp-live");
  const style = document.createElement("style");
  style.textContent = CSS;
  const body = document.createElement("div");
  el.append(style, body);
  const doc = notebookDocument(model);
  const words = (key) => (model.get("labels") || {})[key] || key;

  function statusFor(target) {
    const row = target.parentElement;
    const cls = target.dataset.action === "run" ? "tfhelp-run-status" : "tfhelp-insert-status";
    let status = row.querySelector(`.${cls}`);
    if (!status) {
      status = document.createElement("span");
      status.className = cls;
      row.append(status);
    }
    return status;
  }

  function outputFor(runButton) {
    const row = runButton.closest(".tfhelp-actions") || runButton;
    let out = row.nextElementSibling;
    if (!out || !out.matches("pre.tfhelp-run-output")) {
      out = document.createElement("pre");
      out.className = "tfhelp-run-output";
      row.after(out);
    }
    return out;
  }

  function labelButtons() {
    for (const b of body.querySelectorAll("button[data-action]")) {
      switch (b.dataset.action) {
        case "run":
          b.textContent = words("run");
          break;
        case "insert":
          b.textContent = doc ? words("insert") : words("copy");
          b.dataset.mode = doc ? "cell" : "clipboard";
          break;
        case "insert-fixed":
          b.textContent = doc ? words("insert_fixed") : words("copy");
          b.dataset.mode = doc ? "cell" : "clipboard";
          break;
        case "replace":
          b.textContent = words("replace_cell");
          b.hidden = !doc; // nothing to replace outside a notebook
          break;
        case "back":
          b.textContent = words("back");
          b.hidden = model.get("depth") <= 1;
          break;
        case "lang":
          b.textContent = words("language");
          break;
        default:
          break;
      }
    }
  }

  function showRuns() {
    const runs = model.get("runs") || {};
    for (const b of body.querySelectorAll("button[data-action='run']")) {
      const run = runs[b.dataset.snippet];
      const status = statusFor(b);
      const out = outputFor(b);
      b.disabled = Boolean(run && run.state === "running");
      if (!run) {
        status.textContent = "";
        out.textContent = "";
        continue;
      }
      if (run.state === "running") {
        status.textContent = words("running");
        out.textContent = "";
        continue;
      }
      const ok = run.state === "ok";
      status.dataset.state = run.state;
      status.textContent = `${ok ? "✔" : "✘"} ${words(ok ? "run_ok" : "run_failed")} (${Number(
        run.seconds || 0,
      ).toFixed(1)} s)`;
      out.textContent = run.stdout || "";
      if (run.stderr) {
        const err = document.createElement("span");
        err.className = "tfhelp-stderr";
        err.textContent = run.stderr;
        out.append(err);
      }
    }
  }

  function draw() {
    const open = Array.from(body.querySelectorAll("details"), (d) => d.open);
    const samePage = body.dataset.page === String(model.get("nav"));
    body.innerHTML = model.get("html");
    body.dataset.page = String(model.get("nav"));
    if (samePage) {
      // The same page in another language: keep the sections the reader opened.
      body.querySelectorAll("details").forEach((d, i) => {
        if (open[i]) {
          d.open = true;
        }
      });
    }
    const panel = body.querySelector(".tfhelp-panel") || body;
    if (!panel.querySelector("[data-action='lang']")) {
      const tools = document.createElement("span");
      tools.className = "tfhelp-tools";
      tools.append(button("tfhelp-back", "back"), button("tfhelp-lang", "lang"));
      (panel.querySelector(".tfhelp-title") || panel).append(tools);
    }
    // The user's fixed cell: Replace cell beside each Insert fixed cell below.
    for (const b of panel.querySelectorAll("button[data-action='insert-fixed']")) {
      b.after(button("tfhelp-replace", "replace", undefined, b.dataset.record));
    }
    for (const b of panel.querySelectorAll("button[data-action]")) {
      b.classList.add("tfhelp-btn", `tfhelp-${b.dataset.action}`);
    }
    labelButtons();
    showRuns();
  }

  async function insert(target) {
    const code = codeFor(model, target);
    const replace = target.dataset.action === "replace";
    let result = "failed";
    if (doc && typeof code === "string") {
      const at = cellIndexHolding(doc, model.get("anchor"), el);
      if (at >= 0 && replace) {
        const cell = doc.cells[at];
        if (typeof cell.setSource === "function") {
          cell.setSource(code);
        } else {
          cell.source = code;
        }
        result = "replaced";
      } else if (at >= 0) {
        doc.insertCell(at + 1, { cell_type: "code", source: code, metadata: {} });
        result = "cell";
      }
    }
    if (result === "failed" && !replace && typeof code === "string" && (await copyText(code, el))) {
      result = "clipboard";
    }
    target.dataset.result = result;
    const message = { cell: "inserted", replaced: "replaced", clipboard: "copied" }[result];
    statusFor(target).textContent = words(message || "copy_failed");
  }

  body.addEventListener("click", (event) => {
    const target = event.target.closest("[data-action]");
    if (!target || !body.contains(target) || target.disabled) {
      return;
    }
    const action = target.dataset.action;
    if (action === "insert" || action === "insert-fixed" || action === "replace") {
      insert(target);
    } else if (action === "run") {
      model.send({ action, snippet: target.dataset.snippet });
    } else if (action === "open") {
      event.preventDefault();
      model.send({ action, record: target.dataset.record });
    } else if (action === "lang") {
      model.send({ action, lang: target.dataset.lang });
    } else if (action === "back") {
      model.send({ action });
    }
  });

  function reveal(first) {
    const panel = body.querySelector(".tfhelp-panel") || body;
    const title = panel.querySelector(".tfhelp-title") || panel;
    // 'nearest' moves nothing that is already in view, in the window and in every scrolling
    // box around it (Notebook 7's output box, JupyterLab's notebook panel).
    if (first) {
      (panel.querySelector(".tfhelp-summary") || title).scrollIntoView({ block: "nearest" });
    }
    title.scrollIntoView({ block: "nearest" });
  }

  draw();
  const onNav = () => requestAnimationFrame(() => reveal(false));
  const listeners = [
    ["change:html", draw],
    ["change:labels", labelButtons],
    ["change:depth", labelButtons],
    ["change:runs", showRuns],
    ["change:nav", onNav],
  ];
  for (const [name, handler] of listeners) {
    model.on(name, handler);
  }
  const timers = [];
  if (!model.get("shown")) {
    // After Shift+Enter the notebook keeps the next cell in view, so a new panel would show
    // its end; bring its head into view once it is laid out (and again if the notebook moved).
    const once = () => reveal(true);
    requestAnimationFrame(() => requestAnimationFrame(once));
    timers.push(setTimeout(once, 500));
    timers.push(
      setTimeout(() => {
        once();
        model.set("shown", true);
        model.save_changes();
      }, 1200),
    );
  }
  // Called when the view is removed (the output cleared, the panel retired to static HTML).
  return () => {
    for (const [name, handler] of listeners) {
      model.off(name, handler);
    }
    timers.forEach(clearTimeout);
  };
}

export default { render };
