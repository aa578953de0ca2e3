/* The organisations' portal: a company, an LPK or a BKK signs up, keeps its
 * profile and (a company) reports its vacancies and follows their
 * applicants.  Plain JavaScript against sidakerd's public API, no build
 * step, nothing fetched from outside (the page's CSP allows only this
 * origin).  Every refusal shows the API's message next to the field it
 * names.  The session token lives in sessionStorage: it ends with the tab. */
'use strict';

const STATES = {
  draft: 'Draf', pending: 'Menunggu pemeriksaan', published: 'Tayang', rejected: 'Dikembalikan',
  withdrawn: 'Ditarik', filled: 'Terisi', expired: 'Kedaluwarsa',
};
const APPLICATION_STATES = {
  applied: 'Melamar', viewed: 'Dilihat', interview: 'Wawancara', accepted: 'Diterima', rejected: 'Ditolak',
  withdrawn: 'Ditarik pelamar',
};
const VERIFICATION = {
  pending: 'Menunggu verifikasi petugas Disnaker: lengkapi profil di bawah.',
  verified: 'Terverifikasi: organisasi Anda dapat melaporkan lowongan dan penempatan.',
  rejected: 'Verifikasi ditolak.',
};
const DOCUMENTS = { photo: 'Pas foto', diploma: 'Ijazah', certificate: 'Sertifikat', work_letter: 'Surat keterangan kerja' };

let token = sessionStorage.getItem('sidakerd-portal');
let me = null;
let lists = {};
let applicantsOf = null;
let applicantsCursor = null;

const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const headers = { 'Accept-Language': 'id' };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('Content-Type') || '';
  const data = res.status === 204 ? null : type.startsWith('application/json') ? await res.json() : await res.blob();
  if (res.status === 401 && path !== '/v1/auth/login') signedOut('Sesi berakhir. Silakan masuk lagi.');
  if (!res.ok) {
    const err = new Error(data && data.error ? data.error.message : 'Permintaan gagal (' + res.status + ').');
    err.status = res.status;
    err.code = data && data.error ? data.error.code : '';
    err.field = data && data.error ? data.error.field : '';
    err.data = data;
    throw err;
  }
  return data;
}

function say(text, error) {
  $('pesan').textContent = text;
  $('pesan').className = 'pesan' + (error ? ' galat-umum' : '');
}

/* A file the API makes (CSV, XLSX), saved under name. */
async function exportFile(path, name) {
  try {
    saveBlob(await api('GET', path), name);
  } catch (err) {
    say(err.message, true);
  }
}

/* ---- forms: what they send, where a refusal shows ---- */

function fillForm(form, data) {
  for (const input of form.querySelectorAll('[data-field]')) {
    const v = data ? data[input.dataset.field] : null;
    if (v !== null && v !== undefined) input.value = Array.isArray(v) ? v.join(', ') : String(v);
  }
}

/* Pickers from the reference routes: the same lists the API checks against. */
async function loadReference() {
  const [ref, regions] = await Promise.all([api('GET', '/v1/reference'), api('GET', '/v1/reference/regions')]);
  lists = ref.lists;
  for (const select of document.querySelectorAll('select[data-list], select[data-regions]')) {
    select.replaceChildren();
    if (select.dataset.optional || select.dataset.regions) select.append(el('option', { value: '' }, '— pilih —'));
    const items = select.dataset.list
      ? lists[select.dataset.list].map((i) => [i.value, i.label])
      : regions.items.map((r) => [r.code, r.name]);
    for (const [value, label] of items) select.append(el('option', { value }, label));
  }
}

/* ---- signing up and in ---- */

function show(section) {
  for (const id of ['masuk', 'daftar', 'isi']) $(id).hidden = id !== section;
}

function signedOut(message) {
  token = null;
  me = null;
  sessionStorage.removeItem('sidakerd-portal');
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
  body.role = $('daftar-peran').value;
  try {
    await api('POST', '/v1/auth/register', body);
    form.reset();
    $('pesan-daftar').textContent = `Pendaftaran diterima. Kami mengirim tautan aktivasi ke ${body.email}: ` +
      'ketuk tautan itu, lalu masuk di sini.';
  } catch (err) {
    showError(form, err, $('pesan-daftar'));
  }
}

async function signIn(event) {
  event.preventDefault();
  $('pesan-masuk').textContent = '';
  try {
    const res = await api('POST', '/v1/auth/login', { login: $('masuk-email').value, password: $('masuk-sandi').value });
    token = res.token;
    sessionStorage.setItem('sidakerd-portal', token);
    await start();
  } catch (err) {
    $('pesan-masuk').textContent = err.message;
  }
}

async function start() {
  me = await api('GET', '/v1/me');
  if (!['company', 'lpk', 'bkk'].includes(me.role)) {
    await api('POST', '/v1/auth/logout').catch(() => {});
    signedOut('Portal ini untuk perusahaan, LPK dan BKK. Pencari kerja memakai aplikasi; petugas memakai dasbor.');
    return;
  }
  $('nama-akun').textContent = me.name;
  $('akun').hidden = false;
  document.body.dataset.role = me.role;
  for (const n of document.querySelectorAll('.hanya-company')) n.hidden = me.role !== 'company';
  for (const n of document.querySelectorAll('.hanya-bkk')) n.hidden = me.role !== 'bkk';
  $('tab-lowongan').hidden = me.role !== 'company';
  $('tab-pelatihan').hidden = me.role !== 'lpk';
  $('tab-alumni').hidden = me.role !== 'bkk';
  $('tab-kursus').hidden = me.role !== 'lpk';
  $('tab-bursa').hidden = me.role !== 'company';
  /* A company is its own employer; an LPK or a BKK names the employer. */
  for (const n of document.querySelectorAll('.bukan-company')) n.hidden = me.role === 'company';
  /* Every sign-in starts on the profile, whatever the last account saw. */
  for (const id of ['lowongan', 'pelatihan', 'kursus', 'alumni', 'bursa', 'penempatan']) $(id).hidden = true;
  $('profil').hidden = false;
  show('isi');
  await loadReference();
  await loadProfile();
  tab('profil');
}

