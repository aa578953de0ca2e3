/* The job seekers' web app, made for a phone and installable (manifest,
 * service worker: sw.js keeps the shell, the last card and the inbox
 * readable offline).  Plain JavaScript against sidakerd's public API, no
 * build step, nothing from outside (the page's CSP allows only this
 * origin).  Every refusal shows the API's message next to its field.  The
 * session lives in sessionStorage: it ends with the tab. */
'use strict';

const CARD_STATES = { active: 'Berlaku', placed: 'Sudah bekerja', expired: 'Kedaluwarsa', replaced: 'Diganti', removed: 'Dihapus' };
const APPLICATION_STATES = { draft: 'Draf', submitted: 'Menunggu pemeriksaan petugas', revision_requested: 'Perlu perbaikan',
  issued: 'Kartu terbit', rejected: 'Ditolak' };
const JOB_STATES = { applied: 'Terkirim', viewed: 'Dilihat perusahaan', interview: 'Dipanggil wawancara', accepted: 'Diterima',
  rejected: 'Belum berhasil', withdrawn: 'Ditarik' };

let token = sessionStorage.getItem('sidakerd-app');
let lists = {};

const $ = (id) => document.getElementById(id);

async function api(method, path, body, raw) {
  const headers = { 'Accept-Language': 'id' };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined && !raw) headers['Content-Type'] = 'application/json';
  if (raw) headers['Content-Type'] = 'application/octet-stream';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
  /* The service worker answered from its copy: say so. */
  $('luring').hidden = res.headers.get('X-Sidakerd-Cached') !== '1';
  const type = res.headers.get('Content-Type') || '';
  const data = res.status === 204 ? null : type.startsWith('application/json') ? await res.json() : await res.blob();
  if (res.status === 401 && path !== '/v1/auth/login') signedOut('Sesi berakhir. Silakan masuk lagi.');
  if (!res.ok) {
    const err = new Error(data && data.error ? data.error.message : 'Permintaan gagal (' + res.status + ').');
    err.status = res.status;
    err.code = data && data.error ? data.error.code : '';
    err.field = data && data.error ? data.error.field : '';
    throw err;
  }
  return data;
}

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

const say = (text) => { $('pesan').textContent = text; };

function clearErrors(form) {
  for (const p of form.querySelectorAll('[data-error-for]')) p.textContent = '';
}

function showError(form, err, fallback) {
  const name = err.field ? err.field.split('.')[0] : '';
  const at = name ? form.querySelector(`[data-error-for="${CSS.escape(name)}"]`) : null;
  if (at) {
    at.textContent = err.message;
    const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (input) input.focus();
  } else {
    (fallback || $('pesan')).textContent = err.message;
  }
}

function formBody(form) {
  const body = {};
  for (const input of form.querySelectorAll('[data-field]')) {
    const v = input.value.trim();
    if (v !== '') body[input.dataset.field] = v;
  }
  return body;
}

/* ---- signing up and in ---- */

function show(section) {
  for (const id of ['masuk', 'daftar', 'isi']) $(id).hidden = id !== section;
}

function signedOut(message) {
  token = null;
  sessionStorage.removeItem('sidakerd-app');
  /* What the service worker kept of this person goes with the session. */
  if (navigator.serviceWorker && navigator.serviceWorker.controller)
    navigator.serviceWorker.controller.postMessage('signed-out');
  $('akun').hidden = true;
  show('masuk');
  $('pesan-masuk').textContent = message || '';
}

async function signUp(event) {
  event.preventDefault();
  const form = $('form-daftar');
  clearErrors(form);
  $('pesan-daftar').textContent = '';
  const body = formBody(form);
  body.role = 'seeker';
  try {
    await api('POST', '/v1/auth/register', body);
    form.reset();
    $('pesan-daftar').textContent = `Terima kasih. Kami mengirim tautan aktivasi ke ${body.email}: ketuk tautan itu, lalu masuk.`;
  } catch (err) {
    showError(form, err, $('pesan-daftar'));
  }
}

async function signIn(event) {
  event.preventDefault();
  $('pesan-masuk').textContent = '';
  try {
    token = (await api('POST', '/v1/auth/login', { login: $('masuk-login').value.trim(), password: $('masuk-sandi').value })).token;
    sessionStorage.setItem('sidakerd-app', token);
    await start();
  } catch (err) {
    $('pesan-masuk').textContent = err.message;
  }
}

async function start() {
  const me = await api('GET', '/v1/me');
  if (me.role !== 'seeker') {
    signedOut('Aplikasi ini untuk pencari kerja. Perusahaan, LPK dan BKK memakai portal di /portal.');
    return;
  }
  $('akun').hidden = false;
  show('isi');
  await loadReference().catch(() => {}); /* offline: the forms wait for the network */
  await unread();
  await tab('kartu');
}

