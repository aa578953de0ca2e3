// The organisations' portal in a real browser (issue 23, the company's
// journey): Debian's Chromium driven by playwright-core against a real
// sidakerd on 127.0.0.1.  A company signs up on the portal (a refusal shown
// at its field), activates from the e-mailed link, signs in, fills its
// profile (the API's message next to a bad field), is verified by an
// officer, reports a vacancy with the Perpres fields from the reference
// pickers, submits it, and, once a job seeker applied with documents,
// reads the applicant, downloads the diploma and accepts them (the
// placement follows).  What the page shows is compared with the API;
// axe-core finds no serious or critical accessibility violation; at
// 390 px nothing scrolls sideways; screenshots go to build/screenshots.
//   node tests/browser/portal.test.mjs    (SIDAKERD_BIN, CHROMIUM to override)
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { accessibility, browserPath, check, equal, failures, finish, root, shots, startDaemon, test } from './harness.mjs';

// A job seeker with a profile, signed in: the session token.
async function seekerReady(email, nik) {
  const token = await account({ email, password: 'rahasia-kerja-1', role: 'seeker', name: 'Rina', nik });
  await must('PUT', '/v1/me/profile', token, {
    full_name: 'Rina Marlina', birth_place: 'Cimahi', birth_date: '1998-04-02', gender: 'F',
    marital_status: 'belum_kawin', religion: 'islam', address: 'Jl. Baros 1', kecamatan_code: '32.77.01',
    kelurahan_code: '32.77.01.1001', phone: '081222334455', education_level: 'smk',
  });
  return token;
}

// ---- the run ----