function tab(name) {
  for (const b of document.querySelectorAll('.tab button')) {
    if (b.dataset.tab === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  for (const id of ['profil', 'lowongan', 'pelatihan', 'kursus', 'alumni', 'bursa', 'penempatan']) $(id).hidden = name !== id;
  if (name === 'bursa') loadFairs().catch((err) => say(err.message, true));
  if (name === 'kursus') loadCourses().catch((err) => say(err.message, true));
  if (name === 'alumni') loadCohorts();
  say('');
  if (name === 'lowongan') loadVacancies();
  if (name === 'pelatihan') Promise.all([loadTrainings(), loadYear()]).catch((err) => say(err.message, true));
  if (name === 'penempatan') loadPlacements(true);
}

/* ---- the organisation's profile ---- */

async function loadProfile() {
  me = await api('GET', '/v1/me');
  const state = me.verification || 'pending';
  $('status-verifikasi').textContent = VERIFICATION[state] +
    (me.verification_note ? ' Catatan petugas: ' + me.verification_note : '');
  try {
    fillForm($('form-profil'), await api('GET', '/v1/me/organisation'));
  } catch (err) {
    if (err.status !== 404 && err.status !== 409) throw err; /* no profile yet: an empty form */
  }
}

async function saveProfile(event) {
  event.preventDefault();
  const form = $('form-profil');
  clearErrors(form);
  try {
    await api('PUT', '/v1/me/organisation', formBody(form));
    await loadProfile();
    say('Profil tersimpan.');
  } catch (err) {
    showError(form, err);
  }
}

/* ---- a company's vacancies ---- */

function vacancyItem(v) {
  const actions = el('div', { class: 'baris' });
  if (v.state === 'draft' || v.state === 'rejected')
    actions.append(el('button', { type: 'button', onclick: () => submitVacancy(v.id) }, 'Ajukan ke Disnaker'));
  if (['published', 'filled', 'expired'].includes(v.state))
    actions.append(el('button', { type: 'button', onclick: () => showApplicants(v) }, 'Lihat pelamar'));
  if (['draft', 'pending', 'published', 'rejected'].includes(v.state))
    actions.append(el('button', { type: 'button', onclick: () => withdrawVacancy(v) }, 'Tarik lowongan'));
  return el('li', { 'data-id': String(v.id) },
    el('p', { class: 'judul' }, v.title),
    el('p', {}, el('span', { class: 'lencana' }, STATES[v.state] || v.state), ' · berlaku sampai ', v.valid_until),
    v.moderation_note ? el('p', {}, 'Catatan petugas: ' + v.moderation_note) : null,
    actions, v.state === 'published' ? filledForm(v) : null);
}

/* Perpres 57/2023 Pasal 6: a filled vacancy is reported with how many men
 * and women were hired. */
function filledForm(v) {
  const field = (name, label) => {
    const id = `terisi-${v.id}-${name}`;
    return el('div', {}, el('label', { for: id }, label),
      el('input', { id, type: 'number', min: '0', value: '0', 'data-field': name, 'data-type': 'integer' }),
      el('p', { class: 'galat', 'data-error-for': name }));
  };
  const form = el('form', { class: 'terisi', novalidate: '' }, el('p', { class: 'sub' }, 'Sudah terisi? Laporkan berapa yang diterima:'),
    field('men', 'Laki-laki'), field('women', 'Perempuan'), el('button', { type: 'submit' }, 'Laporkan terisi'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await api('POST', `/v1/vacancies/${v.id}/filled`, formBody(form));
      say(`${v.title}: dilaporkan terisi. Lowongan tidak tayang lagi.`);
      await loadVacancies();
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

async function withdrawVacancy(v) {
  try {
    await api('POST', `/v1/vacancies/${v.id}/withdraw`);
    say(`${v.title}: ditarik. Lamaran yang masih terbuka diberi tahu.`);
  } catch (err) {
    say(err.message, true);
  }
  await loadVacancies();
}

async function loadVacancies() {
  await pageInto($('daftar-lowongan'), $('lowongan-lagi'), '/v1/me/vacancies?limit=20', vacancyItem, 'Belum ada lowongan.');
}

async function saveVacancy(event) {
  event.preventDefault();
  const form = $('form-lowongan');
  clearErrors(form);
  try {
    await api('POST', '/v1/vacancies', formBody(form));
    form.reset();
    form.hidden = true;
    say('Lowongan tersimpan sebagai draf. Ajukan ke Disnaker agar diperiksa dan tayang.');
    await loadVacancies();
  } catch (err) {
    showError(form, err);
  }
}

async function submitVacancy(id) {
  try {
    const v = await api('POST', `/v1/vacancies/${id}/submit`);
    say(v.state === 'published' ? 'Lowongan tayang.' : 'Lowongan diajukan; petugas Disnaker memeriksanya.');
  } catch (err) {
    say(err.message, true);
  }
  await loadVacancies();
}

/* ---- applicants ---- */

async function showApplicants(vacancy) {
  applicantsOf = vacancy;
  applicantsCursor = null;
  $('judul-pelamar').textContent = 'Pelamar: ' + vacancy.title;
  $('daftar-pelamar').replaceChildren();
  $('pelamar').hidden = false;
  await moreApplicants();
  $('judul-pelamar').scrollIntoView();
}

async function moreApplicants() {
  const cursor = applicantsCursor ? '&cursor=' + encodeURIComponent(applicantsCursor) : '';
  const page = await api('GET', `/v1/vacancies/${applicantsOf.id}/applications?limit=20${cursor}`);
  applicantsCursor = page.next_cursor;
  $('pelamar-lagi').hidden = !page.next_cursor;
  const list = $('daftar-pelamar');
  if (!page.items.length && !cursor) list.append(el('li', {}, 'Belum ada pelamar.'));
  for (const a of page.items) list.append(applicantItem(a));
}

function applicantItem(a) {
  const item = el('li', { 'data-id': String(a.id) });
  if (!a.open) {
    /* Closed: the employer keeps the outcome only (the person's data was lent for the choice). */
    item.append(el('p', { class: 'judul' }, 'Lamaran #' + a.id),
      el('p', {}, el('span', { class: 'lencana' }, APPLICATION_STATES[a.state] || a.state), ' · data pelamar tidak ditampilkan lagi'));
    return item;
  }
  const education = (lists.education_level || []).find((e) => e.value === a.education_level);
  item.append(el('p', { class: 'judul' }, a.name),
    el('p', {}, el('span', { class: 'lencana' }, APPLICATION_STATES[a.state] || a.state), ' · ',
      education ? education.label : a.education_level || '', a.kecamatan ? ' · ' + a.kecamatan : '',
      a.phone ? ' · ' + a.phone : ''),
    a.cover_note ? el('p', {}, '“' + a.cover_note + '”') : null);
  const docs = el('div', { class: 'baris' });
  for (const d of a.documents || [])
    docs.append(el('button', { type: 'button', onclick: () => download(a.id, d) }, 'Unduh ' + (DOCUMENTS[d.kind] || d.kind)));
  item.append(docs);
  const select = el('select', { 'aria-label': 'Status lamaran ' + a.name },
    ...['viewed', 'interview', 'accepted', 'rejected'].map((s) => el('option', { value: s }, APPLICATION_STATES[s])));
  const start = el('input', { type: 'date', 'aria-label': 'Tanggal mulai bekerja ' + a.name });
  const error = el('p', { class: 'galat', role: 'alert' });
  const move = async () => {
    error.textContent = '';
    const body = { state: select.value };
    if (select.value === 'accepted' && start.value) body.start_date = start.value;
    try {
      await api('POST', `/v1/applications/${a.id}/status`, body);
      say(select.value === 'accepted' ? 'Pelamar diterima; penempatannya tercatat.' : 'Status lamaran diubah.');
      await showApplicants(applicantsOf);
    } catch (err) {
      error.textContent = err.message;
    }
  };
  item.append(el('div', { class: 'baris' }, select, start, el('button', { type: 'button', onclick: move }, 'Ubah status')), error);
  return item;
}

async function download(applicationId, doc) {
  try {
    const blob = await api('GET', `/v1/applications/${applicationId}/documents/${doc.id}`);
    saveBlob(blob, `${doc.kind}-${doc.id}.${doc.media_type === 'application/pdf' ? 'pdf' : 'jpg'}`);
  } catch (err) {
    say(err.message, true);
  }
}

/* ---- an LPK's trainings ---- */

const TRAINING_STATES = { draft: 'Draf', open: 'Pendaftaran dibuka', running: 'Berjalan', finished: 'Selesai', cancelled: 'Batal' };
const TRAINING_MOVES = { draft: [['open', 'Buka pendaftaran']], open: [['running', 'Mulai pelatihan'], ['cancelled', 'Batalkan']],
  running: [['finished', 'Selesaikan']] };
const ENROLMENT_STATES = { applied: 'Mendaftar', accepted: 'Diterima', waitlisted: 'Daftar tunggu', rejected: 'Ditolak',
  completed: 'Lulus', dropped: 'Tidak selesai', withdrawn: 'Mengundurkan diri', cancelled: 'Dibatalkan' };
const RESULTS = { competent: 'kompeten', not_yet_competent: 'belum kompeten' };
let participantsOf = null;

function trainingItem(t) {
  const actions = el('div', { class: 'baris' });
  for (const [to, label] of TRAINING_MOVES[t.state] || [])
    actions.append(el('button', { type: 'button', onclick: () => moveTraining(t.id, to) }, label));
  if (t.state !== 'draft')
    actions.append(el('button', { type: 'button', onclick: () => showParticipants(t) }, 'Peserta'));
  return el('li', { 'data-id': String(t.id) },
    el('p', { class: 'judul' }, t.title),
    el('p', {}, el('span', { class: 'lencana' }, TRAINING_STATES[t.state] || t.state),
      ` · ${t.start_date} s.d. ${t.end_date} · ${t.places_taken} dari ${t.quota} tempat terisi` +
      (t.waitlisted ? `, ${t.waitlisted} menunggu` : '')),
    actions);
}

async function loadTrainings() {
  await pageInto($('daftar-pelatihan'), $('pelatihan-lagi'), '/v1/me/trainings?limit=20', trainingItem, 'Belum ada pelatihan.');
}

async function saveTraining(event) {
  event.preventDefault();
  const form = $('form-pelatihan');
  clearErrors(form);
  try {
    await api('POST', '/v1/trainings', formBody(form));
    form.reset();
    form.hidden = true;
    say('Pelatihan tersimpan sebagai draf. Buka pendaftarannya bila sudah siap.');
    await loadTrainings();
  } catch (err) {
    showError(form, err);
  }
}

async function moveTraining(id, to) {
  try {
    await api('POST', `/v1/trainings/${id}/state`, { state: to });
    say('Pelatihan: ' + TRAINING_STATES[to] + '.');
  } catch (err) {
    say(err.message, true);
  }
  await loadTrainings();
  if (participantsOf && participantsOf.id === id) await showParticipants((await api('GET', `/v1/trainings/${id}`)));
}

function participantItem(training, e) {
  const actions = el('div', { class: 'baris' });
  const error = el('p', { class: 'galat', role: 'alert' });
  if (e.state === 'applied' || e.state === 'waitlisted')
    for (const [to, label] of [['accepted', 'Terima'], ['waitlisted', 'Daftar tunggu'], ['rejected', 'Tolak']])
      if (to !== e.state)
        actions.append(el('button', { type: 'button', onclick: () => decide(e.id, { state: to }, error) }, label));
  if (e.state === 'accepted' && training.state !== 'open') {
    actions.append(el('button', { type: 'button', onclick: () => result(e.id, { completion: 'completed', competency: 'competent' }, error) }, 'Lulus, kompeten'));
    actions.append(el('button', { type: 'button', onclick: () => result(e.id, { completion: 'completed', competency: 'not_yet_competent' }, error) }, 'Lulus, belum kompeten'));
    actions.append(el('button', { type: 'button', onclick: () => result(e.id, { completion: 'dropped' }, error) }, 'Tidak selesai'));
  }
  if (e.state === 'completed')
    actions.append(el('button', { type: 'button', onclick: () => certificateFor(e) }, 'Catat sertifikat'));
  /* The attendance sheet lists whoever takes part. */
  if (e.state === 'accepted') {
    const id = 'hadir-' + e.id;
    $('hadir-nama').append(el('label', { class: 'centang', for: id }, el('input', { type: 'checkbox', id, value: String(e.id), checked: '' }), ' ' + e.name));
  }
  return el('li', { 'data-id': String(e.id) },
    el('p', { class: 'judul' }, e.name),
    el('p', {}, el('span', { class: 'lencana' }, ENROLMENT_STATES[e.state] || e.state),
      ` · hadir ${e.attended || 0} sesi` + (e.result ? ' · ' + (RESULTS[e.result] || e.result) : '')),
    actions, error);
}

async function showParticipants(training) {
  participantsOf = training;
  $('judul-peserta').textContent = 'Peserta: ' + training.title;
  $('peserta').hidden = false;
  $('form-sertifikat').hidden = true;
  $('hadir-nama').replaceChildren();
  await pageInto($('daftar-peserta'), $('peserta-lagi'), `/v1/trainings/${training.id}/enrolments?limit=200`,
    (e) => participantItem(training, e), 'Belum ada pendaftar.');
  $('form-hadir').hidden = training.state !== 'running' || !$('hadir-nama').children.length;
}

/* ---- certificates ---- */

let certificateOf = null;

function certificateFor(enrolment) {
  certificateOf = enrolment;
  const form = $('form-sertifikat');
  form.reset();
  clearErrors(form);
  $('sertifikat-pesan').textContent = '';
  $('judul-sertifikat').textContent = 'Sertifikat untuk ' + enrolment.name;
  $('ser-skema').value = participantsOf.bnsp_scheme || participantsOf.title;
  $('ser-terbit').value = localToday();
  certificateKind();
  form.hidden = false;
  $('ser-nomor').focus();
}

/* A BNSP certificate names its LSP and its expiry; the LPK's own does not. */
function certificateKind() {
  for (const n of document.querySelectorAll('.hanya-bnsp')) n.hidden = $('ser-jenis').value !== 'bnsp';
}

async function saveCertificate(event) {
  event.preventDefault();
  const form = $('form-sertifikat');
  clearErrors(form);
  const body = formBody(form);
  if (body.kind !== 'bnsp') {
    delete body.lsp;
    delete body.expires_on;
  }
  try {
    const c = await api('POST', `/v1/enrolments/${certificateOf.id}/certificates`, body);
    form.hidden = true;
    say(`Sertifikat ${c.number} tercatat untuk ${certificateOf.name}; pemiliknya diberi tahu.`);
    await loadYear();
  } catch (err) {
    showError(form, err, $('sertifikat-pesan'));
  }
}

/* ---- an LPK's year in figures ---- */

async function loadYear() {
  const select = $('rekap-tahun');
  if (!select.options.length) {
    const now = new Date().getFullYear();
    for (let y = now; y > now - 5; y--) select.append(el('option', { value: String(y) }, String(y)));
  }
  const s = await api('GET', '/v1/stats/trainings?year=' + select.value);
  const rows = [['Pelatihan yang berakhir', s.trainings_ended], ['Peserta lulus (orang)', s.trained.persons],
    ['Kelulusan (satu orang bisa lebih dari sekali)', s.trained.completions], ['Tidak selesai', s.dropped],
    ['Kompeten (orang)', s.certified_competent.persons], ['Sertifikat terbit', s.certificates.total]];
  $('rekap-angka').caption.textContent = 'Angka tahun ' + s.year;
  $('rekap-angka').tBodies[0].replaceChildren(...rows.map(([label, n]) =>
    el('tr', {}, el('th', { scope: 'row' }, label), el('td', { class: 'angka' }, String(n)))));
  const vocations = s.trained.by_vocation.map((v) => el('tr', {}, el('td', {}, v.vocation), el('td', {}, String(v.persons)),
    el('td', {}, String(v.competent))));
  if (!vocations.length) vocations.push(el('tr', {}, el('td', { colspan: '3' }, 'Belum ada peserta lulus tahun ini.')));
  $('rekap-kejuruan').tBodies[0].replaceChildren(...vocations);
  await loadCohorts('training', 'kohort-pelatihan');
}

async function decide(id, body, error) {
  try {
    await api('POST', `/v1/enrolments/${id}/decision`, body);
    await showParticipants(participantsOf);
    await loadTrainings();
  } catch (err) {
    error.textContent = err.message;
  }
}

async function result(id, body, error) {
  try {
    await api('POST', `/v1/enrolments/${id}/result`, body);
    await showParticipants(participantsOf);
  } catch (err) {
    error.textContent = err.message;
  }
}

async function saveAttendance(event) {
  event.preventDefault();
  const boxes = [...$('hadir-nama').querySelectorAll('input[type=checkbox]')];
  const body = { session: Number($('hadir-sesi').value), present: boxes.filter((b) => b.checked).map((b) => Number(b.value)),
    absent: boxes.filter((b) => !b.checked).map((b) => Number(b.value)) };
  try {
    await api('POST', `/v1/trainings/${participantsOf.id}/attendance`, body);
    $('hadir-pesan').textContent = `Daftar hadir sesi ${body.session} tersimpan.`;
    await showParticipants(participantsOf);
  } catch (err) {
    $('hadir-pesan').textContent = err.message;
  }
}

/* ---- a company at the office's job fairs ---- */

const BOOTH_STATES = { invited: 'Diundang', requested: 'Menunggu keputusan Disnaker', accepted: 'Stan diterima', refused: 'Ditolak' };
let fairOpen = null;

async function fairItem(f) {
  const mine = (await api('GET', `/v1/job-fairs/${f.id}/booths`)).items[0];
  const days = f.start_date === f.end_date ? f.start_date : `${f.start_date} s.d. ${f.end_date}`;
  const actions = el('div', { class: 'baris' });
  if (!mine || mine.state === 'invited' || mine.state === 'requested' || mine.state === 'accepted')
    actions.append(el('button', { type: 'button', onclick: () => openBooth(f, mine) }, mine && mine.state !== 'invited' ? 'Ubah lowongan stan' : 'Ambil stan'));
  if (mine && mine.state === 'accepted')
    actions.append(el('button', { type: 'button', onclick: () => openScanner(f, mine) }, 'Pindai tiket'));
  return el('li', { 'data-id': String(f.id) },
    el('p', { class: 'judul' }, f.name),
    el('p', {}, `${days}, pukul ${f.opens_at}-${f.closes_at} · ${f.venue_kind === 'online' ? 'Daring' : f.venue || ''}`),
    el('p', {}, el('span', { class: 'lencana' }, mine ? BOOTH_STATES[mine.state] : 'Belum ikut'),
      mine ? ` · ${mine.vacancies.length} lowongan dibawa` : ''), actions);
}

async function loadFairs() {
  const list = $('daftar-bursa');
  const page = await api('GET', '/v1/job-fairs?when=upcoming&limit=20');
  list.replaceChildren(...(page.items.length ? await Promise.all(page.items.map(fairItem)) : [el('li', {}, 'Belum ada bursa kerja yang diumumkan.')]));
}

async function openBooth(f, mine) {
  fairOpen = f;
  const form = $('form-stan');
  clearErrors(form);
  $('judul-stan').textContent = `Stan di ${f.name}`;
  const own = (await api('GET', '/v1/me/vacancies?limit=100')).items.filter((v) => v.state === 'published' || v.state === 'pending');
  const chosen = new Set((mine ? mine.vacancies : []).map((v) => v.id));
  $('stan-lowongan').replaceChildren(...(own.length ? own.map((v) => el('label', { class: 'centang' },
    el('input', { type: 'checkbox', value: String(v.id), ...(chosen.has(v.id) ? { checked: '' } : {}) }), ` ${v.title}`))
    : [el('p', {}, 'Belum ada lowongan tayang atau sedang diperiksa.')]));
  form.hidden = false;
  $('form-pindai').hidden = true;
}

async function saveBooth(event) {
  event.preventDefault();
  const form = $('form-stan');
  clearErrors(form);
  const ids = [...$('stan-lowongan').querySelectorAll('input:checked')].map((n) => Number(n.value));
  try {
    const booth = await api('PUT', `/v1/job-fairs/${fairOpen.id}/booth`, { vacancy_ids: ids });
    form.hidden = true;
    say(booth.state === 'accepted' ? 'Stan Anda diterima. Di hari bursa, pindai tiket pengunjung di sini.'
      : 'Permohonan stan terkirim; Disnaker memberi kabar lewat kotak masuk.');
    await loadFairs();
  } catch (err) {
    showError(form, err);
  }
}

function openScanner(f, mine) {
  fairOpen = f;
  $('judul-pindai').textContent = `Pindai tiket: ${f.name}`;
  $('pindai-lowongan').replaceChildren(...mine.vacancies.map((v) => el('option', { value: String(v.id) }, v.title)));
  clearErrors($('form-pindai'));
  $('pindai-hasil').textContent = '';
  $('form-pindai').hidden = false;
  $('form-stan').hidden = true;
  $('pindai-tiket').focus();
}

async function scan(meeting) {
  const form = $('form-pindai');
  clearErrors(form);
  $('pindai-hasil').textContent = '';
  const ticket = $('pindai-tiket').value.trim();
  try {
    if (meeting) {
      const a = await api('POST', `/v1/job-fairs/${fairOpen.id}/meetings`, { ticket, vacancy_id: Number($('pindai-lowongan').value) });
      $('pindai-hasil').textContent = `Pelamar ${a.holder} tercatat untuk ${a.title}. Lanjutkan di Lowongan > Pelamar.`;
    } else {
      const c = await api('POST', `/v1/job-fairs/${fairOpen.id}/check-ins`, { ticket });
      $('pindai-hasil').textContent = `${c.holder}: ${c.message}${c.has_card ? ' (pemegang kartu AK/I)' : ''}`;
    }
    $('pindai-tiket').value = '';
    $('pindai-tiket').focus();
  } catch (err) {
    showError(form, err);
  }
}

/* ---- an LPK's online courses (E-SkillUp) ---- */

const COURSE_STATES = { draft: 'Draf', published: 'Tayang', withdrawn: 'Ditarik' };
let courseOpen = null;

/* The course builder: modules, each with lessons and quiz questions; every
 * input carries data-path, the field's place as the API names it in a
 * refusal (modules[0].quiz[1].answer), so the message shows beside it. */
function field(path, label, attrs = {}) {
  const id = 'f-' + path.replace(/[^a-z0-9]/gi, '-');
  const input = attrs.rows ? el('textarea', { id, 'data-path': path, ...attrs }) : el('input', { id, 'data-path': path, ...attrs });
  return el('div', {}, el('label', { for: id }, label), input, el('p', { class: 'galat', 'data-error-for': path }));
}

function renumber() {
  $('kur-modul').querySelectorAll(':scope > fieldset').forEach((m, i) => {
    m.querySelector('legend').textContent = `Modul ${i + 1}`;
    for (const n of m.querySelectorAll('[data-path], [data-error-for], label[for]')) {
      for (const a of ['data-path', 'data-error-for', 'for', 'id']) {
        const v = n.getAttribute(a);
        if (v) n.setAttribute(a, v.replace(/modules(\[|-)\d+/, (x, sep) => `modules${sep}${i}`));
      }
    }
  });
}

function addLesson(list, mi) {
  const li = list.children.length;
  const p = `modules[${mi}].lessons[${li}]`;
  list.append(el('div', { class: 'baris-isian' }, field(p + '.title', `Pelajaran ${li + 1}: judul`),
    field(p + '.video_url', 'atau tautan video di situs lain (https)', { type: 'url' }),
    field(p + '.duration_s', 'lama video tautan (detik)', { type: 'number', min: '1' })));
}

function addQuestion(list, mi) {
  const qi = list.children.length;
  const p = `modules[${mi}].quiz[${qi}]`;
  list.append(el('div', { class: 'baris-isian' }, field(p + '.question', `Pertanyaan ${qi + 1}`),
    field(p + '.options', 'Pilihan jawaban, satu per baris', { rows: '3' }),
    field(p + '.answer', 'Nomor pilihan yang benar (1, 2, ...)', { type: 'number', min: '1' })));
}

function addModule() {
  const mi = $('kur-modul').children.length;
  const lessons = el('div', { class: 'pelajaran' }), quiz = el('div', { class: 'kuis' });
  const box = el('fieldset', { class: 'modul' }, el('legend', {}, `Modul ${mi + 1}`),
    field(`modules[${mi}].title`, 'Judul modul'), field(`modules[${mi}].pass_percent`, 'Nilai lulus kuis (%)', { type: 'number', min: '1', max: '100', value: '70' }),
    el('p', { class: 'galat', 'data-error-for': `modules[${mi}].lessons` }), lessons,
    el('button', { type: 'button', onclick: () => addLesson(lessons, [...$('kur-modul').children].indexOf(box)) }, 'Tambah pelajaran'),
    quiz, el('button', { type: 'button', onclick: () => addQuestion(quiz, [...$('kur-modul').children].indexOf(box)) }, 'Tambah pertanyaan'));
  $('kur-modul').append(box);
  addLesson(lessons, mi);
  addQuestion(quiz, mi);
  renumber();
}

function courseBody() {
  const v = (path) => { const n = $('form-kursus').querySelector(`[data-path="${CSS.escape(path)}"]`); return n ? n.value.trim() : ''; };
  const body = { title: v('title'), vocation: v('vocation'), level: v('level'), description: v('description'),
    competencies: v('competencies').split(',').map((s) => s.trim()).filter(Boolean), learners_only: $('kur-terdaftar').checked,
    modules: [] };
  [...$('kur-modul').children].forEach((m, mi) => {
    const p = `modules[${mi}]`;
    const module = { title: v(p + '.title'), pass_percent: Number(v(p + '.pass_percent')), lessons: [], quiz: [] };
    [...m.querySelector('.pelajaran').children].forEach((x, li) => {
      const lp = `${p}.lessons[${li}]`;
      const lesson = { title: v(lp + '.title') };
      if (v(lp + '.video_url')) lesson.video_url = v(lp + '.video_url');
      if (v(lp + '.duration_s')) lesson.duration_s = Number(v(lp + '.duration_s'));
      module.lessons.push(lesson);
    });
    [...m.querySelector('.kuis').children].forEach((x, qi) => {
      const qp = `${p}.quiz[${qi}]`;
      module.quiz.push({ question: v(qp + '.question'), options: v(qp + '.options').split('\n').map((s) => s.trim()).filter(Boolean),
        answer: Number(v(qp + '.answer')) - 1 });
    });
    body.modules.push(module);
  });
  return body;
}

async function saveCourse(event) {
  event.preventDefault();
  const form = $('form-kursus');
  clearErrors(form);
  try {
    const c = courseEditing
      ? await api('PUT', `/v1/courses/${courseEditing}`, courseBody())
      : await api('POST', '/v1/courses', courseBody());
    form.hidden = true;
    say(courseEditing
      ? 'Draf kursus diperbarui. Video yang sudah diunggah tetap pada pelajaran di urutan yang sama.'
      : 'Kursus tersimpan sebagai draf. Unggah video setiap pelajaran, lalu terbitkan.');
    courseEditing = null;
    await loadCourses();
    await showCourseDetail(c.id);
  } catch (err) {
    const at = err.field ? form.querySelector(`[data-error-for="${CSS.escape(err.field)}"]`) : null;
    if (at) {
      at.textContent = err.message;
      const input = form.querySelector(`[data-path="${CSS.escape(err.field)}"]`);
      if (input) input.focus();
    } else {
      showError(form, err);
    }
  }
}

/* A draft written again whole (PUT): the form filled from the course as it is. */
let courseEditing = null;

function openCourseForm(title, editing) {
  courseEditing = editing;
  $('form-kursus').reset();
  clearErrors($('form-kursus'));
  $('judul-form-kursus').textContent = title;
  $('kur-modul').replaceChildren();
  $('form-kursus').hidden = false;
}

async function editCourse(id) {
  let c;
  try {
    c = await api('GET', `/v1/courses/${id}`);
  } catch (err) {
    say(err.message, true);
    return;
  }
  openCourseForm(`Ubah draf: ${c.title}`, id);
  const set = (path, value) => { $('form-kursus').querySelector(`[data-path="${CSS.escape(path)}"]`).value = value ?? ''; };
  set('title', c.title);
  set('vocation', c.vocation);
  set('level', c.level);
  set('description', c.description);
  set('competencies', c.competencies.join(', '));
  $('kur-terdaftar').checked = c.learners_only;
  c.modules.forEach((m, mi) => {
    addModule();
    const box = $('kur-modul').children[mi];
    for (let k = 1; k < m.lessons.length; k++) addLesson(box.querySelector('.pelajaran'), mi);
    for (let k = 1; k < m.quiz.length; k++) addQuestion(box.querySelector('.kuis'), mi);
    set(`modules[${mi}].title`, m.title);
    set(`modules[${mi}].pass_percent`, m.pass_percent);
    m.lessons.forEach((l, li) => {
      set(`modules[${mi}].lessons[${li}].title`, l.title);
      if (l.video?.kind === 'link') {
        set(`modules[${mi}].lessons[${li}].video_url`, l.video.url);
        set(`modules[${mi}].lessons[${li}].duration_s`, l.video.duration_s);
      }
    });
    m.quiz.forEach((q, qi) => {
      set(`modules[${mi}].quiz[${qi}].question`, q.question);
      set(`modules[${mi}].quiz[${qi}].options`, q.options.join('\n'));
      set(`modules[${mi}].quiz[${qi}].answer`, q.answer + 1);
    });
  });
  $('kur-judul').focus();
}

function courseListItem(c) {
  const actions = el('div', { class: 'baris' }, el('button', { type: 'button', onclick: () => showCourseDetail(c.id) }, 'Buka'));
  if (c.state === 'draft')
    actions.append(el('button', { type: 'button', onclick: () => editCourse(c.id) }, 'Ubah'));
  if (c.state !== 'published')
    actions.append(el('button', { type: 'button', onclick: () => courseState(c.id, 'published') }, 'Terbitkan'));
  else actions.append(el('button', { type: 'button', onclick: () => courseState(c.id, 'withdrawn') }, 'Tarik'));
  return el('li', { 'data-id': String(c.id) }, el('p', { class: 'judul' }, c.title),
    el('p', {}, el('span', { class: 'lencana' }, COURSE_STATES[c.state] || c.state),
      ` · ${c.modules_count} modul, ${c.lessons_count} pelajaran`), actions);
}

async function loadCourses() {
  await pageInto($('daftar-kursus'), $('kursus-lagi'), '/v1/me/courses?limit=20', courseListItem, 'Belum ada kursus.');
}

async function courseState(id, state) {
  try {
    await api('POST', `/v1/courses/${id}/state`, { state });
    say(state === 'published' ? 'Kursus tayang di katalog.' : 'Kursus ditarik dari katalog.');
  } catch (err) {
    say(err.message, true);
  }
  await loadCourses();
  if (courseOpen === id) await showCourseDetail(id);
}

/* A video by the tus protocol: created, then sent in 8 MiB pieces with a
 * progress bar; a piece that fails is resumed from the offset the server
 * holds (HEAD), three times at most. */
async function tusUpload(file, bar) {
  const auth = { Authorization: 'Bearer ' + token, 'Tus-Resumable': '1.0.0' };
  const created = await fetch('/v1/uploads', { method: 'POST', headers: { ...auth, 'Upload-Length': String(file.size) } });
  if (created.status !== 201) throw new Error((await created.json()).error.message);
  const url = created.headers.get('Location');
  let offset = 0, failures = 0;
  while (offset < file.size) {
    const piece = file.slice(offset, offset + 8 * 1024 * 1024);
    const status = await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PATCH', url);
      for (const [k, v] of Object.entries(auth)) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader('Upload-Offset', String(offset));
      xhr.setRequestHeader('Content-Type', 'application/offset+octet-stream');
      xhr.upload.onprogress = (e) => { bar.value = Math.round((100 * (offset + e.loaded)) / file.size); };
      xhr.onload = () => resolve(xhr.status);
      xhr.onerror = () => resolve(0);
      xhr.send(piece);
    });
    if (status === 204) {
      offset += piece.size;
      continue;
    }
    if (++failures > 3) throw new Error('Unggahan terputus. Coba lagi.');
    const head = await fetch(url, { method: 'HEAD', headers: auth });
    offset = Number(head.headers.get('Upload-Offset') || offset);
  }
  return url.split('/').pop();
}

async function uploadLessonVideo(courseId, lesson, input, row) {
  const file = input.files[0];
  if (!file) return;
  const bar = el('progress', { max: '100', value: '0', 'aria-label': 'Kemajuan unggah ' + lesson.title });
  const note = el('p', { class: 'galat', role: 'alert' });
  row.append(bar, note);
  try {
    const upload = await tusUpload(file, bar);
    const v = await api('POST', `/v1/courses/${courseId}/lessons/${lesson.id}/video`, { upload_id: upload });
    say(`Video "${lesson.title}" terpasang: ${v.duration_s.toFixed(1)} detik, ${v.width}x${v.height}.`);
    await showCourseDetail(courseId);
  } catch (err) {
    note.textContent = err.message;
  } finally {
    bar.remove();
  }
}

async function showCourseDetail(id) {
  courseOpen = id;
  const c = await api('GET', `/v1/courses/${id}`);
  const box = $('rinci-isi');
  $('judul-rinci').textContent = `${c.title} (${COURSE_STATES[c.state] || c.state})`;
  box.replaceChildren();
  for (const m of c.modules) {
    const list = el('ul', { class: 'daftar' });
    for (const l of m.lessons) {
      const row = el('li', { 'data-lesson': String(l.id) }, el('p', { class: 'judul' }, l.title));
      if (l.video) {
        row.append(el('p', {}, l.video.kind === 'upload'
          ? `Video ${l.video.media_type}, ${l.video.duration_s.toFixed(1)} detik, ${l.video.width}x${l.video.height}`
          : `Tautan: ${l.video.url}`));
      }
      if (c.state === 'draft' && l.video?.kind !== 'link') {
        const inputId = 'video-' + l.id;
        const input = el('input', { id: inputId, type: 'file', accept: 'video/mp4,video/webm' });
        input.addEventListener('change', () => uploadLessonVideo(c.id, l, input, row));
        row.append(el('label', { for: inputId }, l.video ? 'Ganti video (MP4 atau WebM)' : 'Unggah video (MP4 atau WebM)'), input);
      } else if (!l.video) {
        row.append(el('p', {}, 'Belum ada video.'));
      }
      list.append(row);
    }
    box.append(el('h4', {}, `Modul ${m.seq}: ${m.title} · kuis ${m.quiz.length} pertanyaan, lulus ${m.pass_percent}%`), list);
  }
  if (c.state !== 'draft') {
    const learners = await api('GET', `/v1/courses/${id}/learners?limit=50`);
    const f = learners.funnel;
    box.append(el('h4', {}, 'Peserta'), el('p', { id: 'corong' }, `Mulai ${f.started} · separuh pelajaran ${f.half} · selesai ${f.completed}`),
      el('div', { class: 'baris' }, el('button', { type: 'button', onclick: () => exportFile(`/v1/courses/${id}/learners?format=xlsx`, `peserta-kursus-${id}.xlsx`) }, 'Unduh peserta (XLSX)')));
  }
  $('kursus-rinci').hidden = false;
}

/* ---- a BKK's graduates and its cohorts ---- */

const percent = (share) => (share && share.percent !== null ? share.percent.replace('.', ',') + '%' : '–');

/* A BKK's cohorts by graduation date, an LPK's by training. */
async function loadCohorts(kind = 'bkk', tableId = 'kohort') {
  const data = await api('GET', '/v1/tracer/cohorts?kind=' + kind);
  const body = $(tableId).tBodies[0];
  body.replaceChildren();
  if (!data.cohorts.length) body.append(el('tr', {}, el('td', { colspan: '7' }, 'Belum ada kohort yang disurvei.')));
  for (const c of data.cohorts)
    body.append(el('tr', {}, el('td', {}, kind === 'bkk' ? c.cohort_date : c.name), el('td', {}, c.wave + ' bulan'), el('td', {}, String(c.alumni)),
      el('td', {}, String(c.surveys)), el('td', {}, String(c.answered)), el('td', {}, percent(c.response_rate)),
      el('td', {}, percent(c.bmw_rate))));
}

/* "NIK,jurusan" per line (comma, semicolon or tab); a header line is skipped. */
function graduatesOf(text) {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^nik\b/i.test(l)).map((l) => {
    const [nik, major] = l.split(/[,;\t]/).map((x) => x.trim());
    return major ? { nik, major } : { nik };
  });
}

async function reportGraduates(event) {
  event.preventDefault();
  const form = $('form-alumni');
  clearErrors(form);
  const table = $('alumni-salah');
  table.hidden = true;
  table.tBodies[0].replaceChildren();
  const graduates = graduatesOf($('alumni-daftar').value);
  try {
    const r = await api('POST', '/v1/bkk/graduates', { graduated_on: $('alumni-lulus').value, graduates });
    $('alumni-hasil').textContent = `${r.added} lulusan ditambahkan, ${r.already_reported} sudah pernah dilaporkan.`;
    $('alumni-daftar').value = '';
    await loadCohorts();
  } catch (err) {
    $('alumni-hasil').textContent = err.message;
    const rows = err.data && err.data.errors ? err.data.errors : [];
    for (const e of rows) table.tBodies[0].append(el('tr', {}, el('td', {}, String(e.row)), el('td', {}, e.message || e.code)));
    table.hidden = !rows.length;
    if (!rows.length) showError(form, err, $('alumni-hasil'));
  }
}

/* ---- placements: one by one, by CSV, the list and its exports ---- */

const CSV_COLUMNS = ['nik', 'employer_name', 'employer_type', 'position', 'kbji', 'location_kind', 'location_code',
  'start_date', 'wage'];
let placementsCursor = null;

async function loadPlacements(fresh) {
  if (fresh) {
    placementsCursor = null;
    $('daftar-penempatan').replaceChildren();
  }
  const cursor = placementsCursor ? '&cursor=' + encodeURIComponent(placementsCursor) : '';
  const page = await api('GET', '/v1/placements?limit=20' + cursor);
  placementsCursor = page.next_cursor;
  $('penempatan-lagi').hidden = !page.next_cursor;
  const list = $('daftar-penempatan');
  if (!page.items.length && fresh) list.append(el('li', {}, 'Belum ada penempatan.'));
  for (const p of page.items)
    list.append(el('li', { 'data-id': String(p.id) },
      el('p', { class: 'judul' }, `${p.name || p.nik_masked} · ${p.position || ''}`),
      el('p', {}, `${p.employer_name} · mulai ${p.start_date} · `, el('span', { class: 'lencana' }, p.placement_kind),
        p.duplicate ? ' · laporan ganda' : '')));
}

async function savePlacement(event) {
  event.preventDefault();
  const form = $('form-penempatan');
  clearErrors(form);
  try {
    const p = await api('POST', '/v1/placements', formBody(form));
    form.reset();
    say(p.duplicate ? 'Penempatan ini sudah pernah dilaporkan; tidak dihitung dua kali.' : 'Penempatan tercatat.');
    await loadPlacements(true);
  } catch (err) {
    showError(form, err);
  }
}

/* The upload with its progress: fetch cannot tell how much is sent. */
function sendFile(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.setRequestHeader('Accept-Language', 'id');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((100 * e.loaded) / e.total)); };
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { /* said below */ }
      resolve({ status: xhr.status, data });
    };
    xhr.onerror = () => reject(new Error('Tidak terhubung ke server.'));
    xhr.send(file);
  });
}

