/* The office dashboard: plain JavaScript against sidakerd's API, no build
 * step and nothing fetched from outside (the page's CSP allows only this
 * origin).  The session token lives in sessionStorage: it ends with the tab.
 * Figures refresh every 30 s (the API's own cache age).  In the "for
 * sharing" view every count of people under 5 shows as "<5" and every other
 * count, totals too, is rounded to a multiple of 5: with the totals exact, a
 * hidden count was the total less the counts beside it.  The exports, which
 * hold exact figures, are off in that view. */
'use strict';

/* Every 30 s (the API's cache age); ?segar=N sets N seconds (at least 2). */
const REFRESH_MS = Math.max(2, Number(new URLSearchParams(location.search).get('segar')) || 30) * 1000;
const SMALL = 5;
const CHANNELS = {
  bkk: 'BKK', lpk: 'LPK', app_vacancy: 'Lowongan di aplikasi', cpmi: 'CPMI / PMI', training: 'Program pelatihan',
  job_fair: 'Bursa kerja', company_report: 'Laporan perusahaan', other: 'Lainnya',
};
const EDUCATION = {
  tidak_sekolah: 'Tidak/belum tamat SD', sd: 'SD', smp: 'SMP', sma: 'SMA', smk: 'SMK', d1: 'D1', d2: 'D2',
  d3: 'D3', d4: 'D4', s1: 'S1', s2: 'S2', s3: 'S3',
};

let token = sessionStorage.getItem('sidakerd-token');
let timer = null;
let lastDashboard = null;

const $ = (id) => document.getElementById(id);
const number = (n) => Number(n).toLocaleString('id-ID');
const sharing = () => $('mode-berbagi').checked;
/* A count of people as the view may show it: in the sharing view 0 stays 0,
 * 1-4 is hidden, the rest is rounded to a multiple of 5 (a number for the
 * bars, a text for the page). */
const shown = (n) => (!sharing() || n === 0 ? n : n < SMALL ? 0 : Math.round(n / SMALL) * SMALL);
const people = (n) => (sharing() && n > 0 && n < SMALL ? '<' + SMALL : number(shown(n)));

async function api(method, path, body) {
  /* The page is in Indonesian: so are the API's refusals it shows, whatever
   * language the browser asks for. */
  const headers = { 'Accept-Language': 'id' };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await res.json() : await res.blob();
  if (res.status === 401 && path !== '/v1/auth/login') signedOut('Sesi berakhir. Silakan masuk lagi.');
  if (!res.ok) {
    const message = data && data.error ? data.error.message : 'Permintaan gagal (' + res.status + ').';
    const err = new Error(message);
    err.status = res.status;
    err.field = data && data.error ? data.error.field : '';
    throw err;
  }
  return data;
}

/* ---- signing in ---- */

function signedOut(message) {
  token = null;
  sessionStorage.removeItem('sidakerd-token');
  clearInterval(timer);
  $('isi').hidden = true;
  $('akun').hidden = true;
  $('masuk').hidden = false;
  $('pesan-masuk').textContent = message || '';
}

async function signIn(event) {
  event.preventDefault();
  $('pesan-masuk').textContent = '';
  try {
    const res = await api('POST', '/v1/auth/login', { login: $('login').value, password: $('sandi').value });
    if (res.account.role !== 'officer' && res.account.role !== 'admin') {
      token = res.token;
      await api('POST', '/v1/auth/logout').catch(() => {});
      signedOut('Dasbor ini khusus petugas Disnaker.');
      return;
    }
    token = res.token;
    sessionStorage.setItem('sidakerd-token', token);
    $('sandi').value = '';
    await start();
  } catch (e) {
    $('pesan-masuk').textContent = e.message;
  }
}

async function start() {
  const me = await api('GET', '/v1/me');
  $('nama-petugas').textContent = me.name + ' (' + (me.role === 'admin' ? 'admin' : 'petugas') + ')';
  $('masuk').hidden = true;
  $('akun').hidden = false;
  $('isi').hidden = false;
  const today = new Date();
  /* This month as the officer's clock has it (toISOString() is UTC's). */
  $('bulan-ipk').value = new Date(today.getTime() - today.getTimezoneOffset() * 60000).toISOString().slice(0, 7);
  $('tahun-iku').value = today.getFullYear();
  await Promise.all([refresh(), showIpk(), showIku(), showQueues(), showFairs()]);
  clearInterval(timer);
  timer = setInterval(() => { refresh().catch(() => {}); }, REFRESH_MS);
  $('utama').focus();
}

