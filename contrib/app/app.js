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

const say = (text) => { $('pesan').textContent = text; };

const rupiah = (n) => 'Rp ' + Number(n).toLocaleString('id-ID');

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
    select.replaceChildren(el('option', { value: '' }, select.dataset.any ? 'Semua' : '— pilih —'));
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
  for (const id of ['kartu', 'profil', 'lowongan', 'pelatihan', 'kursus', 'bursa', 'kotak', 'lainnya']) $(id).hidden = id !== name;
  say('');
  if (name === 'kartu') await loadCard();
  if (name === 'profil') await loadProfile();
  if (name === 'lowongan') await Promise.all([loadRecommendations(), search(), loadApplications()]);
  if (name === 'pelatihan') await Promise.all([loadFittingTrainings(), searchTrainings(), loadEnrolments(), loadCertificates()]);
  if (name === 'kursus') await Promise.all([loadCourseSuggestions(), loadLearning(), searchCourses()]);
  if (name === 'bursa') await loadTickets().then(loadFairs);
  if (name === 'kotak') await loadInbox();
  if (name === 'lainnya') await Promise.all([loadComplaints(), loadSurveys(), loadPreferences()]);
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
  $('lapor').hidden = true;
  try {
    const card = await api('GET', '/v1/me/card');
    box.append(el('p', { class: 'judul' }, 'Nomor ', el('strong', { id: 'nomor-kartu' }, card.number)),
      el('p', {}, el('span', { class: 'lencana', id: 'status-kartu' }, CARD_STATES[card.state] || card.state), ' · berlaku sampai ', card.valid_until),
      el('button', { type: 'button', onclick: cardPdf }, 'Unduh kartu (PDF)'));
    showReports(card);
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

/* ---- the 6-monthly report ---- */

const REPORT_STATES = { still_looking: 'Masih mencari kerja', placed: 'Sudah bekerja' };

/* The schedule and what was reported; the form while the card is active.
 * "Still looking" fills the earliest report due, from 30 days before its
 * date; "placed" may be reported any day. */
function showReports(card) {
  $('lapor').hidden = card.state !== 'active';
  $('lapor-riwayat').tBodies[0].replaceChildren(...card.reports.map((r) => el('tr', {}, el('td', {}, String(r.seq)),
    el('td', {}, r.due_on), el('td', {}, r.reported_on || '–'), el('td', {}, REPORT_STATES[r.status] || '–'))));
  const next = card.reports.find((r) => !r.reported_on);
  const today = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  const days = next ? Math.round((Date.parse(next.due_on) - Date.parse(today)) / 86400e3) : 0;
  $('lapor-jadwal').textContent = !next ? 'Semua laporan sudah dikirim.'
    : days > 30 ? `Laporan ke-${next.seq} dapat dikirim mulai 30 hari sebelum ${next.due_on}. Bila Anda sudah bekerja, laporkan sekarang.`
      : days < 0 ? `Laporan ke-${next.seq} terlambat sejak ${next.due_on}: laporkan sekarang agar kartu tetap berlaku.`
        : `Laporan ke-${next.seq} jatuh tempo ${next.due_on}.`;
}

function reportKind() {
  $('lapor-kerja').hidden = document.querySelector('input[name=lapor-status]:checked').value !== 'placed';
}

async function sendReport(event) {
  event.preventDefault();
  const form = $('form-lapor');
  clearErrors(form);
  const status = document.querySelector('input[name=lapor-status]:checked').value;
  const body = status === 'placed' ? { status, ...formBody(form) } : { status };
  try {
    const card = await api('POST', '/v1/me/card/reports', body);
    form.reset();
    reportKind();
    say(status === 'placed' ? 'Selamat bekerja! Laporan diterima dan kartu Anda ditutup sebagai sudah bekerja.'
      : 'Laporan diterima. Terima kasih.');
    await loadCard();
    return card;
  } catch (err) {
    showError(form, err);
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
  saveBlob(await api('GET', '/v1/me/card/pdf'), 'kartu-ak1.pdf');
}

/* ---- vacancies and applications ---- */

const wageOf = (min, max) => (min ? ' · ' + rupiah(min) + (max ? '–' + Number(max).toLocaleString('id-ID') : '') : '');
const REASONS = { education_fits: 'pendidikan Anda sesuai', occupation_preferred: 'jabatan yang Anda cari',
  same_kecamatan: 'di kecamatan Anda', same_kabkota: 'di kota/kabupaten Anda', age_and_gender_fit: 'usia dan jenis kelamin sesuai' };

/* One vacancy as a card with its Lamar button (id, title, employer's name, place, wage). */
function vacancyCard(id, title, employer, location, wage, until, extra) {
  const error = el('p', { class: 'galat', role: 'alert' });
  return el('li', { 'data-id': String(id) },
    el('p', { class: 'judul' }, title),
    el('p', {}, employer || '', location ? ' · ' + location : '', wage, ' · sampai ', until),
    extra || null,
    el('button', { type: 'button', onclick: () => apply(id, employer, error) }, 'Lamar'), error);
}

async function loadRecommendations() {
  const list = $('daftar-rekomendasi');
  list.replaceChildren();
  let items = [];
  try {
    items = (await api('GET', '/v1/me/recommendations')).items;
  } catch (err) {
    list.append(el('li', {}, err.code === 'profile_missing' ? 'Lengkapi profil Anda untuk melihat lowongan yang cocok.' : err.message));
    return;
  }
  if (!items.length) list.append(el('li', {}, 'Belum ada lowongan yang cocok dengan profil Anda.'));
  for (const v of items.slice(0, 5)) /* the best five: the search is below */
    list.append(vacancyCard(v.vacancy_id, v.title, v.employer, v.location, wageOf(v.wage_min, v.wage_max), v.valid_until,
      el('p', { class: 'alasan' }, 'Cocok: ' + v.reasons.map((r) => REASONS[r] || r).join(', '))));
}

async function search(event) {
  if (event) event.preventDefault();
  const params = new URLSearchParams({ limit: '10' });
  const q = $('cari-kata').value.trim();
  if (q) params.set('q', q);
  for (const [name, id] of [['kecamatan', 'cari-kecamatan'], ['education', 'cari-pendidikan'], ['employment_type', 'cari-hubungan'],
    ['min_wage', 'cari-upah']])
    if ($(id).value) params.set(name, $(id).value);
  if ($('cari-disabilitas').checked) params.set('disability_friendly', 'true');
  const page = await pageInto($('daftar-lowongan'), $('lowongan-lagi'), '/v1/vacancies?' + params,
    (v) => vacancyCard(v.id, v.title, v.employer && v.employer.name, v.location, wageOf(v.wage_min, v.wage_max), v.valid_until),
    'Tidak ada lowongan yang cocok.');
  $('cari-jumlah').textContent = `${page.facets.total}${page.facets.exact ? '' : ' lebih'} lowongan ditemukan.`;
}

async function apply(id, employer, error) {
  error.textContent = '';
  try {
    await api('POST', `/v1/vacancies/${id}/applications`, {});
    say('Lamaran terkirim ke ' + (employer || 'perusahaan') + '.');
    await loadApplications();
  } catch (err) {
    error.textContent = err.message;
  }
}

async function loadApplications() {
  await pageInto($('daftar-lamaran'), $('lamaran-lagi'), '/v1/me/applications?limit=20', (a) =>
    el('li', { 'data-id': String(a.id) }, el('p', { class: 'judul' }, a.title),
      el('p', {}, a.employer || '', a.location ? ' · ' + a.location : '', ' · ', el('span', { class: 'lencana' }, JOB_STATES[a.state] || a.state))),
  'Belum ada lamaran.');
}

/* ---- trainings, enrolments and certificates ---- */

const ENROLMENT_STATES = { applied: 'Menunggu seleksi', accepted: 'Diterima', waitlisted: 'Daftar tunggu', rejected: 'Tidak diterima',
  withdrawn: 'Mengundurkan diri', cancelled: 'Dibatalkan', completed: 'Lulus', dropped: 'Tidak selesai' };
const FUNDING = { apbd: 'gratis (APBD)', apbn: 'gratis (APBN)', dbhcht: 'gratis (DBHCHT)', company: 'dibiayai perusahaan', other: 'biaya lain' };

function trainingCard(t) {
  const error = el('p', { class: 'galat', role: 'alert' });
  return el('li', { 'data-id': String(t.id) },
    el('p', { class: 'judul' }, t.title),
    el('p', {}, t.provider, ' · ', t.location || '', ' · ', FUNDING[t.funding] || t.funding),
    el('p', {}, `${t.start_date} s.d. ${t.end_date} · daftar sampai ${t.registration_closes} · ${t.places_taken} dari ${t.quota} tempat terisi`),
    el('button', { type: 'button', onclick: () => enrol(t, error) }, 'Daftar'), error);
}

async function loadFittingTrainings() {
  const list = $('daftar-pelatihan-cocok');
  list.replaceChildren();
  let items = [];
  try {
    items = (await api('GET', '/v1/me/training-recommendations')).items;
  } catch (err) {
    list.append(el('li', {}, err.code === 'profile_missing' ? 'Lengkapi profil Anda untuk melihat pelatihan yang bisa diikuti.' : err.message));
    return;
  }
  if (!items.length) list.append(el('li', {}, 'Belum ada pelatihan terbuka yang sesuai dengan profil Anda.'));
  for (const t of items.slice(0, 10)) list.append(trainingCard(t));
}

async function searchTrainings(event) {
  if (event) event.preventDefault();
  const q = $('cari-pelatihan').value.trim();
  await pageInto($('daftar-pelatihan'), $('pelatihan-lagi'), '/v1/trainings?limit=10' + (q ? '&q=' + encodeURIComponent(q) : ''),
    trainingCard, 'Tidak ada pelatihan yang sedang membuka pendaftaran.');
}

async function enrol(training, error) {
  error.textContent = '';
  try {
    await api('POST', `/v1/trainings/${training.id}/enrolments`);
    say(`Pendaftaran ke ${training.title} terkirim. ${training.provider} memberi kabar lewat kotak masuk.`);
    await Promise.all([loadEnrolments(), loadFittingTrainings()]);
  } catch (err) {
    error.textContent = err.message;
  }
}

function enrolmentItem(e) {
  const t = e.training;
  const error = el('p', { class: 'galat', role: 'alert' });
  const open = ['applied', 'accepted', 'waitlisted'].includes(e.state) && t.state === 'open';
  return el('li', { 'data-id': String(e.id) },
    el('p', { class: 'judul' }, t.title),
    el('p', {}, t.provider, t.location ? ' · ' + t.location : '', ` · ${t.start_date} s.d. ${t.end_date}`),
    el('p', {}, el('span', { class: 'lencana' }, ENROLMENT_STATES[e.state] || e.state),
      e.attended ? ` · hadir ${e.attended} dari ${t.sessions} sesi` : '',
      e.result ? ' · ' + (e.result === 'competent' ? 'kompeten' : 'belum kompeten') : ''),
    e.note ? el('p', {}, 'Catatan: ' + e.note) : null,
    open ? el('button', { type: 'button', onclick: () => withdrawEnrolment(e, error) }, 'Mengundurkan diri') : null, error);
}

async function loadEnrolments() {
  await pageInto($('daftar-ikut'), $('ikut-lagi'), '/v1/me/enrolments?limit=20', enrolmentItem, 'Anda belum mendaftar pelatihan.');
}

async function withdrawEnrolment(e, error) {
  try {
    await api('POST', `/v1/enrolments/${e.id}/withdraw`);
    say(`Anda mengundurkan diri dari ${e.training.title}.`);
    await loadEnrolments();
  } catch (err) {
    error.textContent = err.message;
  }
}

function certificateItem(c) {
  return el('li', { 'data-number': c.number },
    el('p', { class: 'judul' }, c.scheme),
    el('p', {}, (c.kind === 'bnsp' ? 'Sertifikat kompetensi BNSP' + (c.lsp ? ', ' + c.lsp : '') : 'Sertifikat pelatihan'),
      ' · nomor ', el('strong', {}, c.number)),
    el('p', {}, 'Terbit ' + c.issued_on + (c.expires_on ? ' · berlaku sampai ' + c.expires_on : '')),
    el('a', { href: '/v1/verify/certificates?number=' + encodeURIComponent(c.number), target: '_blank', rel: 'noopener' },
      'Halaman periksa keaslian (untuk pemberi kerja)'));
}

async function loadCertificates() {
  await pageInto($('daftar-sertifikat'), $('sertifikat-lagi'), '/v1/me/certificates?limit=20', certificateItem, 'Belum ada sertifikat.');
}

/* ---- online courses (E-SkillUp) ---- */

const LEVELS = { basic: 'Dasar', intermediate: 'Menengah', advanced: 'Lanjutan' };
let openCourse = null;
let learning = null; /* the person's progress in the open course */
let lastReport = 0;

const minutes = (s) => Math.max(1, Math.round(s / 60)) + ' menit';

function learningItem(l) {
  const percent = l.lessons_total ? Math.round((100 * l.lessons_done) / l.lessons_total) : 0;
  return el('li', { 'data-id': String(l.course.id) },
    el('p', { class: 'judul' }, l.course.title),
    el('p', {}, `${l.lessons_done} dari ${l.lessons_total} pelajaran · ${l.modules_done} dari ${l.modules_total} modul`,
      l.certificate_number ? el('span', { class: 'ok' }, ' · selesai, sertifikat ' + l.certificate_number) : ''),
    el('progress', { max: '100', value: String(percent), 'aria-label': `Kemajuan ${l.course.title}` }),
    el('button', { type: 'button', onclick: () => showCourse(l.course.id) }, l.completed_at ? 'Lihat' : 'Lanjutkan'));
}

function courseItem(c) {
  return el('li', { 'data-id': String(c.id) },
    el('p', { class: 'judul' }, c.title),
    el('p', {}, `${c.provider} · ${c.vocation} · ${LEVELS[c.level] || c.level} · ${c.lessons_count} pelajaran, ${minutes(c.duration_s)}`),
    el('button', { type: 'button', onclick: () => showCourse(c.id) }, 'Buka kursus'));
}

const COURSE_REASONS = { applied_vacancies: 'lowongan yang Anda lamar',
  viewed_vacancies: 'lowongan yang Anda lihat', skills: 'keterampilan Anda',
  preferred_occupation: 'pekerjaan yang Anda cari' };

async function loadCourseSuggestions() {
  const list = $('daftar-saran');
  list.replaceChildren();
  let items = [];
  try {
    items = (await api('GET', '/v1/me/course-recommendations')).items;
  } catch (err) {
    list.append(el('li', {}, err.code === 'profile_missing' ? 'Lengkapi profil Anda untuk melihat kursus yang cocok.' : err.message));
    return;
  }
  if (!items.length) list.append(el('li', {}, 'Belum ada kursus yang cocok dengan profil dan lamaran Anda.'));
  for (const c of items) {
    const item = courseItem(c);
    item.insertBefore(el('p', { class: 'alasan' }, 'Sesuai ' + c.reasons.map((x) => COURSE_REASONS[x] || x).join(', ')), item.lastChild);
    list.append(item);
  }
}

async function loadLearning() {
  await pageInto($('daftar-belajar'), $('belajar-lagi'), '/v1/me/learning?limit=20', learningItem, 'Anda belum memulai kursus daring.');
}

async function searchCourses(event) {
  if (event) event.preventDefault();
  const q = $('cari-kursus').value.trim();
  await pageInto($('daftar-kursus'), $('kursus-lagi'), '/v1/courses?limit=10' + (q ? '&q=' + encodeURIComponent(q) : ''),
    courseItem, 'Tidak ada kursus yang cocok.');
}

function progressOf(lessonId) {
  return (learning && learning.lessons.find((l) => l.lesson_id === lessonId)) || { position_s: 0, done: false };
}

function showLearning() {
  const total = openCourse.lessons_count;
  const done = learning ? learning.lessons_done : 0;
  $('kursus-kemajuan').value = total ? Math.round((100 * done) / total) : 0;
  $('kursus-angka').textContent = `${done} dari ${total} pelajaran selesai`;
  const cert = learning && learning.certificate_number;
  $('kursus-sertifikat').hidden = !cert;
  if (cert) {
    $('kursus-sertifikat').replaceChildren('Selamat, kursus selesai. Sertifikat elektronik nomor ', el('strong', {}, cert), ' · ',
      el('a', { href: '/v1/verify/certificates?number=' + encodeURIComponent(cert), target: '_blank', rel: 'noopener' }, 'periksa keaslian'));
  }
  for (const l of openCourse.modules.flatMap((m) => m.lessons)) {
    const mark = document.querySelector(`[data-lesson="${l.id}"] .tanda`);
    if (mark) mark.textContent = progressOf(l.id).done ? ' ✓ selesai' : '';
  }
}

/* The furthest point watched goes to the server every 10 s of playing, and
 * when playing stops; any device resumes there. */
async function report(lessonId, position, force) {
  if (!force && Date.now() - lastReport < 10000) return;
  lastReport = Date.now();
  try {
    learning = await api('PUT', `/v1/me/lessons/${lessonId}/progress`, { position_s: Math.round(position * 10) / 10 });
    showLearning();
  } catch (err) {
    say(err.message);
  }
}

function lessonView(l) {
  const box = el('div', { class: 'pelajaran', 'data-lesson': String(l.id) }, el('p', { class: 'judul' }, l.title, el('span', { class: 'tanda ok' })));
  if (!l.video) return box;
  if (l.video.kind === 'upload') {
    const video = el('video', { controls: '', preload: 'metadata', playsinline: '', 'aria-label': l.title });
    /* A learners-only course's video plays from a short-lived signed URL. */
    if (l.video.access === 'learners')
      api('GET', `/v1/me/lessons/${l.id}/video-url`).then((u) => { video.src = u.url; }).catch((err) => say(err.message));
    else video.src = l.video.url;
    video.addEventListener('loadedmetadata', () => {
      const at = progressOf(l.id).position_s;
      if (at > 0 && at < video.duration - 1) video.currentTime = at;
    });
    video.addEventListener('timeupdate', () => report(l.id, video.currentTime, false));
    for (const e of ['pause', 'ended']) video.addEventListener(e, () => report(l.id, video.currentTime, true));
    box.append(video);
  } else {
    /* A video elsewhere: the time spent on it counts, while this page is open. */
    let opened = 0;
    let timer = null;
    const tick = () => report(l.id, (Date.now() - opened) / 1000, true);
    box.append(el('p', {}, el('a', { href: l.video.url, target: '_blank', rel: 'noopener', onclick: () => {
      opened = Date.now();
      clearInterval(timer);
      timer = setInterval(() => { if (!document.getElementById('kursus-buka').hidden) tick(); else clearInterval(timer); }, 10000);
    } }, `Tonton video (${minutes(l.video.duration_s)}, di situs lain)`)));
  }
  return box;
}

function quizView(m) {
  if (!m.quiz.length) return null;
  const result = el('p', { role: 'status', 'aria-live': 'polite' });
  const form = el('form', { class: 'kuis', novalidate: '' }, el('h4', {}, 'Kuis: ' + m.title),
    ...m.quiz.map((q, i) => el('fieldset', {}, el('legend', {}, `${i + 1}. ${q.question}`),
      ...q.options.map((o, j) => el('label', { class: 'centang' }, el('input', { type: 'radio', name: `kuis-${m.id}-${i}`, value: String(j) }), ' ' + o)))),
    el('button', { type: 'submit' }, 'Kirim jawaban'), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answers = m.quiz.map((q, i) => {
      const chosen = form.querySelector(`input[name="kuis-${m.id}-${i}"]:checked`);
      return chosen ? Number(chosen.value) : -1;
    });
    if (answers.includes(-1)) {
      result.textContent = 'Jawab semua pertanyaan dahulu.';
      return;
    }
    try {
      learning = await api('POST', `/v1/me/modules/${m.id}/quiz-attempts`, { answers });
      result.textContent = learning.quiz.passed ? `Nilai ${learning.quiz.score_percent}: lulus.`
        : `Nilai ${learning.quiz.score_percent}: belum lulus (perlu ${m.pass_percent}). Coba lagi.`;
      showLearning();
    } catch (err) {
      result.textContent = err.message;
    }
  });
  return form;
}

async function showCourse(id) {
  openCourse = await api('GET', `/v1/courses/${id}`);
  const mine = await api('GET', '/v1/me/learning?limit=200');
  learning = mine.items.find((l) => l.course.id === id) || null;
  $('kursus-judul').textContent = openCourse.title;
  $('kursus-ket').textContent = `${openCourse.provider} · ${openCourse.vocation} · ${LEVELS[openCourse.level] || openCourse.level} · ${openCourse.description}`;
  $('kursus-modul').replaceChildren(...openCourse.modules.map((m) => el('section', { class: 'modul', 'data-module': String(m.id) },
    el('h4', {}, `Modul ${m.seq}: ${m.title}`), ...m.lessons.map(lessonView), quizView(m))));
  $('kursus-daftar').hidden = true;
  $('kursus-buka').hidden = false;
  showLearning();
}

async function closeCourse() {
  for (const v of document.querySelectorAll('#kursus-modul video')) v.pause();
  $('kursus-buka').hidden = true;
  $('kursus-daftar').hidden = false;
  openCourse = null;
  await loadLearning();
}

/* ---- the tracer survey ---- */

const OUTCOMES = { working: 'Bekerja', further_study: 'Melanjutkan sekolah atau kuliah', self_employed: 'Berwirausaha',
  looking: 'Masih mencari kerja' };
const WAGE_BANDS = { below_1m: 'Kurang dari Rp1 juta', '1m_to_3m': 'Rp1 juta–Rp3 juta', '3m_to_5m': 'Rp3 juta–Rp5 juta',
  above_5m: 'Lebih dari Rp5 juta' };
const RELEVANCE = { very_relevant: 'Sangat sesuai', relevant: 'Sesuai', somewhat_relevant: 'Kurang sesuai', not_relevant: 'Tidak sesuai' };

function choice(id, field, label, options) {
  const select = el('select', { id, 'data-field': field }, el('option', { value: '' }, '— pilih —'));
  for (const [value, text] of Object.entries(options)) select.append(el('option', { value }, text));
  return [el('label', { for: id }, label), select, el('p', { class: 'galat', 'data-error-for': field })];
}

function surveyItem(s) {
  const about = `${s.about || (s.cohort_kind === 'bkk' ? 'Sekolah Anda' : 'Pelatihan')} · ${s.wave} bulan setelah ${s.cohort_kind === 'bkk' ? 'lulus' : 'selesai'}`;
  if (s.answered_at)
    return el('li', { 'data-id': String(s.id) }, el('p', { class: 'judul' }, about),
      el('p', {}, 'Terjawab: ' + (OUTCOMES[s.outcome] || s.outcome) + (s.employer ? ' di ' + s.employer : '') +
        ' · ' + (RELEVANCE[s.relevance] || s.relevance)));
  const form = el('form', { class: 'survei', novalidate: '' },
    ...choice(`survei-${s.id}-keadaan`, 'outcome', 'Keadaan Anda sekarang', OUTCOMES),
    el('div', { class: 'kerja', hidden: '' }, el('label', { for: `survei-${s.id}-tempat` }, 'Nama tempat bekerja'),
      el('input', { id: `survei-${s.id}-tempat`, 'data-field': 'employer' }), el('p', { class: 'galat', 'data-error-for': 'employer' })),
    el('div', { class: 'upah', hidden: '' }, ...choice(`survei-${s.id}-upah`, 'wage_band', 'Penghasilan per bulan', WAGE_BANDS)),
    ...choice(`survei-${s.id}-relevan`, 'relevance', 'Kesesuaian dengan pelatihan atau jurusan Anda', RELEVANCE),
    el('button', { type: 'submit' }, 'Kirim jawaban'), el('p', { class: 'galat', role: 'alert' }));
  const outcome = form.querySelector('[data-field=outcome]');
  outcome.addEventListener('change', () => {
    form.querySelector('.kerja').hidden = outcome.value !== 'working';
    form.querySelector('.upah').hidden = !['working', 'self_employed'].includes(outcome.value);
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = formBody(form);
    if (body.outcome !== 'working') delete body.employer;
    if (!['working', 'self_employed'].includes(body.outcome)) delete body.wage_band;
    try {
      await api('POST', `/v1/me/tracer-surveys/${s.id}`, body);
      say('Terima kasih, jawaban Anda tersimpan.');
      await loadSurveys();
    } catch (err) {
      showError(form, err, form.querySelector('[role=alert]'));
    }
  });
  return el('li', { 'data-id': String(s.id) }, el('p', { class: 'judul' }, about), form);
}

async function loadSurveys() {
  await pageInto($('daftar-survei'), $('survei-lagi'), '/v1/me/tracer-surveys?limit=20', surveyItem, 'Tidak ada survei untuk Anda.');
}

/* ---- the person's data: a copy, and deletion ---- */

async function downloadData() {
  try {
    const data = await api('GET', '/v1/me/data-export');
    saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), 'data-saya.json');
  } catch (err) {
    say(err.message);
  }
}