let browser;
let daemon;
let base, api, must, upload, login, mail, account;
try {
  daemon = await startDaemon('portal');
  ({ base, api, must, upload, login, mail, account } = daemon);
  const admin = await login('admin@sidakerd.localhost', readFileSync(join(daemon.dir, 'initial-admin-password'), 'utf8').trim());
  await must('POST', '/v1/admin/officers', admin,
    { email: 'o@disnaker.go.id', password: 'petugas-aman-1', name: 'Dewi', nip: '198001012005012001' }, 201);
  const officer = await login('o@disnaker.go.id', 'petugas-aman-1');
  browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
  // A clerk in Cimahi: the browser's clock is WIB, as the office's is.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, timezoneId: 'Asia/Jakarta' });
  const page = await context.newPage();
  const scriptErrors = [];
  page.on('pageerror', (e) => scriptErrors.push(String(e)));
  page.on('console', (m) => {
    // A refused request is logged by Chromium as a failed load; that is the API answering, not an error.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) scriptErrors.push(m.text());
  });
  const email = 'hrd@majujaya.co.id';
  let company = '';

  await test('the portal is served with its own CSP, in Indonesian', async () => {
    const response = await page.goto(base + '/portal');
    equal(response.status(), 200, 'status');
    const csp = response.headers()['content-security-policy'];
    check(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), 'no inline script allowed: ' + csp);
    equal(await page.getAttribute('html', 'lang'), 'id', 'language');
    equal(await page.textContent('#judul-masuk'), 'Masuk', 'the sign-in heading');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
  });

  await test('a company signs up; a refusal shows at its field, in the API\'s words', async () => {
    await page.click('#ke-daftar');
    await page.selectOption('#daftar-peran', 'company');
    await page.fill('#daftar-nama', 'PT Maju Jaya Garmen');
    await page.fill('#daftar-email', email);
    await page.fill('#daftar-sandi', 'pendek');
    await page.click('#form-daftar button[type=submit]');
    const said = await api('POST', '/v1/auth/register', null, { email: 'x@example.id', password: 'pendek', role: 'company', name: 'X' });
    await page.waitForSelector('[data-error-for=password]:not(:empty)');
    equal(await page.textContent('[data-error-for=password]'), said.json.error.message, 'the message by the password');
    await page.fill('#daftar-sandi', 'maju-jaya-rahasia-1');
    await page.click('#form-daftar button[type=submit]');
    await page.waitForFunction(() => document.getElementById('pesan-daftar').textContent.includes('tautan aktivasi'));
    equal((await api('POST', '/v1/auth/login', null, { login: email, password: 'maju-jaya-rahasia-1' })).status, 403,
      'not active before the link');
  });

  await test('activated from the e-mailed link, then signed in', async () => {
    const link = /\n(http:\/\/127\.0\.0\.1:8080)(\/account\/confirm#token=[A-Za-z0-9_-]{43})\r?\n/.exec(await mail(email, 'kode konfirmasi'));
    check(link, 'the mail carries the link');
    await page.goto(base + link[2]);
    await page.click('text=Aktifkan akun saya');
    await page.waitForSelector('#status.ok');
    await page.goto(base + '/portal');
    await page.fill('#masuk-email', email);
    await page.fill('#masuk-sandi', 'maju-jaya-rahasia-1');
    await page.click('#form-masuk button[type=submit]');
    await page.waitForSelector('#isi:not([hidden])');
    equal(await page.textContent('#nama-akun'), 'PT Maju Jaya Garmen', 'the account');
    check((await page.textContent('#status-verifikasi')).includes('Menunggu verifikasi'), 'waiting for verification');
    company = await login(email, 'maju-jaya-rahasia-1');
    // The pickers hold the API's own lists.
    const ref = await must('GET', '/v1/reference');
    const options = await page.$$eval('#org-jenis option', (o) => o.map((x) => x.textContent));
    equal(options.join('|'), ref.lists.employer_type.map((i) => i.label).join('|'), 'employer types from /v1/reference');
  });

  await test('the profile: a bad phone shows at its field; saved as the API holds it', async () => {
    await page.fill('#org-nama', 'PT Maju Jaya Garmen');
    await page.fill('#org-nomor', '9120001234567');
    await page.fill('#org-kbli', '14111');
    await page.selectOption('#org-jenis', 'private_company');
    await page.fill('#org-alamat', 'Jl. Industri 1, Cimahi');
    await page.selectOption('#org-kecamatan', '32.77.01');
    await page.fill('#org-kontak', 'Ibu Rina');
    await page.fill('#org-telepon', '12');
    await page.fill('#org-email', email);
    await page.click('#form-profil button[type=submit]');
    await page.waitForSelector('[data-error-for=contact_phone]:not(:empty)');
    const said = await api('PUT', '/v1/me/organisation', company, { legal_name: 'PT X', registration_no: '1', kbli: '14111',
      employer_type: 'private_company', address: 'Jl. 1', contact_name: 'X', contact_phone: '12', contact_email: email });
    equal(await page.textContent('[data-error-for=contact_phone]'), said.json.error.message, 'the API\'s message');
    await page.fill('#org-telepon', '022-6651234');
    await page.click('#form-profil button[type=submit]');
    await page.waitForFunction(() => document.getElementById('pesan').textContent === 'Profil tersimpan.');
    const org = await must('GET', '/v1/me/organisation', company);
    equal(org.legal_name, 'PT Maju Jaya Garmen', 'name');
    equal(org.contact_phone, '+62226651234', 'phone, normalised');
    equal(await page.inputValue('#org-telepon'), '+62226651234', 'the form shows what is stored');
    // The officer verifies; the portal says so.
    await must('POST', `/v1/organisations/${org.account_id}/verification`, officer, { decision: 'verified' });
    await page.click('[data-tab=profil]');
    await page.reload();
    await page.waitForSelector('#isi:not([hidden])');
    await page.waitForFunction(() => document.getElementById('status-verifikasi').textContent.startsWith('Terverifikasi'));
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'portal-profile-desktop.png'), fullPage: true });
  });

  let vacancy = null;
  await test('a vacancy with the Perpres fields: refused at its field, saved, submitted, published', async () => {
    await page.click('[data-tab=lowongan]');
    await page.click('#lowongan-baru');
    await page.fill('#low-judul', 'Operator Jahit');
    await page.fill('#low-kbji', '7533');
    await page.fill('#low-uraian', 'Singkat');
    const until = new Date(Date.now() + 60 * 86400e3).toISOString().slice(0, 10);
    await page.fill('#low-sampai', until);
    await page.fill('#low-bebas', '5');
    await page.selectOption('#low-pendidikan', 'smp');
    await page.fill('#low-upah-min', '3800000');
    await page.fill('#low-upah-max', '4200000');
    await page.selectOption('#low-lokasi-jenis', 'kecamatan');
    await page.selectOption('#low-lokasi', '32.77.01');
    await page.selectOption('#low-hubungan', 'contract');
    await page.fill('#low-keterampilan', 'menjahit, obras');
    await page.fill('#low-kontak', email);
    await page.click('#form-lowongan button[type=submit]');
    await page.waitForSelector('[data-error-for=description]:not(:empty)');
    await page.fill('#low-uraian', 'Menjahit pakaian jadi di pabrik garmen, shift pagi dan siang, lembur dibayar.');
    await page.click('#form-lowongan button[type=submit]');
    await page.waitForSelector('#daftar-lowongan li[data-id]');
    const own = await must('GET', '/v1/me/vacancies', company);
    vacancy = own.items[0];
    equal(vacancy.state, 'draft', 'a draft');
    equal(vacancy.skills.join(','), 'menjahit,obras', 'skills as a list');
    equal(vacancy.wage_min, 3800000, 'wage as a number');
    check((await page.textContent(`#daftar-lowongan li[data-id="${vacancy.id}"]`)).includes('Draf'), 'listed as a draft');
    await page.click(`#daftar-lowongan li[data-id="${vacancy.id}"] >> text=Ajukan ke Disnaker`);
    await page.waitForFunction(() => document.getElementById('pesan').textContent.length > 0);
    vacancy = await must('GET', `/v1/vacancies/${vacancy.id}`, company);
    if (vacancy.state === 'pending')
      await must('POST', `/v1/vacancies/${vacancy.id}/moderation`, officer, { decision: 'publish' });
    await page.click('[data-tab=lowongan]');
    await page.waitForFunction((id) => (document.querySelector(`#daftar-lowongan li[data-id="${id}"]`) || {}).textContent?.includes('Tayang'), vacancy.id);
    // The company's own file of what it reported: each vacancy of the API's list, its state in words.
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#lowongan-csv')]);
    const csv = readFileSync(await file.path(), 'utf8');
    const rows = csv.split('\n').filter((l) => /^"\d+",/.test(l));
    equal(rows.length, (await must('GET', '/v1/me/vacancies', company)).items.length, 'one row per vacancy');
    check(rows[0].startsWith('"1","Operator Jahit","Tayang","7533"'), 'the vacancy in words: ' + rows[0]);
  });

  await test('applicants: read, the diploma downloaded whole, accepted (the placement follows)', async () => {
    const rina = await seekerReady('rina@example.id', '3277015204980001');
    for (const [kind, file] of [['photo', 'photo-300x400.jpg'], ['ktp', 'ktp.jpg'], ['diploma', 'ijazah.pdf']])
      await upload(`/v1/me/documents?kind=${kind}`, rina, file);
    const app = await must('POST', '/v1/me/card-applications', rina, { kind: 'new' }, 201);
    await must('POST', `/v1/me/card-applications/${app.id}/submit`, rina);
    await must('POST', `/v1/card-applications/${app.id}/issue`, officer, undefined, 201);
    const docs = (await must('GET', '/v1/me/documents', rina)).items;
    const diploma = docs.find((d) => d.kind === 'diploma');
    const applied = await must('POST', `/v1/vacancies/${vacancy.id}/applications`, rina,
      { cover_note: 'Saya berpengalaman menjahit 3 tahun.', document_ids: [diploma.id] }, 201);
    await page.click('[data-tab=lowongan]');
    await page.click(`#daftar-lowongan li[data-id="${vacancy.id}"] >> text=Lihat pelamar`);
    const item = `#daftar-pelamar li[data-id="${applied.id}"]`;
    await page.waitForSelector(item);
    const text = await page.textContent(item);
    check(text.includes('Rina Marlina') && text.includes('SMK') && text.includes('+6281222334455'), 'the applicant: ' + text);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${item} >> text=Unduh Ijazah`)]);
    const got = readFileSync(await download.path());
    check(got.equals(readFileSync(join(root, 'tests', 'fixtures', 'ijazah.pdf'))), 'the diploma, byte for byte');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'portal-applicants-desktop.png'), fullPage: true });
    await page.selectOption(`${item} select`, 'accepted');
    await page.fill(`${item} input[type=date]`, new Date().toISOString().slice(0, 10));
    await page.click(`${item} >> text=Ubah status`);
    await page.waitForFunction((sel) => (document.querySelector(sel) || {}).textContent?.includes('tidak ditampilkan'), item);
    const placements = await must('GET', '/v1/placements', officer);
    check(placements.items.some((p) => p.channel === 'app_vacancy' && p.position === 'Operator Jahit'), 'the placement is recorded');
  });

  await test('placements: one refused at its field then reported, a CSV with its refused rows, the exports', async () => {
    await page.click('[data-tab=penempatan]');
    check(await page.isHidden('#pen-pemberi'), 'a company is its own employer: no employer fields');
    const start = new Date(Date.now() - 3 * 86400e3).toISOString().slice(0, 10);
    await page.fill('#pen-nik', '12345');
    await page.fill('#pen-jabatan', 'Operator Obras');
    await page.selectOption('#pen-lokasi-jenis', 'kecamatan');
    await page.selectOption('#pen-lokasi', '32.77.01');
    await page.fill('#pen-mulai', start);
    await page.click('#form-penempatan button[type=submit]');
    await page.waitForSelector('[data-error-for=nik]:not(:empty)');
    const said = await api('POST', '/v1/placements', company, { nik: '12345', position: 'X', location_kind: 'kecamatan',
      location_code: '32.77.01', start_date: start });
    equal(await page.textContent('[data-error-for=nik]'), said.json.error.message, 'the API\'s message by the NIK');
    await page.fill('#pen-nik', '3277014101990009');
    await page.click('#form-penempatan button[type=submit]');
    await page.waitForFunction(() => document.getElementById('pesan').textContent === 'Penempatan tercatat.');
    const csv = 'nik,position,kbji,location_kind,location_code,start_date,wage\n' +
      `3277010202990010,Operator Potong,7533,kecamatan,32.77.01,${start},3900000\n` +
      `3277010303990011,Operator Setrika,7533,kecamatan,32.77.01,1999-01-01,3900000\n`;
    const refused = await fetch(base + '/v1/placement-imports', { method: 'POST', body: csv,
      headers: { Authorization: 'Bearer ' + company, 'Content-Type': 'text/csv' } }).then((r) => r.json());
    equal(refused.placed, 0, 'the API refused the file whole');
    await page.setInputFiles('#unggah-berkas', { name: 'penempatan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#form-unggah button[type=submit]');
    await page.waitForSelector('#unggah-salah:not([hidden])');
    const cells = await page.$$eval('#unggah-salah tbody td', (t) => t.map((x) => x.textContent));
    equal(cells.join('|'), `3|${refused.errors[0].field || ''}|${refused.errors[0].message}`, 'the refused row with its reason');
    await page.check('#unggah-sah-saja');
    await page.click('#form-unggah button[type=submit]');
    await page.waitForFunction(() => document.getElementById('unggah-hasil').textContent.startsWith('1 penempatan tercatat'));
    const list = await must('GET', '/v1/placements', company);
    equal(list.items.length, 3, 'three placements: the accepted applicant, one typed, one uploaded');
    await page.waitForFunction(() => document.querySelectorAll('#daftar-penempatan li[data-id]').length === 3);
    const [template] = await Promise.all([page.waitForEvent('download'), page.click('#unduh-templat')]);
    check(readFileSync(await template.path(), 'utf8').startsWith('nik,employer_name,employer_type,position,'), 'the template\'s header');
    const [exported] = await Promise.all([page.waitForEvent('download'), page.click('#ekspor-csv')]);
    const text = readFileSync(await exported.path(), 'utf8');
    check(text.includes('Operator Potong') && text.includes('Operator Obras'), 'the export holds the placements');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'portal-placements-desktop.png'), fullPage: true });
  });

  await test('a job fair: invited, the booth taken with a vacancy; tickets scanned at the door and at the booth, a forged one refused in the API\'s words', async () => {
    const day = (n) => new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
    const fair = await must('POST', '/v1/job-fairs', officer, { name: 'Bursa Kerja Cimahi', description: 'Bursa kerja tahunan.',
      venue_kind: 'venue', venue: 'Technopark', start_date: day(0), end_date: day(1), opens_at: '00:00', closes_at: '23:59',
      registration_opens: day(0), registration_closes: day(1), capacity: 100 }, 201);
    await must('POST', `/v1/job-fairs/${fair.id}/state`, officer, { state: 'published' });
    const me = await must('GET', '/v1/me', company);
    await must('POST', `/v1/job-fairs/${fair.id}/invitations`, officer, { organisation_id: me.id }, 201);
    await page.click('[data-tab=bursa]');
    const row = `#daftar-bursa li[data-id="${fair.id}"]`;
    await page.waitForSelector(row);
    check((await page.textContent(row)).includes('Diundang'), 'invited');
    await page.click(`${row} >> text=Ambil stan`);
    await page.check(`#stan-lowongan input[value="${vacancy.id}"]`);
    await page.click('#form-stan button[type=submit]');
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('Stan diterima'), row);
    const booth = (await must('GET', `/v1/job-fairs/${fair.id}/booths`, company)).items[0];
    equal(`${booth.state} ${booth.vacancies.map((v) => v.id).join()}`, `accepted ${vacancy.id}`, 'the booth, as the API has it');
    const eko = await seekerReady('eko@example.id', '3277014204980007');
    const ticket = await must('POST', `/v1/job-fairs/${fair.id}/tickets`, eko, undefined, 201);
    await page.click(`${row} >> text=Pindai tiket`);
    const forged = ticket.code.slice(0, 8) + (ticket.code[8] === 'A' ? 'B' : 'A') + ticket.code.slice(9);
    await page.fill('#pindai-tiket', forged);
    await page.click('#pindai-masuk');
    await page.waitForSelector('[data-error-for=ticket]:not(:empty)');
    const refused = await api('POST', `/v1/job-fairs/${fair.id}/check-ins`, company, { ticket: forged });
    equal(await page.textContent('[data-error-for=ticket]'), refused.json.error.message, 'a forged ticket, in the API\'s words');
    await page.fill('#pindai-tiket', ticket.code);
    await page.click('#pindai-masuk');
    await page.waitForFunction(() => document.querySelector('#pindai-hasil').textContent.includes('check-in pukul'));
    await page.fill('#pindai-tiket', ticket.code);
    await page.click('#pindai-temu');
    await page.waitForFunction(() => document.querySelector('#pindai-hasil').textContent.startsWith('Pelamar'));
    const applicants = (await must('GET', `/v1/vacancies/${vacancy.id}/applications`, company)).items;
    equal(applicants.length, 2, 'the visitor among the vacancy\'s applicants, beside the one who applied in the app');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'portal-fair-desktop.png'), fullPage: true });
  });

  await test('a vacancy reported filled (none hired refused at its field, in the API\'s words); a draft withdrawn', async () => {
    const draft = await must('POST', '/v1/vacancies', company, { title: 'Staf Gudang', kbji: '4321',
      description: 'Mencatat barang masuk dan keluar gudang, menyusun stok, shift pagi.', needed_either: 1,
      valid_until: new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10), location_kind: 'kecamatan',
      location_code: '32.77.01', employment_type: 'permanent' }, 201);
    await page.click('[data-tab=lowongan]');
    const item = (id) => `#daftar-lowongan li[data-id="${id}"]`;
    await page.waitForSelector(`${item(vacancy.id)} form.terisi`);
    await page.click(`${item(vacancy.id)} form.terisi button[type=submit]`);
    await page.waitForSelector(`${item(vacancy.id)} [data-error-for=women]:not(:empty)`);
    const none = await api('POST', `/v1/vacancies/${vacancy.id}/filled`, company, { men: 0, women: 0 });
    equal(await page.textContent(`${item(vacancy.id)} [data-error-for=women]`), none.json.error.message, 'the API\'s words');
    await page.fill(`#terisi-${vacancy.id}-women`, '4');
    await page.fill(`#terisi-${vacancy.id}-men`, '1');
    await page.click(`${item(vacancy.id)} form.terisi button[type=submit]`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('Terisi'), item(vacancy.id));
    equal((await must('GET', `/v1/vacancies/${vacancy.id}`, company)).state, 'filled', 'filled, as the API has it');
    await page.click(`${item(draft.id)} >> text=Tarik lowongan`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('Ditarik'), item(draft.id));
    equal((await must('GET', `/v1/vacancies/${draft.id}`, company)).state, 'withdrawn', 'withdrawn, as the API has it');
  });

  await test('an LPK: a training refused at its field, saved, opened; a participant accepted, present, competent', async () => {
    // The LPK's account and verified profile (the sign-up itself is walked above for the company).
    const lpkEmail = 'admin@lpk-terampil.id';
    const lpk = await account({ email: lpkEmail, password: 'lpk-terampil-1', role: 'lpk', name: 'LPK Terampil' });
    const org = await must('PUT', '/v1/me/organisation', lpk, { legal_name: 'LPK Terampil Mandiri', registration_no: 'LPK-3277-001',
      employer_type: 'private_company', address: 'Jl. Baros 2', contact_name: 'Pak Dedi', contact_phone: '022-6600112', contact_email: lpkEmail });
    await must('POST', `/v1/organisations/${org.account_id}/verification`, officer, { decision: 'verified' });
    await page.click('#keluar');
    await page.waitForSelector('#masuk:not([hidden])');
    await page.fill('#masuk-email', lpkEmail);
    await page.fill('#masuk-sandi', 'lpk-terampil-1');
    await page.click('#form-masuk button[type=submit]');
    await page.waitForSelector('#isi:not([hidden])');
    check(await page.isHidden('#tab-lowongan') && await page.isVisible('#tab-pelatihan'), 'an LPK\'s tabs');
    await page.click('#tab-pelatihan');
    await page.click('#pelatihan-baru');
    const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 40 * 86400e3).toISOString().slice(0, 10);
    await page.fill('#lat-judul', 'Menjahit Pakaian Dasar');
    await page.fill('#lat-kejuruan', 'Garmen');
    await page.fill('#lat-uraian', 'Pelatihan menjahit pakaian jadi untuk pencari kerja, 20 sesi praktik.');
    await page.selectOption('#lat-dana', 'apbd');
    await page.fill('#lat-kuota', '16');
    await page.fill('#lat-sesi', '2');
    await page.fill('#lat-buka', today);
    await page.fill('#lat-tutup', '2020-01-01');
    await page.fill('#lat-mulai', today);
    await page.fill('#lat-selesai', end);
    await page.fill('#lat-tempat', 'BLK Cimahi, Jl. Baros 2');
    await page.click('#form-pelatihan button[type=submit]');
    await page.waitForSelector('[data-error-for=registration_closes]:not(:empty)');
    await page.fill('#lat-tutup', today);
    await page.click('#form-pelatihan button[type=submit]');
    await page.waitForSelector('#daftar-pelatihan li[data-id]');
    const training = (await must('GET', '/v1/me/trainings', lpk)).items[0];
    equal(training.funding, 'apbd', 'funding from the picker');
    equal(training.quota, 16, 'quota as a number');
    await page.click(`#daftar-pelatihan li[data-id="${training.id}"] >> text=Buka pendaftaran`);
    await page.waitForFunction((id) => (document.querySelector(`#daftar-pelatihan li[data-id="${id}"]`) || {}).textContent?.includes('Pendaftaran dibuka'), training.id);
    // A job seeker enrols through the API; the LPK accepts, starts, takes attendance and records the result.
    const dedi = await seekerReady('dedi@example.id', '3277010505990012');
    const enrolment = await must('POST', `/v1/trainings/${training.id}/enrolments`, dedi, undefined, 201);
    await page.click(`#daftar-pelatihan li[data-id="${training.id}"] >> text=Peserta`);
    const item = `#daftar-peserta li[data-id="${enrolment.id}"]`;
    await page.waitForSelector(item);
    await page.click(`${item} >> text=Terima`);
    await page.waitForFunction((sel) => (document.querySelector(sel) || {}).textContent?.includes('Diterima'), item);
    await page.click(`#daftar-pelatihan li[data-id="${training.id}"] >> text=Mulai pelatihan`);
    await page.waitForSelector('#form-hadir:not([hidden])');
    // Passed without attending: refused, in the API's words, next to the participant.
    await page.click(`${item} >> text=Lulus, kompeten`);
    await page.waitForFunction((sel) => document.querySelector(`${sel} .galat`)?.textContent, item);
    const said = await api('POST', `/v1/enrolments/${enrolment.id}/result`, lpk, { completion: 'completed', competency: 'competent' });
    equal(await page.textContent(`${item} .galat`), said.json.error.message, 'the refusal by the participant');
    for (const session of ['1', '2']) {
      await page.fill('#hadir-sesi', session);
      await page.click('#form-hadir button[type=submit]');
      await page.waitForFunction((n) => document.getElementById('hadir-pesan').textContent.includes(`sesi ${n} tersimpan`), session);
    }
    await page.waitForFunction((sel) => (document.querySelector(sel) || {}).textContent?.includes('hadir 2 sesi'), item);
    await page.click(`${item} >> text=Lulus, kompeten`);
    await page.waitForFunction((sel) => document.querySelector(`${sel} .lencana`)?.textContent === 'Lulus' ||
      document.querySelector(`${sel} .galat`)?.textContent, item);
    equal(await page.textContent(`${item} .galat`), '', 'no refusal of the result');
    const mine = (await must('GET', '/v1/me/enrolments', dedi)).items[0];
    equal(mine.state, 'completed', 'completed, as the participant sees it');
    equal(mine.result, 'competent', 'competent');
    equal(mine.attended, 2, 'both sessions attended');
    // A certificate: a BNSP one without its LSP refused at that field in the API's words, then the LPK's own recorded.
    await page.click(`${item} >> text=Catat sertifikat`);
    await page.waitForSelector('#form-sertifikat:not([hidden])');
    check(await page.isHidden('#ser-lsp'), 'no LSP asked for the LPK\'s own certificate');
    await page.selectOption('#ser-jenis', 'bnsp');
    await page.fill('#ser-nomor', 'BNSP-7533-0001');
    await page.fill('#ser-akhir', new Date(Date.now() + 3 * 365 * 86400e3).toISOString().slice(0, 10));
    await page.click('#form-sertifikat button[type=submit]');
    await page.waitForSelector('[data-error-for=lsp]:not(:empty)');
    const refusedCert = await api('POST', `/v1/enrolments/${enrolment.id}/certificates`, lpk, { kind: 'bnsp', number: 'BNSP-7533-0001',
      scheme: 'Menjahit Pakaian Dasar', issued_on: await page.inputValue('#ser-terbit'), expires_on: await page.inputValue('#ser-akhir') });
    equal(await page.textContent('[data-error-for=lsp]'), refusedCert.json.error.message, 'the API\'s words by the LSP');
    await page.selectOption('#ser-jenis', 'office');
    await page.fill('#ser-nomor', 'LPK-TRM/001/2026');
    await page.click('#form-sertifikat button[type=submit]');
    await page.waitForFunction(() => document.getElementById('pesan').textContent.startsWith('Sertifikat LPK-TRM/001/2026 tercatat'));
    const certs = (await must('GET', '/v1/me/certificates', dedi)).items;
    equal(certs.map((c) => `${c.kind} ${c.number} ${c.scheme}`).join(), 'office LPK-TRM/001/2026 Menjahit Pakaian Dasar', 'the holder\'s certificate');
    // The year's figures as the API counts them for this LPK.
    const year = await must('GET', `/v1/stats/trainings?year=${new Date().getFullYear()}`, lpk);
    await page.waitForFunction((n) => [...document.querySelectorAll('#rekap-angka tr')].some((r) =>
      r.textContent === 'Sertifikat terbit' + n), year.certificates.total);
    const figures = await page.$$eval('#rekap-angka tr', (rows) => rows.map((r) => r.querySelector('td').textContent));
    equal(figures.join(), [year.trainings_ended, year.trained.persons, year.trained.completions, year.dropped,
      year.certified_competent.persons, year.certificates.total].join(), 'the figures, as the API has them');
    equal(year.certificates.total, 1, 'the certificate counts in its year');
    // The nominative list, as a file: the participant, masked, completed.
    const [list] = await Promise.all([page.waitForEvent('download'), page.click('#peserta-csv')]);
    const listed = readFileSync(await list.path(), 'utf8');
    check(listed.includes('"3277********0012"') && listed.includes('"Selesai"') && listed.includes('"Kompeten"'), 'the list: ' + listed);
    check(!listed.includes('3277010505990012'), 'no NIK in clear');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'portal-training-desktop.png'), fullPage: true });
  });

  await test('an LPK writes an online course (a refusal at its place), uploads the lesson video by tus, rewrites the draft, publishes it', async () => {
    await page.click('#tab-kursus');
    await page.click('#kursus-baru');
    await page.fill('#kur-judul', 'Menjahit Daring');
    await page.fill('#kur-kejuruan', 'Garmen');
    await page.fill('#kur-uraian', 'Belajar menjahit dari video, dengan kuis.');
    await page.fill('[data-path="modules[0].title"]', 'Mesin jahit');
    await page.fill('[data-path="modules[0].lessons[0].title"]', 'Bagian mesin');
    await page.fill('[data-path="modules[0].quiz[0].question"]', 'Apa fungsi sepatu jahit?');
    await page.fill('[data-path="modules[0].quiz[0].options"]', 'Menekan kain\nMemotong benang');
    await page.fill('[data-path="modules[0].quiz[0].answer"]', '3'); /* there are two choices */
    await page.click('#form-kursus button[type=submit]');
    const at = '[data-error-for="modules[0].quiz[0].answer"]';
    await page.waitForSelector(`${at}:not(:empty)`);
    const lpkToken = await page.evaluate(() => sessionStorage.getItem('sidakerd-portal'));
    const said = await api('POST', '/v1/courses', lpkToken, { title: 'X', vocation: 'X', description: 'X', level: 'basic',
      modules: [{ title: 'X', pass_percent: 70, lessons: [{ title: 'X' }], quiz: [{ question: 'X', options: ['a', 'b'], answer: 2 }] }] });
    equal(await page.textContent(at), said.json.error.message, 'the API\'s words at the answer\'s place');
    await page.fill('[data-path="modules[0].quiz[0].answer"]', '1');
    await page.click('#form-kursus button[type=submit]');
    await page.waitForSelector('#kursus-rinci:not([hidden]) input[type=file]');
    const course = (await must('GET', '/v1/me/courses', lpkToken)).items[0];
    equal(course.state, 'draft', 'a draft');
    await page.setInputFiles('#kursus-rinci input[type=file]', join(root, 'tests', 'fixtures', 'lesson-320x240.webm'));
    await page.waitForFunction(() => document.getElementById('rinci-isi').textContent.includes('video/webm'));
    const lesson = (await must('GET', `/v1/courses/${course.id}`, lpkToken)).modules[0].lessons[0];
    equal(`${lesson.video.media_type} ${lesson.video.duration_s} ${lesson.video.width}x${lesson.video.height}`,
      'video/webm 3 320x240', 'the video as the daemon read it');
    /* The draft written again from the form as the course is: retitled, a
     * second question; the uploaded video stays with its lesson. */
    await page.click(`#daftar-kursus li[data-id="${course.id}"] >> text=Ubah`);
    await page.waitForSelector('#form-kursus:not([hidden])');
    equal(await page.inputValue('[data-path="modules[0].quiz[0].options"]'), 'Menekan kain\nMemotong benang', 'the form holds the course');
    equal(await page.inputValue('[data-path="modules[0].quiz[0].answer"]'), '1', 'the right answer, counted from 1');
    await page.fill('#kur-judul', 'Menjahit Daring untuk Pemula');
    await page.click('#kur-modul fieldset >> text=Tambah pertanyaan');
    await page.fill('[data-path="modules[0].quiz[1].question"]', 'Jarum dipasang dengan sisi rata ke mana?');
    await page.fill('[data-path="modules[0].quiz[1].options"]', 'Ke belakang\nKe depan');
    await page.fill('[data-path="modules[0].quiz[1].answer"]', '1');
    await page.click('#form-kursus button[type=submit]');
    await page.waitForFunction(() => document.getElementById('judul-rinci').textContent.startsWith('Menjahit Daring untuk Pemula'));
    const rewritten = await must('GET', `/v1/courses/${course.id}`, lpkToken);
    equal(`${rewritten.title} ${rewritten.modules[0].quiz.length} ${rewritten.modules[0].lessons[0].video?.media_type}`,
      'Menjahit Daring untuk Pemula 2 video/webm', 'rewritten, the video kept');
    await page.click(`#daftar-kursus li[data-id="${course.id}"] >> text=Terbitkan`);
    await page.waitForFunction((id) => document.querySelector(`#daftar-kursus li[data-id="${id}"]`)?.textContent.includes('Tayang'), course.id);
    equal((await must('GET', `/v1/courses/${course.id}`)).state, 'published', 'in the public catalogue');
    await page.click(`#daftar-kursus li[data-id="${course.id}"] >> text=Buka`);
    await page.waitForSelector('#corong');
    equal(await page.textContent('#corong'), 'Mulai 0 · separuh pelajaran 0 · selesai 0', 'no learner yet');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'portal-course-desktop.png'), fullPage: true });
  });

  await test('a BKK: graduates refused by row in the API\'s words, then reported; its cohorts as the API counts them', async () => {
    const bkkEmail = 'bkk@smkn1-cimahi.sch.id';
    const bkk = await account({ email: bkkEmail, password: 'bkk-smkn1-rahasia', role: 'bkk', name: 'BKK SMKN 1 Cimahi' });
    const org = await must('PUT', '/v1/me/organisation', bkk, { legal_name: 'BKK SMK Negeri 1 Cimahi', registration_no: 'BKK-001',
      npsn: '20224411', employer_type: 'government', address: 'Jl. Mahar Martanegara 48', contact_name: 'Bu Sri',
      contact_phone: '022-6629683', contact_email: bkkEmail });
    await must('POST', `/v1/organisations/${org.account_id}/verification`, officer, { decision: 'verified' });
    await page.click('#keluar');
    await page.waitForSelector('#masuk:not([hidden])');
    await page.fill('#masuk-email', bkkEmail);
    await page.fill('#masuk-sandi', 'bkk-smkn1-rahasia');
    await page.click('#form-masuk button[type=submit]');
    await page.waitForSelector('#isi:not([hidden])');
    check(await page.isVisible('#tab-alumni') && await page.isHidden('#tab-pelatihan'), 'a BKK\'s tabs');
    await page.waitForSelector('#org-npsn', { state: 'visible' }); /* a BKK's profile asks the NPSN */
    check(await page.isHidden('#org-kbli'), 'and not the KBLI');
    await page.click('#tab-alumni');
    const graduated = new Date(Date.now() - 200 * 86400e3).toISOString().slice(0, 10);
    await page.fill('#alumni-lulus', graduated);
    const rows = '3277010101050001,Tata Busana\n12345,Tata Busana\n3277014202050002,Teknik Mesin\n';
    await page.setInputFiles('#alumni-berkas', { name: 'lulusan.csv', mimeType: 'text/csv', buffer: Buffer.from('nik,jurusan\n' + rows) });
    await page.waitForFunction(() => document.getElementById('alumni-daftar').value.includes('Teknik Mesin'));
    await page.click('#form-alumni button[type=submit]');
    await page.waitForSelector('#alumni-salah:not([hidden])');
    const said = await api('POST', '/v1/bkk/graduates', bkk, { graduated_on: graduated,
      graduates: [{ nik: '3277010101050001', major: 'Tata Busana' }, { nik: '12345', major: 'Tata Busana' }] });
    const cells = await page.$$eval('#alumni-salah tbody td', (t) => t.map((x) => x.textContent));
    equal(cells.join('|'), `2|${said.json.errors[0].message}`, 'the refused row with its reason');
    check(!(await page.textContent('#alumni')).includes('12345'), 'no NIK shown back');
    await page.fill('#alumni-daftar', rows.replace('12345,Tata Busana\n', ''));
    await page.click('#form-alumni button[type=submit]');
    await page.waitForFunction(() => document.getElementById('alumni-hasil').textContent.startsWith('2 lulusan ditambahkan'));
    const cohorts = await must('GET', '/v1/tracer/cohorts?kind=bkk', bkk);
    const shown = await page.$$eval('#kohort tbody tr', (t) => t.length);
    equal(shown, Math.max(1, cohorts.cohorts.length), 'one row per cohort of the API');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#alumni .kohort-ekspor[data-format=csv]')]);
    const csv = readFileSync(await file.path(), 'utf8');
    equal(csv.split('\n').filter((l) => /^"\d+",/.test(l)).length, cohorts.cohorts.length, 'the file: one row per cohort');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'portal-alumni-desktop.png'), fullPage: true });
    await page.click('#keluar');
    await page.waitForSelector('#masuk:not([hidden])');
  });

  await test('on a phone: nothing scrolls sideways; no script errors', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(base + '/portal');
    // A new tab: the session (sessionStorage) is the tab's, so sign in again.
    const wideAtSignIn = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    check(!wideAtSignIn, 'the sign-in fits 390 px');
    await phone.fill('#masuk-email', email);
    await phone.fill('#masuk-sandi', 'maju-jaya-rahasia-1');
    await phone.click('#form-masuk button[type=submit]');
    await phone.waitForSelector('#isi:not([hidden])');
    await phone.click('[data-tab=lowongan]');
    await phone.waitForSelector('#daftar-lowongan li[data-id]');
    const wide = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    check(!wide, 'no sideways scrolling at 390 px');
    await phone.screenshot({ path: join(shots, 'portal-vacancies-phone.png'), fullPage: true });
    await phone.close();
    equal(scriptErrors.join('; '), '', 'script errors');
  });
} catch (e) {
  console.log(`[  ERROR   ] ${e.stack || e}`);
  failures.push('set-up');
} finally {
  if (browser) await browser.close();
  if (daemon) await daemon.stop();
}
finish();
