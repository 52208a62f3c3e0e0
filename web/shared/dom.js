// Building the page without innerHTML: text is always text.

// h('div.card#x', {onclick}, child, …): an element with classes, an id,
// attributes or properties, and children (strings become text nodes).
export function h(spec, attrs = {}, ...children) {
  const [tag, ...parts] = spec.split(/(?=[.#])/);
  const el = document.createElement(tag || 'div');
  for (const part of parts) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs === null || typeof attrs !== 'object' || attrs instanceof Node ||
      Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && key !== 'list' && key !== 'form') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value);
  }
  append(el, children);
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let toastTimer;
// A short message in the corner; `kind` "error" shows it in red.
export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = `show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.className = ''; }, kind === 'error' ? 8000 : 4000);
}

// A modal dialog; resolves true when confirmed. `body` is a node or text.
export function confirmDialog(title, body, okText = '确认', danger = false) {
  return new Promise((resolve) => {
    const dialog = h('dialog.modal', {'aria-label': title},
      h('h2', title), h('div.dialog-body', body),
      h('div.actions',
        h('button.secondary', {type: 'button', onclick: () => dialog.close('cancel')}, '取消'),
        h(`button${danger ? '.danger' : ''}`, {type: 'button', onclick: () => dialog.close('ok')}, okText)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

// A labelled form field.
export function field(label, input, hint) {
  return h('label.field', h('span.label', label), input, hint ? h('span.hint', hint) : null);
}