/* ---- figures and charts ---- */

async function refresh() {
  lastDashboard = await api('GET', '/v1/statistics/dashboard');
  render(lastDashboard);
  $('diperbarui').textContent = 'Diperbarui ' + new Date().toLocaleTimeString('id-ID') + ' (data per ' +
    lastDashboard.date + ')';
}

function render(d) {
  $('kartu-aktif').textContent = people(d.cards.active);
  $('kartu-bulan').textContent = people(d.cards.issued_this_month);
  $('kartu-tahun').textContent = people(d.cards.issued_this_year);
  const channels = d.placements_this_month_by_channel;
  const total = Object.values(channels).reduce((a, b) => a + b, 0);
  $('penempatan-bulan').textContent = people(total);
  $('penempatan-saluran').replaceChildren(...Object.entries(channels).map(([k, n]) =>
    el('li', {}, (CHANNELS[k] || k) + ': ' + people(n))));
  $('antre-kartu').textContent = number(d.queues.card_applications);
  $('antre-organisasi').textContent = number(d.queues.organisations);
  $('antre-lowongan').textContent = number(d.queues.vacancies);
  $('antre-pengaduan').textContent = number(d.queues.complaints);
  fair('bursa-berikut', d.job_fairs.next, (f) => [
    `${f.start_date === f.end_date ? f.start_date : f.start_date + ' s.d. ' + f.end_date}, pukul ${f.opens_at}-${f.closes_at}`,
    f.venue_kind === 'online' ? 'Daring' : (f.venue || ''),
    `${number(f.booths_count)} perusahaan · ${number(f.registered)} pendaftar dari ${number(f.capacity)} tempat`,
    `${number(f.checked_in)} sudah check-in`]);
  fair('bursa-terakhir', d.job_fairs.last, (f) => [
    `${f.start_date === f.end_date ? f.start_date : f.start_date + ' s.d. ' + f.end_date}`,
    `${number(f.checked_in)} pengunjung dari ${number(f.registered)} pendaftar`,
    `${number(f.booths_count)} perusahaan · ${number(f.applicants)} pelamar di stan`,
    `${people(f.placed)} ditempatkan`]);
  const s = d.active_job_seekers;
  const men = s.by_education.reduce((a, g) => a + g.men, 0);
  const women = s.by_education.reduce((a, g) => a + g.women, 0);
  chart('grafik-gender', [{ name: 'Laki-laki', men, women: 0, total: men }, { name: 'Perempuan', men: 0, women, total: women }]);
  chart('grafik-pendidikan', s.by_education.map((g) => ({ ...g, name: EDUCATION[g.code] || g.code })));
  chart('grafik-umur-ipk', s.by_age_ipk);
  chart('grafik-umur-bps', s.by_age_bps);
  chart('grafik-kecamatan', s.by_kecamatan);
  chart('grafik-kelurahan', s.by_kelurahan);
}

/* A fair's card: its name and lines, or that there is none. */
function fair(id, f, lines) {
  const box = $(id);
  box.querySelector('.judul-bursa').textContent = f ? f.name : 'Belum ada.';
  box.querySelector('ul').replaceChildren(...(f ? lines(f) : []).filter(Boolean).map((t) => el('li', {}, t)));
}

/* Horizontal bars, men and women stacked; the numbers are text beside
 * them, so the chart reads the same to a screen reader. */
function chart(id, groups) {
  const box = $(id);
  if (!groups.length) {
    box.replaceChildren(el('p', { class: 'kosong' }, 'Belum ada data.'));
    return;
  }
  /* The bars are drawn from the numbers shown: their lengths must not tell
   * what the text hides. */
  const max = Math.max(1, ...groups.map((g) => shown(g.total)));
  box.replaceChildren(...groups.map((g) => {
    const hidden = sharing() && g.total > 0 && g.total < SMALL;
    const lane = el('div', { class: 'jalur', 'aria-hidden': 'true' });
    if (!hidden) {
      const m = el('span', { class: 'l' });
      const w = el('span', { class: 'p' });
      m.style.width = (100 * shown(g.men) / max) + '%';
      w.style.width = (100 * shown(g.women) / max) + '%';
      lane.append(m, w);
    }
    const text = hidden ? '<' + SMALL : 'L ' + people(g.men) + ' · P ' + people(g.women) + ' · ' + people(g.total);
    return el('div', { class: 'batang', 'data-code': g.code || g.name },
      el('span', {}, g.name), lane, el('span', { class: 'angka' }, text));
  }));
}