async function uploadPlacements(event) {
  event.preventDefault();
  const file = $('unggah-berkas').files[0];
  const result = $('unggah-hasil');
  const table = $('unggah-salah');
  table.hidden = true;
  table.tBodies[0].replaceChildren();
  if (!file) {
    result.textContent = 'Pilih berkas CSV dahulu.';
    return;
  }
  const bar = $('unggah-kemajuan');
  bar.hidden = false;
  bar.value = 0;
  const mode = $('unggah-sah-saja').checked ? 'valid_only' : 'all';
  try {
    const { status, data } = await sendFile('/v1/placement-imports?mode=' + mode, file, (p) => { bar.value = p; });
    bar.value = 100;
    const rows = (data && data.errors) || [];
    for (const e of rows)
      table.tBodies[0].append(el('tr', {}, el('td', {}, String(e.line)), el('td', {}, e.field || ''),
        el('td', {}, e.message || e.code)));
    table.hidden = !rows.length;
    if (status === 200)
      result.textContent = `${data.placed} penempatan tercatat, ${data.duplicates} sudah pernah dilaporkan` +
        (rows.length ? `, ${rows.length} baris ditolak.` : '.');
    else
      result.textContent = (data && data.error ? data.error.message : 'Unggahan ditolak (' + status + ').') +
        (rows.length ? ' Tidak ada yang disimpan: perbaiki baris di bawah, atau simpan yang sah saja.' : '');
    await loadPlacements(true);
  } catch (err) {
    result.textContent = err.message;
  } finally {
    bar.hidden = true;
  }
}

