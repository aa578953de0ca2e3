/* What the officers' dashboard, the organisations' portal and the job
 * seekers' app share: building elements, forms that send what was typed
 * and show the API's refusal next to the field it names, lists that page,
 * files saved.  Served with each page as forms.js (sql/embed.sh) and loaded
 * before the page's own script, which defines api(method, path, body) and
 * say(text, error). */
'use strict';

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function clearErrors(form) {
  for (const p of form.querySelectorAll('[data-error-for]')) p.textContent = '';
}

/* The API's message next to the field it names, else in fallback, else
 * in the page's message line. */
function showError(form, err, fallback) {
  const name = err.field ? err.field.split('.')[0] : '';
  const at = name ? form.querySelector(`[data-error-for="${CSS.escape(name)}"]`) : null;
  if (at) {
    at.textContent = err.message;
    const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (input) input.focus();
  } else if (fallback) {
    fallback.textContent = err.message;
  } else {
    say(err.message, true);
  }
}

/* The body a form sends: each [data-field] typed in (an empty one is left
 * out, so that the API names what is missing); data-type integer sends a
 * number, list the comma-separated items. */
function formBody(form) {
  const body = {};
  for (const input of form.querySelectorAll('[data-field]')) {
    const v = input.value.trim();
    if (v === '') continue;
    if (input.dataset.type === 'integer') body[input.dataset.field] = Number(v);
    else if (input.dataset.type === 'list') body[input.dataset.field] = v.split(',').map((s) => s.trim()).filter(Boolean);
    else body[input.dataset.field] = v;
  }
  return body;
}

/* A list that pages: the first page afresh, then "Muat lagi" (more) for
 * each next one; empty: what an empty list says.  The first page's answer. */
async function pageInto(list, more, path, render, empty, fresh = true) {
  if (fresh) {
    list.replaceChildren();
    delete more.dataset.cursor;
    more.onclick = () => pageInto(list, more, path, render, empty, false).catch((err) => say(err.message, true));
  }
  const cursor = more.dataset.cursor ? (path.includes('?') ? '&' : '?') + 'cursor=' + encodeURIComponent(more.dataset.cursor) : '';
  const page = await api('GET', path + cursor);
  if (page.next_cursor) more.dataset.cursor = page.next_cursor;
  else delete more.dataset.cursor;
  more.hidden = !page.next_cursor;
  if (fresh && !page.items.length) list.append(el('li', {}, empty));
  for (const item of page.items) list.append(render(item));
  return page;
}

/* A blob (a PDF, a CSV, an XLSX) saved under name. */
function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/* Today as the person's own clock has it (YYYY-MM-DD): toISOString() is
 * UTC's day, yesterday in Indonesia until 07:00 WIB. */
function localToday() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}