/* ---- IPK and IKU ---- */

async function showIpk(event) {
  if (event) event.preventDefault();
  const month = $('bulan-ipk').value;
  $('status-ipk').textContent = '';
  try {
    const ipk = await api('GET', '/v1/statistics/ipk?month=' + encodeURIComponent(month));
    $('kantor').textContent = ipk.office;
    $('status-ipk').textContent = (ipk.closed ? 'Bulan ditutup ' + ipk.closed_at.slice(0, 10) : 'Bulan belum ditutup') +
      (ipk.corrections.length ? ' · ' + ipk.corrections.length + ' koreksi sesudah ditutup' : '');
    const wanted = ['job_seekers_by_age', 'vacancies'];
    $('tabel-ipk').replaceChildren(...ipk.tables.filter((t) => wanted.includes(t.key)).map(table));
  } catch (e) {
    $('status-ipk').textContent = e.message;
  }
}

function table(t) {
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Baris'), el('th', { scope: 'col', class: 'kiri' }, 'Uraian'),
    ...t.columns.map((c) => el('th', { scope: 'col' }, c)));
  const rows = t.rows.map((r) => el('tr', { 'data-row': r.row }, el('th', { scope: 'row' }, r.row),
    el('td', { class: 'kiri' }, r.label), ...r.values.map((v) => el('td', {}, people(v)))));
  return el('table', { 'data-key': t.key }, el('caption', {}, t.title), el('thead', {}, head), el('tbody', {}, ...rows));
}

async function showIku(event) {
  if (event) event.preventDefault();
  try {
    const iku = await api('GET', '/v1/statistics/iku?year=' + encodeURIComponent($('tahun-iku').value));
    const head = el('tr', {}, ...['Indikator', 'Realisasi', 'Pembilang', 'Penyebut', 'Target', 'Capaian']
      .map((h, i) => el('th', { scope: 'col', class: i ? '' : 'kiri' }, h)));
    /* In the sharing view the counts are shown as everywhere else, and a
     * share of a small count (which would give it back) is not shown. */
    const small = (k) => sharing() && (k.numerator < SMALL || (k.denominator !== undefined && k.denominator < SMALL));
    const rows = iku.indicators.map((k) => el('tr', { 'data-key': k.key },
      el('th', { scope: 'row', class: 'kiri' }, k.name),
      el('td', {}, small(k) ? '–' : k.display),
      el('td', {}, people(k.numerator)),
      el('td', {}, k.denominator === undefined ? '–' : people(k.denominator)),
      el('td', {}, k.target === null ? '–' : String(k.target)),
      el('td', {}, k.capaian === null || small(k) ? '–' : String(k.capaian))));
    $('tabel-iku').replaceChildren(el('table', {}, el('caption', {}, 'IKU ' + iku.year + ' · ' + iku.rounding),
      el('thead', {}, head), el('tbody', {}, ...rows)));
  } catch (e) {
    $('tabel-iku').replaceChildren(el('p', { class: 'pesan' }, e.message));
  }
}

/* Files need the session header, so they are fetched and handed over. */
async function download(path, name) {
  try {
    const blob = await api('GET', path);
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    say(e.message, false);
  }
}

/* ---- queues and actions ---- */

function say(message, ok) {
  $('pesan-aksi').textContent = message;
  $('pesan-aksi').className = 'pesan' + (ok ? ' berhasil' : '');
}

async function act(method, path, body, done) {
  try {
    await api(method, path, body);
    say(done, true);
    await Promise.all([showQueues(), refresh()]);
  } catch (e) {
    say(e.message, false);
  }
}

function item(text, detail, actions) {
  return el('li', {}, el('strong', {}, text), detail ? el('div', { class: 'sub' }, detail) : null,
    el('div', { class: 'aksi' }, ...actions));
}

function button(label, onclick, secondary) {
  return el('button', { type: 'button', class: secondary ? 'kedua' : '', onclick }, label);
}

function empty(list) {
  if (!list.children.length) list.append(el('li', { class: 'kosong' }, 'Tidak ada antrean.'));
}