async function loadReference() {
  const [ref, regions] = await Promise.all([api('GET', '/v1/reference'), api('GET', '/v1/reference/regions')]);
  lists = ref.lists;
  for (const select of document.querySelectorAll('select[data-list], select[data-regions]')) {
    select.replaceChildren(el('option', { value: '' }, '— pilih —'));
    const items = select.dataset.list ? lists[select.dataset.list].map((i) => [i.value, i.label]) : regions.items.map((r) => [r.code, r.name]);
    for (const [value, label] of items) select.append(el('option', { value }, label));
  }
}

async function kelurahanOf(kecamatan, selected) {
  const select = $('p-kelurahan');
  select.replaceChildren(el('option', { value: '' }, '— pilih —'));
  if (!kecamatan) return;
  const regions = await api('GET', '/v1/reference/regions?parent=' + encodeURIComponent(kecamatan));
  for (const r of regions.items) select.append(el('option', { value: r.code }, r.name));
  if (selected) select.value = selected;
}

async function tab(name) {
  for (const b of document.querySelectorAll('.tab button')) {
    if (b.dataset.tab === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  for (const id of ['kartu', 'profil', 'lowongan', 'kotak', 'lainnya']) $(id).hidden = id !== name;
  say('');
  if (name === 'kartu') await loadCard();
  if (name === 'profil') await loadProfile();
  if (name === 'lowongan') await Promise.all([search(), loadApplications()]);
  if (name === 'kotak') await loadInbox();
  if (name === 'lainnya') await Promise.all([loadComplaints(), loadPreferences()]);
}

/* ---- the profile ---- */

async function loadProfile() {
  try {
    const p = await api('GET', '/v1/me/profile');
    for (const input of $('form-profil').querySelectorAll('[data-field]'))
      if (p[input.dataset.field] !== null && p[input.dataset.field] !== undefined && input.id !== 'p-kelurahan')
        input.value = String(p[input.dataset.field]);
    await kelurahanOf(p.kecamatan_code, p.kelurahan_code);
  } catch (err) {
    if (err.code !== 'profile_missing') say(err.message);
  }
}

async function saveProfile(event) {
  event.preventDefault();
  const form = $('form-profil');
  clearErrors(form);
  try {
    await api('PUT', '/v1/me/profile', formBody(form));
    say('Profil tersimpan.');
  } catch (err) {
    showError(form, err);
  }
}

/* ---- the card: documents, the application, the card ---- */

async function loadCard() {
  const box = $('kartu-isi');
  box.replaceChildren();
  $('kartu-ajukan').hidden = true;
  try {
    const card = await api('GET', '/v1/me/card');
    box.append(el('p', { class: 'judul' }, 'Nomor ', el('strong', { id: 'nomor-kartu' }, card.number)),
      el('p', {}, el('span', { class: 'lencana' }, CARD_STATES[card.state] || card.state), ' · berlaku sampai ', card.valid_until),
      el('button', { type: 'button', onclick: cardPdf }, 'Unduh kartu (PDF)'));
    return;
  } catch (err) {
    if (err.code !== 'no_card') {
      box.append(el('p', {}, err.message));
      return;
    }
  }
  /* No profile yet: no application either. */
  const apps = await api('GET', '/v1/me/card-applications').catch((err) => {
    if (err.code === 'profile_missing') return { items: [] };
    throw err;
  });
  const latest = apps.items[0];
  if (latest && latest.state !== 'rejected') {
    box.append(el('p', {}, 'Permohonan kartu: ', el('span', { class: 'lencana', id: 'status-permohonan' }, APPLICATION_STATES[latest.state] || latest.state)));
    if (latest.officer_note) box.append(el('p', {}, 'Catatan petugas: ' + latest.officer_note));
    if (latest.state !== 'submitted') $('kartu-ajukan').hidden = false;
  } else {
    box.append(el('p', {}, 'Anda belum memiliki kartu AK/I. Lengkapi profil, unggah dokumen, lalu ajukan.'));
    $('kartu-ajukan').hidden = false;
  }
}

async function uploadDocument(input) {
  const file = input.files[0];
  if (!file) return;
  const bar = $('dok-kemajuan');
  bar.hidden = false;
  bar.value = 0;
  $('dok-pesan').textContent = '';
  /* XMLHttpRequest for the progress bar: a photo from a camera is large. */
  const status = await new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/me/documents?kind=' + input.dataset.kind);
    xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept-Language', 'id');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total); };
    xhr.onload = () => resolve({ code: xhr.status, text: xhr.responseText });
    xhr.onerror = () => resolve({ code: 0, text: '' });
    xhr.send(file);
  });
  bar.hidden = true;
  if (status.code === 201) {
    $('ok-' + input.dataset.kind).textContent = ' ✓ terunggah';
  } else {
    let message = 'Unggahan gagal.';
    try { message = JSON.parse(status.text).error.message; } catch (e) { /* keep the general one */ }
    $('dok-pesan').textContent = message;
  }
}

