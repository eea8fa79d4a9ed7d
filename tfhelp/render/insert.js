// tfhelp: front end of the "Insert as cell below" / "Copy" button (an anywidget module).
//
// In JupyterLab 4 and Notebook 7 the widget manager that owns this widget is the notebook's
// own (@jupyter-widgets/jupyterlab-manager), and `widget_manager.context.model.sharedModel` is
// the notebook document. The button finds the code cell whose outputs hold the tfhelp panel
// (its model id is `anchor`; failing that, the cell node it sits in) and inserts a new code
// cell right after it, through the same shared-model call JupyterLab's own commands use. Where there is no notebook document (VS Code,
// a console, a widget shown twice), it puts the code on the clipboard instead. What happened is
// written to `data-result` on the button and synced back to Python as the `result` trait.

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
  // The panel is not a direct output of a cell (e.g. it sits in an Output widget): use the
  // position JupyterLab's windowed notebook writes on each cell node.
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

function render({ model, el }) {
  const replace = model.get("mode") === "replace";
  const button = document.createElement("button");
  button.className = replace
    ? "jupyter-button widget-button tfhelp-replace"
    : "jupyter-button widget-button tfhelp-insert";
  button.type = "button";
  const status = document.createElement("span");
  status.className = "tfhelp-insert-status";
  status.style.marginLeft = "8px";
  const doc = notebookDocument(model);
  button.dataset.mode = doc ? "cell" : "clipboard";
  if (replace && !doc) {
    el.style.display = "none"; // nothing to replace outside a notebook; Insert copies instead
  }

  const refresh = () => {
    button.textContent = doc ? model.get("insert_label") : model.get("copy_label");
  };
  refresh();
  model.on("change:insert_label", refresh);
  model.on("change:copy_label", refresh);

  button.addEventListener("click", async () => {
    const code = model.get("code");
    let result = "failed";
    if (doc) {
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
    if (result === "failed" && !replace && (await copyText(code, el))) {
      result = "clipboard";
    }
    button.dataset.result = result;
    status.textContent = model.get(result + "_message");
    model.set("result", result);
    model.save_changes();
  });

  el.classList.add(replace ? "tfhelp-replace-widget" : "tfhelp-insert-widget");
  el.appendChild(button);
  el.appendChild(status);
}

export default { render };
