// The office dashboard in a real browser: Debian's Chromium driven by
// playwright-core against a real sidakerd on 127.0.0.1 with a fresh data
// directory.  A small world is built through the API (job seekers with
// cards in two kecamatan, an application waiting, an organisation waiting,
// an open complaint); the test signs in, checks the page's figures against
// the API, hides small counts in the sharing view, reads the IPK and IKU
// tables, exports a file, verifies an organisation and issues a card from
// the queues, checks keyboard and labels, and saves screenshots (desktop
// and phone) into build/screenshots.
//   node tests/browser/dashboard.test.mjs    (SIDAKERD_BIN, CHROMIUM to override)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { browserPath, check, equal, failures, finish, root, shots, startDaemon, test } from './harness.mjs';

let daemon;
let base, api, must, upload, login, mail, accountOf;

async function account(role, email, name, nik) {
  const body = { email, password: 'rahasia-kerja-1', role, name };
  if (nik) body.nik = nik;
  return accountOf(body);
}

async function seeker(i, kelurahan, gender, education, birth) {
  const day = String(gender === 'F' ? 40 + (i % 28) + 1 : (i % 28) + 1).padStart(2, '0');
  const nik = `${kelurahan.replaceAll('.', '').slice(0, 6)}${day}01${birth.slice(2, 4)}${String(i).padStart(4, '0')}`;
  const token = await account('seeker', `pencari${i}@example.id`, `Pencari ${i}`, nik);
  await must('PUT', '/v1/me/profile', token, {
    full_name: `Pencari ${i}`, birth_place: 'Cimahi', birth_date: `${birth}-01-${String((i % 28) + 1).padStart(2, '0')}`,
    gender, marital_status: 'belum_kawin', religion: 'islam', address: 'Jl. Baros 1',
    kecamatan_code: kelurahan.slice(0, 8), kelurahan_code: kelurahan, phone: '081222334455', education_level: education,
  });
  return token;
}

async function applyForCard(token) {
  await upload('/v1/me/documents?kind=photo', token, 'photo-300x400.jpg');
  await upload('/v1/me/documents?kind=ktp', token, 'ktp.jpg');
  await upload('/v1/me/documents?kind=diploma', token, 'ijazah.pdf');
  const app = await must('POST', '/v1/me/card-applications', token, { kind: 'new' }, 201);
  await must('POST', `/v1/me/card-applications/${app.id}/submit`, token);
  return app.id;
}

// ---- the run ----