async function applyForCard() {
  $('dok-pesan').textContent = '';
  try {
    const apps = await api('GET', '/v1/me/card-applications');
    let app = apps.items.find((a) => a.state === 'draft' || a.state === 'revision_requested');
    if (!app) app = await api('POST', '/v1/me/card-applications', { kind: 'new' });
    await api('POST', `/v1/me/card-applications/${app.id}/submit`);
    say('Permohonan terkirim. Petugas memeriksanya; Anda diberi tahu di kotak masuk.');
    await loadCard();
  } catch (err) {
    $('dok-pesan').textContent = err.message;
  }
}

async function cardPdf() {
  const blob = await api('GET', '/v1/me/card/pdf');
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: 'kartu-ak1.pdf' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/* ---- vacancies and applications ---- */

async function search(event) {
  if (event) event.preventDefault();
  const q = $('cari-kata').value.trim();
  const page = await api('GET', '/v1/vacancies?limit=20' + (q ? '&q=' + encodeURIComponent(q) : ''));
  const list = $('daftar-lowongan');
  list.replaceChildren();
  if (!page.items.length) list.append(el('li', {}, 'Tidak ada lowongan yang cocok.'));
  for (const v of page.items) {
    const error = el('p', { class: 'galat', role: 'alert' });
    const wage = v.wage_min ? ` · Rp ${Number(v.wage_min).toLocaleString('id-ID')}` + (v.wage_max ? '–' + Number(v.wage_max).toLocaleString('id-ID') : '') : '';
    list.append(el('li', { 'data-id': String(v.id) },
      el('p', { class: 'judul' }, v.title),
      el('p', {}, (v.employer && v.employer.name) || '', v.location ? ' · ' + v.location : '', wage, ' · sampai ', v.valid_until),
      el('button', { type: 'button', onclick: () => apply(v, error) }, 'Lamar'), error));
  }
}

async function apply(vacancy, error) {
  error.textContent = '';
  try {
    await api('POST', `/v1/vacancies/${vacancy.id}/applications`, {});
    say('Lamaran terkirim ke ' + ((vacancy.employer && vacancy.employer.name) || 'perusahaan') + '.');
    await loadApplications();
  } catch (err) {
    error.textContent = err.message;
  }
}

async function loadApplications() {
  const page = await api('GET', '/v1/me/applications');
  const list = $('daftar-lamaran');
  list.replaceChildren();
  if (!page.items.length) list.append(el('li', {}, 'Belum ada lamaran.'));
  for (const a of page.items)
    list.append(el('li', { 'data-id': String(a.id) }, el('p', { class: 'judul' }, a.title),
      el('p', {}, a.employer || '', a.location ? ' · ' + a.location : '', ' · ', el('span', { class: 'lencana' }, JOB_STATES[a.state] || a.state))));
}

/* ---- the inbox ---- */

async function unread() {
  const page = await api('GET', '/v1/me/notifications?limit=1');
  $('belum-dibaca').textContent = String(page.unread);
}

async function loadInbox() {
  const page = await api('GET', '/v1/me/notifications?limit=50');
  $('belum-dibaca').textContent = String(page.unread);
  const list = $('daftar-kotak');
  list.replaceChildren();
  if (!page.items.length) list.append(el('li', {}, 'Belum ada pemberitahuan.'));
  for (const n of page.items)
    list.append(el('li', { 'data-id': String(n.id), class: n.read ? '' : 'belum' },
      el('p', { class: 'judul' }, n.title), el('p', {}, n.body), el('p', { class: 'sub' }, n.created_at.slice(0, 10))));
  $('baca-semua').dataset.upTo = page.items.length ? String(page.items[0].id) : '';
}

async function readAll() {
  const upTo = Number($('baca-semua').dataset.upTo || 0);
  if (!upTo) return;
  await api('POST', '/v1/me/notifications/read', { up_to_id: upTo });
  await loadInbox();
}

/* ---- complaints ---- */

const COMPLAINT_STATES = { open: 'Diterima', assigned: 'Sedang ditangani', answered: 'Dijawab', closed: 'Selesai' };

async function loadComplaints() {
  const page = await api('GET', '/v1/me/complaints');
  const list = $('daftar-pengaduan');
  list.replaceChildren();
  for (const c of page.items)
    list.append(el('li', { 'data-id': String(c.id) }, el('p', { class: 'judul' }, c.subject),
      el('p', {}, el('span', { class: 'lencana' }, COMPLAINT_STATES[c.state] || c.state), ' · ', c.created_at.slice(0, 10)),
      c.answer ? el('p', {}, 'Jawaban petugas: ' + c.answer) : null));
}

async function fileComplaint(event) {
  event.preventDefault();
  const form = $('form-pengaduan');
  clearErrors(form);
  try {
    await api('POST', '/v1/complaints', formBody(form));
    form.reset();
    say('Pengaduan terkirim. Jawaban petugas tampil di sini dan di kotak masuk.');
    await loadComplaints();
  } catch (err) {
    showError(form, err);
  }
}

/* ---- notification preferences and WhatsApp consent ---- */

const CHANNELS = ['in_app', 'email', 'whatsapp', 'push'];
const CHANNEL_NAMES = { in_app: 'aplikasi', email: 'e-mail', whatsapp: 'WhatsApp', push: 'notifikasi HP' };
const CATEGORIES = { card: 'Kartu AK/I', report: 'Lapor 6 bulanan', vacancy: 'Lowongan yang cocok', training: 'Pelatihan',
  application: 'Lamaran', complaint: 'Pengaduan', tracer: 'Survei alumni' };
let wording = '';

async function loadPreferences() {
  const [prefs, consent] = await Promise.all([api('GET', '/v1/me/notification-preferences'), api('GET', '/v1/whatsapp/consent-wording')]);
  const body = $('saluran').tBodies[0];
  body.replaceChildren();
  for (const [cat, label] of Object.entries(CATEGORIES)) {
    const row = el('tr', {}, el('th', { scope: 'row' }, label));
    for (const ch of CHANNELS) {
      const box = el('input', { type: 'checkbox', 'data-category': cat, 'data-channel': ch, 'aria-label': `${label} lewat ${CHANNEL_NAMES[ch]}` });
      box.checked = !!(prefs.categories[cat] || {})[ch];
      row.append(el('td', {}, box));
    }
    body.append(row);
  }
  wording = consent.wording;
  $('wa-teks').textContent = wording;
  const wa = prefs.whatsapp;
  $('wa-status').textContent = wa.consented ? `Anda menerima WhatsApp di ${wa.phone}.` : 'Anda belum menerima pesan WhatsApp.';
  $('wa-setuju').hidden = wa.consented;
  $('wa-cabut').hidden = !wa.consented;
}

async function savePreferences(event) {
  event.preventDefault();
  const categories = {};
  for (const box of $('saluran').querySelectorAll('input[type=checkbox]'))
    (categories[box.dataset.category] = categories[box.dataset.category] || {})[box.dataset.channel] = box.checked;
  try {
    await api('PUT', '/v1/me/notification-preferences', { categories });
    $('pemberitahuan-pesan').textContent = 'Pengaturan tersimpan.';
  } catch (err) {
    $('pemberitahuan-pesan').textContent = err.message;
  }
}

async function consentWhatsapp(event) {
  event.preventDefault();
  const form = $('form-wa');
  clearErrors(form);
  try {
    await api('PUT', '/v1/me/whatsapp-consent', { phone: $('wa-nomor').value.trim(), wording });
    await loadPreferences();
  } catch (err) {
    showError(form, err);
  }
}

async function withdrawWhatsapp() {
  await api('DELETE', '/v1/me/whatsapp-consent');
  await loadPreferences();
}

/* ---- wiring ---- */

$('form-masuk').addEventListener('submit', signIn);
$('form-daftar').addEventListener('submit', signUp);
$('form-profil').addEventListener('submit', saveProfile);
$('form-cari').addEventListener('submit', search);
$('p-kecamatan').addEventListener('change', () => kelurahanOf($('p-kecamatan').value));
$('ajukan-kartu').addEventListener('click', applyForCard);
$('baca-semua').addEventListener('click', readAll);
$('form-pengaduan').addEventListener('submit', fileComplaint);
$('form-pemberitahuan').addEventListener('submit', savePreferences);
$('form-wa').addEventListener('submit', consentWhatsapp);
$('wa-cabut').addEventListener('click', withdrawWhatsapp);
for (const input of document.querySelectorAll('input[data-kind]')) input.addEventListener('change', () => uploadDocument(input));
$('ke-daftar').addEventListener('click', (e) => { e.preventDefault(); show('daftar'); });
$('ke-masuk').addEventListener('click', (e) => { e.preventDefault(); show('masuk'); });
$('lonceng').addEventListener('click', (e) => { e.preventDefault(); tab('kotak'); });
$('keluar').addEventListener('click', async () => {
  await api('POST', '/v1/auth/logout').catch(() => {});
  signedOut('Anda sudah keluar.');
});
for (const b of document.querySelectorAll('.tab button')) b.addEventListener('click', () => tab(b.dataset.tab));
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/app/sw.js', { scope: '/app' }).catch(() => {});
if (token) start().catch(() => signedOut());