async function showQueues() {
  const [cards, orgs, vacancies, complaints] = await Promise.all([
    api('GET', '/v1/card-applications?limit=20'),
    api('GET', '/v1/organisations?verification=pending&limit=20'),
    api('GET', '/v1/moderation/vacancies?limit=20'),
    api('GET', '/v1/complaints?state=open&limit=20'),
  ]);
  const cardList = $('daftar-kartu');
  cardList.replaceChildren(...cards.items.map((q) => {
    const a = q.application;
    return item('Permohonan #' + a.id + ' · ' + q.name, [q.nik_masked, q.kecamatan,
      'menunggu ' + q.waiting_days + ' hari'].filter(Boolean).join(' · '), [
      button('Terbitkan kartu', () => act('POST', '/v1/card-applications/' + a.id + '/issue', undefined,
        'Kartu untuk permohonan #' + a.id + ' terbit.')),
      button('Minta perbaikan', () => {
        const note = prompt('Apa yang perlu diperbaiki?');
        if (note) act('POST', '/v1/card-applications/' + a.id + '/revision', { note }, 'Permohonan #' + a.id + ' dikembalikan.');
      }, true),
    ]);
  }));
  empty(cardList);
  const orgList = $('daftar-organisasi');
  orgList.replaceChildren(...orgs.items.map((o) => item(o.name + ' (' + o.role.toUpperCase() + ')', o.email, [
    button('Verifikasi', () => act('POST', '/v1/organisations/' + o.id + '/verification', { decision: 'verified' },
      o.name + ' terverifikasi.')),
    button('Tolak', () => {
      const note = prompt('Alasan penolakan?');
      if (note) act('POST', '/v1/organisations/' + o.id + '/verification', { decision: 'rejected', note }, o.name + ' ditolak.');
    }, true),
  ])));
  empty(orgList);
  const vacList = $('daftar-lowongan');
  vacList.replaceChildren(...vacancies.items.map((v) => item(v.title, (v.scam_flags || []).join(', '), [
    button('Tayangkan', () => act('POST', '/v1/vacancies/' + v.id + '/moderation', { decision: 'publish' },
      'Lowongan "' + v.title + '" tayang.')),
    button('Kembalikan', () => {
      const note = prompt('Alasan?');
      if (note) act('POST', '/v1/vacancies/' + v.id + '/moderation', { decision: 'reject', note }, 'Lowongan dikembalikan.');
    }, true),
  ])));
  empty(vacList);
  const compList = $('daftar-pengaduan');
  compList.replaceChildren(...complaints.items.map((c) => {
    const id = 'jawab-' + c.id;
    const answer = el('input', { id, type: 'text', 'aria-label': 'Jawaban untuk pengaduan #' + c.id });
    return item('#' + c.id + ' ' + c.subject + (c.overdue ? ' (lewat tenggat)' : ''), c.body, [
      answer,
      button('Jawab', () => {
        if (answer.value.trim()) act('POST', '/v1/complaints/' + c.id + '/answer', { answer: answer.value.trim() },
          'Pengaduan #' + c.id + ' dijawab.');
      }),
    ]);
  }));
  empty(compList);
}

/* ---- job fairs: created, published or cancelled, booths decided, the door ---- */

const FAIR_STATES = { draft: 'Draf', published: 'Diumumkan', cancelled: 'Dibatalkan' };
const BOOTH_STATES = { invited: 'diundang', requested: 'meminta stan', accepted: 'diterima', refused: 'ditolak' };
let doorFair = null;

function fairSay(message, ok) {
  $('pesan-bursa').textContent = message;
  $('pesan-bursa').className = 'pesan' + (ok ? ' berhasil' : '');
}

async function fairAct(method, path, body, done) {
  try {
    await api(method, path, body);
    fairSay(done, true);
    await showFairs();
  } catch (e) {
    fairSay(e.message, false);
  }
}

async function saveFair(event) {
  event.preventDefault();
  const form = $('form-bursa');
  for (const p of form.querySelectorAll('[data-error-for]')) p.textContent = '';
  const body = {};
  for (const input of form.querySelectorAll('[data-path]')) {
    const v = input.value.trim();
    if (v) body[input.dataset.path] = input.dataset.path === 'capacity' ? Number(v) : v;
  }
  if (body.venue_kind === 'online') delete body.venue;
  else delete body.online_url;
  try {
    const fair = await api('POST', '/v1/job-fairs', body);
    form.hidden = true;
    fairSay(`"${fair.name}" tersimpan sebagai draf. Umumkan untuk memberi tahu pencari kerja.`, true);
    await showFairs();
  } catch (e) {
    const at = e.field ? form.querySelector(`[data-error-for="${CSS.escape(e.field)}"]`) : null;
    if (at) at.textContent = e.message;
    else fairSay(e.message, false);
  }
}