async function deleteAccount(event) {
  event.preventDefault();
  const form = $('form-hapus');
  clearErrors(form);
  $('hapus-pesan').textContent = '';
  if (!$('hapus-yakin').checked) {
    $('hapus-pesan').textContent = 'Centang pernyataan di atas bila Anda yakin.';
    return;
  }
  try {
    await api('POST', '/v1/me/deletion', { password: $('hapus-sandi').value });
    form.reset();
    signedOut('Akun dan data pribadi Anda sudah dihapus.');
  } catch (err) {
    showError(form, err, $('hapus-pesan'));
  }
}

/* ---- the inbox ---- */

async function unread() {
  const page = await api('GET', '/v1/me/notifications?limit=1');
  $('belum-dibaca').textContent = String(page.unread);
}

/* ---- job fairs: tickets with their QR code ---- */

const fairDays = (f) => (f.start_date === f.end_date ? f.start_date : `${f.start_date} s.d. ${f.end_date}`);
const fairPlace = (f) => (f.venue_kind === 'online' ? 'Daring' : [f.venue, f.kecamatan].filter(Boolean).join(', '));

/* The fairs the person holds a ticket for (loadTickets): no second sign-up button. */
let ticketFairs = new Set();

function fairItem(f) {
  const error = el('p', { class: 'galat', role: 'alert' });
  return el('li', { 'data-id': String(f.id) },
    el('p', { class: 'judul' }, f.name),
    el('p', {}, `${fairDays(f)}, pukul ${f.opens_at}-${f.closes_at} · ${fairPlace(f)}`),
    el('p', {}, `${f.booths_count} perusahaan · pendaftaran ${f.registration_opens} s.d. ${f.registration_closes} · sisa ${Math.max(0, f.capacity - f.registered)} tempat`),
    ticketFairs.has(f.id) ? el('p', {}, el('span', { class: 'lencana' }, 'Sudah terdaftar: tiket ada di atas'))
      : el('button', { type: 'button', onclick: () => registerFair(f, error) }, 'Daftar dan ambil tiket'), error);
}