let browser;
let status = 1;
try {
  daemon = await startDaemon('browser', ['-o', 'dashboard_cache_s=0']);
  ({ base, api, must, upload, login, mail, account: accountOf } = daemon);
  const admin = await login('admin@sidakerd.localhost', readFileSync(join(daemon.dir, 'initial-admin-password'), 'utf8').trim());
  await must('POST', '/v1/admin/officers', admin,
    { email: 'o@disnaker.go.id', password: 'petugas-aman-1', name: 'Dewi', nip: '198001012005012001' }, 201);
  const officer = await login('o@disnaker.go.id', 'petugas-aman-1');

  // Seven card holders in Cimahi Selatan (32.77.01), two in Cimahi Tengah
  // (32.77.02: a small group), one application left waiting.
  const people = [
    ['32.77.01.1001', 'F', 'smk', '2000'], ['32.77.01.1001', 'M', 'sma', '1998'], ['32.77.01.1002', 'F', 'smk', '2001'],
    ['32.77.01.1002', 'M', 's1', '1995'], ['32.77.01.1001', 'F', 'sma', '2002'], ['32.77.01.1003', 'M', 'smk', '1999'],
    ['32.77.01.1003', 'F', 'd3', '1997'], ['32.77.02.1001', 'M', 'sma', '1990'], ['32.77.02.1002', 'F', 'smk', '2003'],
    ['32.77.01.1001', 'M', 'smk', '2001'],
  ];
  people.push(['32.77.02.1001', 'F', 'sma', '1996']);
  let waiting = 0, later = 0;
  for (let i = 0; i < people.length; i++) {
    const [kel, g, edu, year] = people[i];
    const token = await seeker(i + 1, kel, g, edu, year);
    const app = await applyForCard(token);
    if (i === people.length - 2) waiting = app;       // issued from the page
    else if (i === people.length - 1) later = app;    // issued elsewhere while the page is open
    else await must('POST', `/v1/card-applications/${app}/issue`, officer, undefined, 201);
  }
  const company = await account('company', 'hrd@majujaya.co.id', 'PT Maju Jaya');
  await must('PUT', '/v1/me/organisation', company, {
    legal_name: 'PT Maju Jaya', registration_no: 'NIB-1', employer_type: 'private_company', kbli: '14111',
    address: 'Jl. Industri 1', kecamatan_code: '32.77.01', contact_name: 'Ibu Sari', contact_phone: '022-6651234',
    contact_email: 'info@majujaya.co.id',
  });
  const complainant = await login('pencari1@example.id', 'rahasia-kerja-1');
  await must('POST', '/v1/complaints', complainant,
    { category: 'service', subject: 'Antrean loket', body: 'Antrean di loket AK/I lama.' }, 201);

  browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
  // An officer in Cimahi: the browser's clock is WIB, as the office's is.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, timezoneId: 'Asia/Jakarta' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Refused requests (the wrong password on purpose) are logged by the
  // browser as failed loads; script errors are what must not happen.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });

  await test('the page is served with its own CSP and Indonesian labels', async () => {
    const res = await page.goto(base + '/dashboard?segar=2');
    equal(res.status(), 200, 'status');
    const csp = res.headers()['content-security-policy'];
    check(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), 'CSP allows only own script: ' + csp);
    equal(await page.getAttribute('html', 'lang'), 'id', 'lang');
    check(await page.isVisible('text=Masuk petugas'), 'sign-in heading');
  });

  await test('a job seeker is refused, an officer signs in with the keyboard', async () => {
    await page.fill('#login', 'pencari1@example.id');
    await page.fill('#sandi', 'rahasia-kerja-1');
    await page.click('button[type=submit]');
    await page.waitForSelector('#pesan-masuk:has-text("khusus petugas")');
    check(await page.isHidden('#isi'), 'content stays hidden');
    await page.fill('#login', 'o@disnaker.go.id');
    await page.fill('#sandi', 'salah-sandi-1');
    await page.press('#sandi', 'Enter');
    await page.waitForSelector('#pesan-masuk:not(:empty)');
    await page.fill('#sandi', 'petugas-aman-1');
    await page.focus('#sandi');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#isi:not([hidden])');
    await page.waitForSelector('#tabel-iku table');
    check((await page.textContent('#nama-petugas')).includes('Dewi'), 'officer name shown');
  });

  await test('headline figures and queues equal the API', async () => {
    const d = await must('GET', '/v1/statistics/dashboard', officer);
    equal(d.cards.active, 9, 'API: active cards');
    /* The sharing view (the default) rounds: 9 shows as 10. */
    equal(await page.textContent('#kartu-aktif'), '10', 'active cards, rounded for sharing');
    check(await page.isDisabled('#ipk-xlsx'), 'no export of exact figures from the sharing view');
    await page.uncheck('#mode-berbagi');
    equal(await page.textContent('#kartu-aktif'), String(d.cards.active), 'active cards');
    equal(await page.textContent('#kartu-bulan'), String(d.cards.issued_this_month), 'issued this month');
    equal(await page.textContent('#antre-kartu'), String(d.queues.card_applications), 'card queue');
    equal(await page.textContent('#antre-organisasi'), String(d.queues.organisations), 'organisation queue');
    equal(await page.textContent('#antre-pengaduan'), '1', 'complaint queue');
    await page.check('#mode-berbagi');
  });

  await test('charts show the API figures, and hide groups under 5 in the sharing view', async () => {
    const d = await must('GET', '/v1/statistics/dashboard', officer);
    const selatan = d.active_job_seekers.by_kecamatan.find((g) => g.code === '32.77.01');
    const tengah = d.active_job_seekers.by_kecamatan.find((g) => g.code === '32.77.02');
    equal(tengah.total, 2, 'API: Cimahi Tengah');
    const row = (code) => page.textContent(`#grafik-kecamatan [data-code="${code}"] .angka`);
    check(await page.isChecked('#mode-berbagi'), 'sharing view is the default');
    const shared = (n) => (n === 0 ? '0' : n < 5 ? '<5' : String(Math.round(n / 5) * 5));
    equal(await row('32.77.01'), `L ${shared(selatan.men)} · P ${shared(selatan.women)} · ${shared(selatan.total)}`,
      'Cimahi Selatan, rounded');
    equal(await row('32.77.02'), '<5', 'Cimahi Tengah hidden');
    /* Nothing the view shows gives a hidden count back: every figure is 0,
     * "<5" or a multiple of 5, so every sum of them is one too, and a
     * difference of rounded figures only bounds what it hides. */
    const texts = await page.$$eval('#isi .angka, #kartu-aktif, #kartu-bulan, #kartu-tahun, #penempatan-bulan, ' +
      '#penempatan-saluran li', (xs) => xs.map((x) => x.textContent));
    const figures = texts.join(' ').replace(/<5/g, '').match(/\d[\d.]*/g) || [];
    check(figures.length > 10, 'figures read from the view');
    const exact = figures.map((f) => Number(f.replace(/\./g, ''))).filter((n) => n % 5 !== 0);
    equal(exact.join(','), '', 'figures that are not multiples of 5 in the sharing view');
    await page.uncheck('#mode-berbagi');
    equal(await row('32.77.02'), `L ${tengah.men} · P ${tengah.women} · ${tengah.total}`, 'Cimahi Tengah shown');
    const women = d.active_job_seekers.by_education.reduce((a, g) => a + g.women, 0);
    equal(await page.textContent('#grafik-gender [data-code="Perempuan"] .angka'), `L 0 · P ${women} · ${women}`, 'women');
  });

  await test('the IPK III/1 table and the indicators equal the API', async () => {
    const month = await page.inputValue('#bulan-ipk');
    const ipk = await must('GET', '/v1/statistics/ipk?month=' + month, officer);
    const t = ipk.tables.find((x) => x.key === 'job_seekers_by_age');
    const row2 = t.rows.find((r) => r.row === '2').values;
    // The table is drawn again when the sharing view is turned off (the
    // test before): read it once that drawing has landed.
    const want = row2.map(String).join('|');
    const read = () => page.$$eval('#tabel-ipk table[data-key="job_seekers_by_age"] tr[data-row="2"] td',
      (tds) => tds.slice(1).map((td) => td.textContent).join('|'));
    let cells = await read();
    for (let i = 0; i < 50 && cells !== want; i++) {
      await new Promise((r) => setTimeout(r, 100));
      cells = await read();
    }
    equal(cells, want, 'row 2 (registered this month)');
    const iku = await must('GET', '/v1/statistics/iku?year=' + (await page.inputValue('#tahun-iku')), officer);
    const rate = iku.indicators.find((k) => k.key === 'placement_rate');
    const tds = await page.$$eval('#tabel-iku tr[data-key="placement_rate"] td', (x) => x.map((td) => td.textContent));
    equal(tds[1], String(rate.numerator), 'numerator');
    equal(tds[2], String(rate.denominator), 'denominator');
    equal(tds[0], rate.display, 'realisation');
  });

  await test('an export downloads a real XLSX file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ipk-xlsx')]);
    const path = await download.path();
    const bytes = readFileSync(path);
    equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'zip signature');
    check(download.suggestedFilename().startsWith('ipk-') && download.suggestedFilename().endsWith('.xlsx'), 'name');
  });

  await test('an officer verifies an organisation and issues a card from the queues', async () => {
    await page.click('#daftar-organisasi button:has-text("Verifikasi")');
    await page.waitForSelector('#pesan-aksi:has-text("terverifikasi")');
    const me = await must('GET', '/v1/me', company);
    equal(me.verification, 'verified', 'API: organisation verified');
    await page.click(`#daftar-kartu li:has-text("#${waiting}") button:has-text("Terbitkan kartu")`);
    await page.waitForSelector(`#pesan-aksi:has-text("#${waiting} terbit")`);
    await page.waitForFunction(() => document.querySelector('#kartu-aktif').textContent === '10');
    const d = await must('GET', '/v1/statistics/dashboard', officer);
    equal(d.cards.active, 10, 'API: a tenth active card');
    equal(d.queues.card_applications, 1, 'API: one left');
    equal(await page.textContent('#antre-kartu'), '1', 'queue on the page');
  });

  await test('the figures update while the page is open', async () => {
    await must('POST', `/v1/card-applications/${later}/issue`, officer, undefined, 201);
    await page.waitForFunction(() => document.querySelector('#kartu-aktif').textContent === '11', null,
      { timeout: 10000 });
    equal(await page.textContent('#antre-kartu'), '0', 'queue emptied');
    check((await page.textContent('#diperbarui')).startsWith('Diperbarui'), 'the time of the last update is shown');
  });

  await test('the next job fair shows with its figures as the API counts them', async () => {
    equal(await page.textContent('#bursa-berikut .judul-bursa'), 'Belum ada.', 'none yet');
    const day = (n) => new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
    const fair = await must('POST', '/v1/job-fairs', officer, { name: 'Bursa Kerja Cimahi 2026', description: 'Bursa kerja tahunan.',
      venue_kind: 'venue', venue: 'Technopark Cimahi', start_date: day(7), end_date: day(8), opens_at: '08:00', closes_at: '15:00',
      registration_opens: day(0), registration_closes: day(8), capacity: 2000 }, 201);
    await must('POST', `/v1/job-fairs/${fair.id}/state`, officer, { state: 'published' });
    await page.waitForFunction(() => document.querySelector('#bursa-berikut .judul-bursa').textContent === 'Bursa Kerja Cimahi 2026',
      null, { timeout: 15000 });
    const d = await must('GET', '/v1/statistics/dashboard', officer);
    equal(d.job_fairs.next.id, fair.id, 'API: the next fair');
    check((await page.textContent('#bursa-berikut')).includes('0 pendaftar dari 2.000 tempat'), 'its places, as the API says');
    equal(await page.textContent('#bursa-terakhir .judul-bursa'), 'Belum ada.', 'no fair has ended');
  });

  await test('a job fair run from the page: refused at its field, announced, a booth accepted, the door, the report opened by a reader', async () => {
    const day = (n) => new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
    await page.click('#bursa-baru');
    await page.fill('#bk-nama', 'Bursa Kerja Hari Ini');
    await page.fill('#bk-uraian', 'Bursa kerja di aula Disnaker.');
    await page.fill('#bk-tempat', 'Aula Disnaker Cimahi');
    for (const [id, n] of [['#bk-mulai', 0], ['#bk-selesai', 1], ['#bk-daftar-buka', 0], ['#bk-daftar-tutup', 1]]) await page.fill(id, day(n));
    await page.fill('#bk-buka', '00:00');
    await page.fill('#bk-tutup', '00:00'); /* doors that close before they open */
    await page.fill('#bk-kapasitas', '300');
    await page.click('#form-bursa button[type=submit]');
    await page.waitForSelector('[data-error-for=closes_at]:not(:empty)');
    const said = await api('POST', '/v1/job-fairs', officer, { name: 'X', description: 'X', venue_kind: 'venue', venue: 'X',
      start_date: day(0), end_date: day(1), opens_at: '00:00', closes_at: '00:00', registration_opens: day(0), registration_closes: day(1), capacity: 1 });
    equal(await page.textContent('[data-error-for=closes_at]'), said.json.error.message, 'at its field, in the API\'s words');
    await page.fill('#bk-tutup', '23:59');
    await page.click('#form-bursa button[type=submit]');
    const fair = async () => (await must('GET', '/v1/job-fairs?limit=50', officer)).items.find((f) => f.name === 'Bursa Kerja Hari Ini');
    await page.waitForFunction(() => document.querySelector('#daftar-bursa-kerja').textContent.includes('Bursa Kerja Hari Ini (Draf)'));
    check(await page.isHidden('#form-bursa'), 'the form closes once saved');
    const f = await fair();
    const row = `#daftar-bursa-kerja li[data-id="${f.id}"]`;
    await page.click(`${row} >> text=Umumkan`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('(Diumumkan)'), row);
    equal((await fair()).state, 'published', 'published, as the API has it');
    // PT Maju Jaya asks for a booth; the officer accepts it on the page.
    const company = await login('hrd@majujaya.co.id', 'rahasia-kerja-1');
    await must('PUT', `/v1/job-fairs/${f.id}/booth`, company, { vacancy_ids: [] });
    await page.click(`${row} >> text=Stan perusahaan`);
    await page.click(`${row} >> text=Terima`);
    await page.waitForFunction(() => document.querySelector('#pesan-bursa').textContent.includes('diterima'));
    equal((await must('GET', `/v1/job-fairs/${f.id}/booths`, officer)).items[0].state, 'accepted', 'the booth, as the API has it');
    // The door: a registered visitor's ticket, then a walk-in refused for want of data, then known by NIK.
    const visitor = await login('pencari2@example.id', 'rahasia-kerja-1');
    const ticket = await must('POST', `/v1/job-fairs/${f.id}/tickets`, visitor, undefined, 201);
    await page.click(`${row} >> text=Pintu masuk`);
    await page.fill('#pintu-tiket', ticket.code);
    await page.click('#form-pintu button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#hasil-pintu').textContent.includes('Selamat datang'));
    check((await page.textContent('#hasil-pintu')).includes(ticket.holder), 'the holder, masked');
    await page.fill('#walkin-nik', '3277014512990099');
    await page.click('#form-walkin button[type=submit]');
    const refused = await api('POST', `/v1/job-fairs/${f.id}/walk-ins`, officer, { nik: '3277014512990099' });
    await page.waitForFunction((m) => document.querySelector('#hasil-pintu').textContent === m, refused.json.error.message);
    await page.fill('#walkin-nik', '3277014512990099');
    await page.fill('#walkin-nama', 'Wulan Sari');
    await page.fill('#walkin-lahir', 'Cimahi');
    await page.fill('#walkin-alamat', 'Jl. Baros 2');
    await page.selectOption('#walkin-kecamatan', '32.77.01');
    await page.waitForSelector('#walkin-kelurahan option[value="32.77.01.1001"]', { state: 'attached' });
    await page.selectOption('#walkin-kelurahan', '32.77.01.1001');
    await page.selectOption('#walkin-pendidikan', 'sma');
    await page.click('#form-walkin button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#hasil-pintu').textContent.includes('(orang baru)'));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('2 check-in'), row);
    // The report as XLSX, read by a real reader: the two who came.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${row} >> text=Laporan XLSX`)]);
    const saved = join(shots, 'bursa-kerja-laporan.xlsx'); /* openpyxl goes by the file's extension */
    await download.saveAs(saved);
    const cells = spawnSync('/usr/bin/python3', [join(root, 'tests', 'readers', 'xlsx_cells.py'), saved], { encoding: 'utf8' }).stdout;
    const report = await must('GET', `/v1/job-fairs/${f.id}/report`, officer);
    equal(report.visitors.checked_in, 2, 'two came, as the API counts them');
    // The cell right of the summary's "Pengunjung (check-in)" label.
    const byCell = new Map(cells.trim().split('\n').map((l) => l.split('\t')).map(([at, v]) => [at, v]));
    const label = [...byCell].find(([, v]) => v === 'Pengunjung (check-in)');
    check(label, 'the summary row in the file');
    const [, sheet, col, rowNo] = label[0].match(/^(.*)!([A-Z]+)(\d+)$/);
    equal(byCell.get(`${sheet}!${String.fromCharCode(col.charCodeAt(0) + 1)}${rowNo}`), '2', 'two visitors in the file');
    check(cells.includes('PT Maju Jaya'), 'the company in the file');
  });

  await test('every input has a label; no script errors', async () => {
    const unlabelled = await page.$$eval('input', (inputs) => inputs.filter((i) => !i.labels.length &&
      !i.getAttribute('aria-label')).map((i) => i.id || i.outerHTML));
    equal(unlabelled.join(','), '', 'unlabelled inputs');
    equal(errors.join('\n'), '', 'console errors');
  });

  await test("a card's QR code opened on a phone: a readable page, not JSON", async () => {
    const holder = await login('pencari1@example.id', 'rahasia-kerja-1');
    const card = await must('GET', '/v1/me/card', holder);
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const response = await phone.goto(`${base}/v1/verify/cards/${card.number}`);
    equal(response.status(), 200, 'status');
    check(response.headers()['content-type'].startsWith('text/html'), 'an HTML page');
    equal(await phone.textContent('h1'), 'Verifikasi Kartu AK/I', 'heading');
    equal(await phone.textContent('[role=status]'), 'Berlaku', 'verdict');
    const text = await phone.textContent('body');
    check(text.includes(card.number), 'the number');
    check(!text.includes('Pencari 1') && text.includes('P****** 1'), 'the holder masked, not the full name');
    check(/\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}/.test(text),
      'the validity in words');
    const wide = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    check(!wide, 'no sideways scrolling on a phone');
    mkdirSync(shots, { recursive: true });
    await phone.screenshot({ path: join(shots, 'verify-card-phone.png'), fullPage: true });
    const missing = await phone.goto(`${base}/v1/verify/cards/3277999999999999`);
    equal(missing.status(), 404, 'an unknown number');
    check((await phone.textContent('[role=status]')).includes('tidak terdaftar'), 'says so');
    await phone.close();
  });

  // The link of a mail, with its origin (public_base_url, here the default)
  // swapped for this daemon's: the fragment holds the code.
  async function mailedLink(addr, word, step) {
    const m = new RegExp(`\n(http://127\\.0\\.0\\.1:8080)(/account/${step}#token=[A-Za-z0-9_-]{43})\r?\n`).exec(await mail(addr, word));
    if (!m) throw new Error(`no ${step} link mailed to ${addr}`);
    return base + m[2];
  }

  await test('a confirmation e-mail tapped on a phone activates the account', async () => {
    await must('POST', '/v1/auth/register', null,
      { email: 'ketuk@example.id', password: 'rahasia-kerja-1', role: 'seeker', name: 'Ketuk', nik: '3277014101950031' }, 201);
    const link = await mailedLink('ketuk@example.id', 'kode konfirmasi', 'confirm');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const seen = [];
    phone.on('request', (q) => seen.push(q.url()));
    const errors = [];
    phone.on('pageerror', (e) => errors.push(String(e)));
    const response = await phone.goto(link);
    equal(response.status(), 200, 'status');
    equal(await phone.textContent('h1'), 'Aktifkan akun', 'heading');
    equal((await api('POST', '/v1/auth/login', null, { login: 'ketuk@example.id', password: 'rahasia-kerja-1' })).status,
      403, 'not active before the tap');
    check(await phone.isHidden('#app'), 'no app to open: app_link_url is not set');
    mkdirSync(shots, { recursive: true });
    await phone.screenshot({ path: join(shots, 'account-confirm-phone.png'), fullPage: true });
    await phone.click('text=Aktifkan akun saya');
    await phone.waitForSelector('#status.ok');
    check((await phone.textContent('#status')).includes('Akun Anda sudah aktif'), 'says it is active');
    await login('ketuk@example.id', 'rahasia-kerja-1');
    const code = link.split('#token=')[1];
    check(seen.every((u) => !u.includes(code)), 'no request URL carries the code');
    // Tapped again: the code is used, and the page says so in Indonesian.
    await phone.goto('about:blank');
    await phone.goto(link);
    await phone.click('text=Aktifkan akun saya');
    await phone.waitForSelector('#status.error');
    check((await phone.textContent('#status')).includes('sudah dipakai'), 'a used code is refused');
    // A link cut short in the mail app.
    await phone.goto('about:blank');
    await phone.goto(`${base}/account/confirm#token=abc`);
    check((await phone.textContent('#status')).includes('tidak lengkap'), 'an incomplete link says so');
    check(await phone.isHidden('#form'), 'and offers no button');
    equal(errors.length, 0, 'no script errors: ' + errors.join('; '));
    await phone.close();
  });

  await test('a reset e-mail tapped on a phone sets a new password', async () => {
    await must('POST', '/v1/auth/password-reset', null, { email: 'ketuk@example.id' }, 202);
    const link = await mailedLink('ketuk@example.id', 'pengaturan ulang', 'reset');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(link);
    equal(await phone.textContent('h1'), 'Atur ulang kata sandi', 'heading');
    await phone.fill('#sandi', 'sandi-baru-sekali');
    await phone.fill('#ulang', 'sandi-baru-lain');
    await phone.click('#kirim');
    check((await phone.textContent('#status')).includes('tidak sama'), 'two different passwords are caught');
    await phone.fill('#ulang', 'sandi-baru-sekali');
    await phone.screenshot({ path: join(shots, 'account-reset-phone.png'), fullPage: true });
    await phone.click('#kirim');
    await phone.waitForSelector('#status.ok');
    await login('ketuk@example.id', 'sandi-baru-sekali');
    equal((await api('POST', '/v1/auth/login', null, { login: 'ketuk@example.id', password: 'rahasia-kerja-1' })).status,
      401, 'the old password no longer works');
    await phone.close();
  });

  await test('screenshots: desktop and phone', async () => {
    mkdirSync(shots, { recursive: true });
    await page.check('#mode-berbagi');
    await page.screenshot({ path: join(shots, 'dashboard-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    await page.screenshot({ path: join(shots, 'dashboard-phone.png'), fullPage: false });
    check(!wide, 'no sideways scrolling of the page on a phone');
  });
  status = failures.length ? 1 : 0;
} catch (e) {
  console.log(`[  ERROR   ] ${e.stack || e}`);
  failures.push('set-up');
} finally {
  if (browser) await browser.close();
  if (daemon) await daemon.stop();
}
finish(status);