/* The booths of a fair: requests to decide, and a company to invite. */
async function boothsOf(f, box) {
  const [booths, companies] = await Promise.all([api('GET', `/v1/job-fairs/${f.id}/booths`),
    api('GET', '/v1/organisations?role=company&verification=verified&limit=100')]);
  const list = el('ul', { class: 'daftar' }, ...booths.items.map((b) => item(b.organisation,
    `${BOOTH_STATES[b.state] || b.state} · ${b.vacancies.length} lowongan`,
    b.state === 'requested' ? [
      button('Terima', () => fairAct('POST', `/v1/job-fairs/${f.id}/booths/${b.id}/decision`, { decision: 'accept' }, `Stan ${b.organisation} diterima.`)),
      button('Tolak', () => fairAct('POST', `/v1/job-fairs/${f.id}/booths/${b.id}/decision`, { decision: 'refuse' }, `Stan ${b.organisation} ditolak.`), true),
    ] : [])));
  const taken = new Set(booths.items.map((b) => b.organisation_id));
  const choose = el('select', { 'aria-label': 'Perusahaan yang diundang ke ' + f.name },
    ...companies.items.filter((c) => !taken.has(c.id)).map((c) => el('option', { value: String(c.id) }, c.name)));
  box.replaceChildren(list, choose.children.length ? el('div', { class: 'aksi' }, choose,
    button('Undang', () => fairAct('POST', `/v1/job-fairs/${f.id}/invitations`, { organisation_id: Number(choose.value) },
      'Undangan terkirim.'))) : el('p', { class: 'sub' }, 'Semua perusahaan terverifikasi sudah punya stan.'));
}

function fairItem(f) {
  const booths = el('div', {});
  const days = f.start_date === f.end_date ? f.start_date : `${f.start_date} s.d. ${f.end_date}`;
  const actions = [];
  if (f.state === 'draft')
    actions.push(button('Umumkan', () => fairAct('POST', `/v1/job-fairs/${f.id}/state`, { state: 'published' },
      `"${f.name}" diumumkan kepada pencari kerja.`)));
  if (f.state !== 'cancelled') {
    actions.push(button('Stan perusahaan', () => boothsOf(f, booths).catch((e) => fairSay(e.message, false)), true));
    if (f.state === 'published') actions.push(button('Pintu masuk', () => openDoor(f), true));
  }
  actions.push(button('Laporan XLSX', () => download(`/v1/job-fairs/${f.id}/report?format=xlsx`, `bursa-kerja-${f.id}.xlsx`), true),
    button('Laporan PDF', () => download(`/v1/job-fairs/${f.id}/report?format=pdf`, `bursa-kerja-${f.id}.pdf`), true));
  if (f.state !== 'cancelled')
    actions.push(button('Batalkan', () => {
      if (confirm(`Batalkan "${f.name}"? Pemegang tiket akan diberi tahu.`))
        fairAct('POST', `/v1/job-fairs/${f.id}/state`, { state: 'cancelled' }, `"${f.name}" dibatalkan.`);
    }, true));
  const li = item(`${f.name} (${FAIR_STATES[f.state] || f.state})`,
    `${days}, ${f.opens_at}-${f.closes_at} · ${f.registered} pendaftar dari ${f.capacity} · ${f.checked_in} check-in · ${f.booths_count} stan`, actions);
  li.dataset.id = String(f.id);
  li.append(booths);
  return li;
}

async function showFairs() {
  const page = await api('GET', '/v1/job-fairs?limit=20');
  const list = $('daftar-bursa-kerja');
  list.replaceChildren(...page.items.map(fairItem));
  if (!list.children.length) list.append(el('li', { class: 'kosong' }, 'Belum ada bursa kerja.'));
}

/* The walk-in form's lists, once: kecamatan of the kab/kota, education levels. */
async function walkInLists() {
  if ($('walkin-kecamatan').options.length > 1) return;
  const [ref, regions] = await Promise.all([api('GET', '/v1/reference'), api('GET', '/v1/reference/regions')]);
  for (const r of regions.items) $('walkin-kecamatan').append(el('option', { value: r.code }, r.name));
  for (const e of ref.lists.education_level) $('walkin-pendidikan').append(el('option', { value: e.value }, e.label));
}