function template(event) {
  event.preventDefault();
  const example = ['3277010101900001', 'PT Contoh Jaya', 'private_company', 'Operator Produksi', '8121', 'kecamatan',
    '32.77.01', localToday(), '3800000'];
  saveBlob(new Blob([CSV_COLUMNS.join(',') + '\n' + example.join(',') + '\n'], { type: 'text/csv' }), 'templat-penempatan.csv');
}

const exportPlacements = (format) => exportFile('/v1/placements?format=' + format, 'penempatan.' + format);

/* ---- wiring ---- */

$('form-masuk').addEventListener('submit', signIn);
$('form-daftar').addEventListener('submit', signUp);
$('form-profil').addEventListener('submit', saveProfile);
$('form-lowongan').addEventListener('submit', saveVacancy);
$('ke-daftar').addEventListener('click', (e) => { e.preventDefault(); show('daftar'); });
$('ke-masuk').addEventListener('click', (e) => { e.preventDefault(); show('masuk'); });
$('lowongan-baru').addEventListener('click', () => { $('form-lowongan').hidden = false; $('low-judul').focus(); });
$('batal-lowongan').addEventListener('click', () => { $('form-lowongan').hidden = true; });
$('pelamar-lagi').addEventListener('click', moreApplicants);
$('form-penempatan').addEventListener('submit', savePlacement);
$('form-pelatihan').addEventListener('submit', saveTraining);
$('form-alumni').addEventListener('submit', reportGraduates);
$('alumni-berkas').addEventListener('change', async () => {
  const file = $('alumni-berkas').files[0];
  if (file) $('alumni-daftar').value = await file.text();
});
$('form-hadir').addEventListener('submit', saveAttendance);
$('pelatihan-baru').addEventListener('click', () => { $('form-pelatihan').hidden = false; $('lat-judul').focus(); });
$('batal-pelatihan').addEventListener('click', () => { $('form-pelatihan').hidden = true; });
$('form-unggah').addEventListener('submit', uploadPlacements);
$('unduh-templat').addEventListener('click', template);
$('penempatan-lagi').addEventListener('click', () => loadPlacements(false));
$('ekspor-csv').addEventListener('click', () => exportPlacements('csv'));
$('ekspor-xlsx').addEventListener('click', () => exportPlacements('xlsx'));
$('form-sertifikat').addEventListener('submit', saveCertificate);
$('form-kursus').addEventListener('submit', saveCourse);
$('form-stan').addEventListener('submit', saveBooth);
$('batal-stan').addEventListener('click', () => { $('form-stan').hidden = true; });
$('pindai-masuk').addEventListener('click', () => scan(false));
$('pindai-temu').addEventListener('click', () => scan(true));
$('form-pindai').addEventListener('submit', (event) => { event.preventDefault(); scan(false); });
$('kursus-baru').addEventListener('click', () => {
  openCourseForm('Kursus baru', null);
  addModule();
  $('kur-judul').focus();
});
$('tambah-modul').addEventListener('click', addModule);
$('batal-kursus').addEventListener('click', () => { $('form-kursus').hidden = true; courseEditing = null; });
$('ser-jenis').addEventListener('change', certificateKind);
$('batal-sertifikat').addEventListener('click', () => { $('form-sertifikat').hidden = true; });
$('rekap-tahun').addEventListener('change', () => loadYear().catch((err) => say(err.message, true)));
$('lowongan-csv').addEventListener('click', () => exportFile('/v1/me/vacancies?format=csv', 'lowongan.csv'));
$('lowongan-xlsx').addEventListener('click', () => exportFile('/v1/me/vacancies?format=xlsx', 'lowongan.xlsx'));
for (const format of ['csv', 'xlsx'])
  $('peserta-' + format).addEventListener('click', () =>
    exportFile(`/v1/trainings/${participantsOf.id}/enrolments?format=${format}`, `peserta-${participantsOf.id}.${format}`));
for (const b of document.querySelectorAll('.kohort-ekspor'))
  b.addEventListener('click', () => exportFile(`/v1/tracer/cohorts?kind=${me.role === 'bkk' ? 'bkk' : 'training'}&format=${b.dataset.format}`,
    'studi-pelacakan.' + b.dataset.format));
$('keluar').addEventListener('click', async () => {
  await api('POST', '/v1/auth/logout').catch(() => {});
  signedOut('Anda sudah keluar.');
});
for (const b of document.querySelectorAll('.tab button')) b.addEventListener('click', () => tab(b.dataset.tab));
if (token) start().catch(() => signedOut());