async function loadFairs() {
  await pageInto($('daftar-bursa'), $('bursa-lagi'), '/v1/job-fairs?when=upcoming&limit=10', fairItem, 'Belum ada bursa kerja yang diumumkan.');
}

async function registerFair(f, error) {
  error.textContent = '';
  try {
    await api('POST', `/v1/job-fairs/${f.id}/tickets`);
    say(`Anda terdaftar di ${f.name}. Tiket Anda ada di atas: tunjukkan kode QR-nya di pintu masuk.`);
    await loadTickets();
    await loadFairs();
  } catch (err) {
    error.textContent = err.message;
  }
}

/* The QR code is the daemon's SVG, parsed and placed as an element (the
 * page's CSP loads images from this origin only, and the request needs the
 * session). */
async function ticketQr(ticket, box) {
  try {
    const blob = await api('GET', `/v1/me/fair-tickets/${ticket.id}/qr`);
    const doc = new DOMParser().parseFromString(await blob.text(), 'image/svg+xml');
    const svg = document.importNode(doc.documentElement, true);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Kode QR tiket ' + ticket.fair.name);
    svg.setAttribute('class', 'qr');
    box.replaceChildren(svg);
  } catch (err) {
    box.replaceChildren(el('p', { class: 'galat' }, err.message));
  }
}