async function walkInKelurahan() {
  const select = $('walkin-kelurahan');
  select.replaceChildren(el('option', { value: '' }, '–'));
  if (!$('walkin-kecamatan').value) return;
  const regions = await api('GET', '/v1/reference/regions?parent=' + encodeURIComponent($('walkin-kecamatan').value));
  for (const r of regions.items) select.append(el('option', { value: r.code }, r.name));
}

function openDoor(f) {
  walkInLists().catch((e) => fairSay(e.message, false));
  doorFair = f;
  $('judul-pintu').textContent = 'Pintu masuk: ' + f.name;
  $('hasil-pintu').textContent = '';
  $('pintu').hidden = false;
  $('pintu-tiket').focus();
}

async function door(event, body, path) {
  event.preventDefault();
  try {
    const r = await api('POST', `/v1/job-fairs/${doorFair.id}/${path}`, body);
    const card = r.has_card ? ' · pemegang kartu AK/I' : ' · tanpa kartu AK/I';
    $('hasil-pintu').textContent = path === 'check-ins' ? `${r.holder}: ${r.message}${card}`
      : `${r.holder}: terdaftar dan check-in${r.person_created ? ' (orang baru)' : ''}${card}.`;
    $('hasil-pintu').className = 'pesan berhasil';
    $('pintu-tiket').value = '';
    if (path === 'walk-ins') $('form-walkin').reset();
    await showFairs(); /* the counts beside the fair */
  } catch (e) {
    $('hasil-pintu').textContent = e.message;
    $('hasil-pintu').className = 'pesan';
  }
}

/* ---- wiring ---- */

document.addEventListener('DOMContentLoaded', () => {
  $('form-masuk').addEventListener('submit', signIn);
  $('keluar').addEventListener('click', async () => {
    await api('POST', '/v1/auth/logout').catch(() => {});
    signedOut('Anda sudah keluar.');
  });
  /* Exports hold the exact figures: not from the sharing view. */
  const exportsFollowView = () => {
    for (const id of ['ipk-xlsx', 'ipk-pdf', 'iku-xlsx', 'iku-pdf']) {
      $(id).disabled = sharing();
      $(id).title = sharing() ? 'Ekspor berisi angka lengkap: matikan tampilan untuk dibagikan.' : '';
    }
  };
  exportsFollowView();
  $('mode-berbagi').addEventListener('change', () => {
    exportsFollowView();
    if (lastDashboard) render(lastDashboard);
    showIpk();
    if ($('tabel-iku').childElementCount) showIku();
  });
  $('form-ipk').addEventListener('submit', showIpk);
  $('form-iku').addEventListener('submit', showIku);
  const month = () => $('bulan-ipk').value;
  $('ipk-xlsx').addEventListener('click', () => download('/v1/statistics/ipk?format=xlsx&month=' + month(), 'ipk-' + month() + '.xlsx'));
  $('ipk-pdf').addEventListener('click', () => download('/v1/statistics/ipk?format=pdf&month=' + month(), 'ipk-' + month() + '.pdf'));
  const year = () => $('tahun-iku').value;
  $('iku-xlsx').addEventListener('click', () => download('/v1/statistics/iku?format=xlsx&year=' + year(), 'iku-' + year() + '.xlsx'));
  $('iku-pdf').addEventListener('click', () => download('/v1/statistics/iku?format=pdf&year=' + year(), 'iku-' + year() + '.pdf'));
  $('bursa-baru').addEventListener('click', () => {
    const form = $('form-bursa');
    form.reset();
    for (const p of form.querySelectorAll('[data-error-for]')) p.textContent = '';
    form.hidden = false;
    $('bk-nama').focus();
  });
  $('bursa-batal').addEventListener('click', () => { $('form-bursa').hidden = true; });
  $('form-bursa').addEventListener('submit', saveFair);
  $('form-pintu').addEventListener('submit', (e) => door(e, { ticket: $('pintu-tiket').value.trim() }, 'check-ins'));
  $('walkin-kecamatan').addEventListener('change', () => walkInKelurahan().catch((e) => fairSay(e.message, false)));
  $('form-walkin').addEventListener('submit', (e) => {
    const body = {};
    for (const input of document.querySelectorAll('[data-walkin]')) if (input.value.trim()) body[input.dataset.walkin] = input.value.trim();
    door(e, body, 'walk-ins');
  });
  if (token) start().catch(() => signedOut(''));
});