function ticketItem(t) {
  const qr = el('div', { class: 'qr-tiket' });
  ticketQr(t, qr);
  const at = t.checked_in_at ? new Date(t.checked_in_at).toLocaleTimeString('id-ID', { hour: '2-digit', minute: '2-digit' }) : '';
  return el('li', { 'data-id': String(t.id) },
    el('p', { class: 'judul' }, t.fair.name),
    el('p', {}, `${fairDays(t.fair)}, pukul ${t.fair.opens_at}-${t.fair.closes_at} · ${fairPlace(t.fair)}`),
    el('p', {}, el('span', { class: 'lencana' }, t.checked_in_at ? 'Sudah masuk pukul ' + at : 'Belum check-in'),
      ' · ', t.holder, t.fair.state === 'cancelled' ? ' · dibatalkan' : ''),
    qr, el('p', { class: 'sub' }, 'Kode tiket (untuk petugas bila QR tidak terbaca): ', el('code', {}, t.code)));
}

async function loadTickets() {
  const list = $('daftar-tiket');
  try {
    const items = (await api('GET', '/v1/me/fair-tickets')).items;
    ticketFairs = new Set(items.map((t) => t.fair_id));
    list.replaceChildren(...(items.length ? items.map(ticketItem) : [el('li', {}, 'Anda belum mendaftar bursa kerja.')]));
  } catch (err) {
    list.replaceChildren(el('li', {}, err.message));
  }
}

async function loadInbox() {
  const page = await pageInto($('daftar-kotak'), $('kotak-lagi'), '/v1/me/notifications?limit=20', (n) =>
    el('li', { 'data-id': String(n.id), class: n.read ? '' : 'belum' },
      el('p', { class: 'judul' }, n.title), el('p', {}, n.body), el('p', { class: 'sub' }, n.created_at.slice(0, 10))),
  'Belum ada pemberitahuan.');
  $('belum-dibaca').textContent = String(page.unread);
  /* Newest first: everything up to the newest is read. */
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
  await pageInto($('daftar-pengaduan'), $('pengaduan-lagi'), '/v1/me/complaints?limit=20', (c) =>
    el('li', { 'data-id': String(c.id) }, el('p', { class: 'judul' }, c.subject),
      el('p', {}, el('span', { class: 'lencana' }, COMPLAINT_STATES[c.state] || c.state), ' · ', c.created_at.slice(0, 10)),
      c.answer ? el('p', {}, 'Jawaban petugas: ' + c.answer) : null),
  'Belum ada pengaduan.');
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
$('form-lapor').addEventListener('submit', sendReport);
for (const r of document.querySelectorAll('input[name=lapor-status]')) r.addEventListener('change', reportKind);
$('form-cari-pelatihan').addEventListener('submit', searchTrainings);
$('form-cari-kursus').addEventListener('submit', searchCourses);
$('kursus-tutup').addEventListener('click', closeCourse);
$('unduh-data').addEventListener('click', downloadData);
$('form-hapus').addEventListener('submit', deleteAccount);
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
