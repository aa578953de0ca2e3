// The main journeys of the office's users, written against the client
// generated from proto/openapi.yaml (openapi-typescript + openapi-fetch), as
// the mobile app and the portals would be.  `tsc --strict` proves the
// contract is usable as declared (no casts); running it against a real
// daemon proves the answers are what the types say.
//   node generate.mjs && npx tsc -p . && node dist/journeys.js   (SIDAKERD_BIN)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import createClient from 'openapi-fetch';
import type { paths } from './gen/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = process.env['SIDAKERD_BIN'] ?? join(root, 'build', 'sidakerd');

let passed = 0;
const failures: string[] = [];

async function journey(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    passed++;
    console.log(`[       OK ] ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`[  FAILED  ] ${name}\n    ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
}

function check(cond: boolean, what: string): void {
  if (!cond) throw new Error('check failed: ' + what);
}

/* The data of an answer with the expected status, or an error naming both. */
function ok<T>(what: string, r: { data?: T; error?: unknown; response: Response }, status = 200): T {
  if (r.response.status !== status || r.data === undefined)
    throw new Error(`${what}: ${r.response.status}, expected ${status}: ${JSON.stringify(r.error)}`);
  return r.data;
}

// ---- the daemon ----

const dir = mkdtempSync(join(tmpdir(), 'sidakerd-client-'));
let log = '';
const daemon = spawn(bin, ['-d', dir, '-p', '0', '-o', 'outbox_poll_ms=50', '-o', 'dashboard_cache_s=0'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
daemon.stdout.on('data', (b: Buffer) => { log += b.toString(); });
daemon.stderr.on('data', (b: Buffer) => { log += b.toString(); });

async function started(): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const m = /event=listening.* port=(\d+)/.exec(log);
    if (m) return `http://127.0.0.1:${m[1]}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('daemon did not start:\n' + log);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/* The newest token mailed to an address (the spool holds the mail). */
async function mailedToken(address: string, word: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const spool = join(dir, 'spool');
    let best = '';
    let bestId = -1;
    for (const name of readdirSync(spool, { withFileTypes: true })) {
      if (!name.name.endsWith('.eml')) continue;
      const text = readFileSync(join(spool, name.name), 'utf8');
      const id = parseInt(name.name, 10);
      const m = /\n {4}([A-Za-z0-9_-]{43})/.exec(text);
      if (text.includes(`To: ${address}\r\n`) && text.includes(word) && m?.[1] && id > bestId) {
        best = m[1];
        bestId = id;
      }
    }
    if (best) return best;
    await sleep(25);
  }
  throw new Error(`no ${word} mail to ${address}`);
}

const base = await started();
/* JSON is what these journeys read: the file formats of ?format= are fetched
 * with parseAs where a journey wants them. */
const anonymous = createClient<paths, 'application/json'>({ baseUrl: base });
const as = (token: string) =>
  createClient<paths, 'application/json'>({ baseUrl: base, headers: { Authorization: `Bearer ${token}` } });
const fixture = (name: string) => new Blob([readFileSync(join(root, 'tests', 'fixtures', name))]);
const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + (7 * 3600 + n * 86400) * 1000).toISOString().slice(0, 10);

async function login(login: string, password: string): Promise<string> {
  const session = ok('login', await anonymous.POST('/v1/auth/login', { body: { login, password } }));
  return session.token;
}

/* Register, confirm from the mailed token, log in: the account's token. */
async function signUp(role: 'seeker' | 'company' | 'lpk' | 'bkk', email: string, name: string,
  nik?: string): Promise<string> {
  const password = 'rahasia-klien-1';
  const account = ok('register', await anonymous.POST('/v1/auth/register', {
    body: { email, password, role, name, ...(nik ? { nik } : {}) },
  }), 201);
  check(account.role === role, 'registered as ' + role);
  const token = await mailedToken(email, 'kode konfirmasi');
  ok('confirm', await anonymous.POST('/v1/auth/confirm', { body: { token } }));
  return login(email, password);
}

async function organisation(token: string, officer: ReturnType<typeof as>, name: string,
  extra: { kbli?: string; npsn?: string }): Promise<void> {
  const org = ok('organisation', await as(token).PUT('/v1/me/organisation', {
    body: {
      legal_name: name, registration_no: `REG-${name.length}`, employer_type: 'private_company',
      address: 'Jl. Industri 1', kecamatan_code: '32.77.01', contact_name: 'Ibu Sari',
      contact_phone: '022-6651234', contact_email: 'info@org.id', ...extra,
    },
  }));
  check(org.verification === 'pending', 'a new organisation waits for verification');
  ok('verify', await officer.POST('/v1/organisations/{id}/verification', {
    params: { path: { id: org.account_id } }, body: { decision: 'verified' },
  }));
}

// ---- the journeys ----

let officer = as('');
let seekerToken = '';
let vacancyId = 0;

await journey('admin creates an officer', async () => {
  const password = readFileSync(join(dir, 'initial-admin-password'), 'utf8').trim();
  const admin = as(await login('admin@sidakerd.localhost', password));
  const created = ok('create officer', await admin.POST('/v1/admin/officers', {
    body: { email: 'petugas@disnaker.go.id', password: 'petugas-aman-1', name: 'Dewi', nip: '198001012005012001' },
  }), 201);
  check(created.role === 'officer', 'an officer');
  officer = as(await login('petugas@disnaker.go.id', 'petugas-aman-1'));
});

await journey('job seeker: profile, documents, AK/I card', async () => {
  seekerToken = await signUp('seeker', 'siti@contoh.id', 'Siti Rahmawati', '3277015205980001');
  const seeker = as(seekerToken);
  const profile = ok('profile', await seeker.PUT('/v1/me/profile', {
    body: {
      full_name: 'Siti Rahmawati', birth_place: 'Cimahi', birth_date: '1998-05-12', gender: 'F',
      marital_status: 'belum_kawin', religion: 'islam', address: 'Jl. Baros 1', kecamatan_code: '32.77.01',
      kelurahan_code: '32.77.01.1001', phone: '081222334455', education_level: 'smk',
      skills: ['menjahit'], preferred_kbji: ['7533'], notify_vacancies: true,
    },
  }));
  check(profile.notify_vacancies === true && profile.kecamatan !== null, 'the profile as saved');
  for (const [kind, file] of [['photo', 'photo-300x400.jpg'], ['ktp', 'ktp.jpg'], ['diploma', 'ijazah.pdf']] as const) {
    const doc = ok('upload ' + kind, await seeker.POST('/v1/me/documents', {
      params: { query: { kind } }, body: fixture(file), bodySerializer: (b: Blob) => b,
      headers: { 'Content-Type': 'application/octet-stream' },
    }), 201);
    check(doc.kind === kind, 'stored as ' + kind);
  }
  const application = ok('apply', await seeker.POST('/v1/me/card-applications', { body: { kind: 'new' } }), 201);
  ok('submit', await seeker.POST('/v1/me/card-applications/{id}/submit', {
    params: { path: { id: application.id } },
  }));
  const queue = ok('queue', await officer.GET('/v1/card-applications', { params: { query: { state: 'submitted' } } }));
  check(queue.items.some((a) => a.application.id === application.id), 'the application waits for an officer');
  const issued = ok('issue', await officer.POST('/v1/card-applications/{id}/issue', {
    params: { path: { id: application.id } },
  }), 201);
  const card = ok('own card', await seeker.GET('/v1/me/card'));
  check(card.number === issued.number && card.state === 'active', 'the card is the one issued');
  const pdf = await seeker.GET('/v1/me/card/pdf', { parseAs: 'arrayBuffer' });
  const bytes = ok('card pdf', pdf);
  check(Buffer.from(bytes).subarray(0, 5).toString() === '%PDF-', 'a PDF');
  const verify = ok('verify', await anonymous.GET('/v1/verify/cards/{number}', {
    params: { path: { number: card.number } },
  }));
  check(verify.valid, 'the card verifies');
});

await journey('company: vacancy published, applicant taken on', async () => {
  const token = await signUp('company', 'hrd@garmen.co.id', 'PT Garmen');
  await organisation(token, officer, 'PT Garmen Sejahtera', { kbli: '14111' });
  const company = as(token);
  const vacancy = ok('draft', await company.POST('/v1/vacancies', {
    body: {
      title: 'Operator Jahit', kbji: '7533', description: 'Menjahit pakaian jadi di pabrik garmen, shift pagi.',
      needed_women: 3, valid_until: inDays(60), location_kind: 'kecamatan', location_code: '32.77.01',
      employment_type: 'contract', min_education: 'smp', wage_min: 3800000, wage_max: 4200000,
      contact: 'hrd@garmen.co.id',
    },
  }), 201);
  vacancyId = vacancy.id;
  ok('submit', await company.POST('/v1/vacancies/{id}/submit', { params: { path: { id: vacancy.id } } }));
  const published = ok('publish', await officer.POST('/v1/vacancies/{id}/moderation', {
    params: { path: { id: vacancy.id } }, body: { decision: 'publish' },
  }));
  check(published.state === 'published', 'published');
  const found = ok('search', await anonymous.GET('/v1/vacancies', { params: { query: { q: 'jahit' } } }));
  check(found.items.some((v) => v.id === vacancy.id), 'found by the public');
  const seeker = as(seekerToken);
  const application = ok('apply', await seeker.POST('/v1/vacancies/{id}/applications', {
    params: { path: { id: vacancy.id } }, body: { cover_note: 'Saya berminat.' },
  }), 201);
  ok('interview', await company.POST('/v1/applications/{id}/status', {
    params: { path: { id: application.id } }, body: { state: 'interview' },
  }));
  const hired = ok('accept', await company.POST('/v1/applications/{id}/status', {
    params: { path: { id: application.id } }, body: { state: 'accepted', start_date: today },
  }));
  check(hired.state === 'accepted', 'taken on');
  const mine = ok('own applications', await seeker.GET('/v1/me/applications'));
  check(mine.items.some((a) => a.id === application.id && a.state === 'accepted'), 'the seeker sees it');
});

await journey('LPK: training from registration to certificate', async () => {
  const token = await signUp('lpk', 'info@lpk.id', 'LPK Terampil');
  await organisation(token, officer, 'LPK Terampil Mandiri', {});
  const lpk = as(token);
  const training = ok('training', await lpk.POST('/v1/trainings', {
    body: {
      title: 'Menjahit Dasar', vocation: 'Garmen', description: 'Pelatihan berbasis kompetensi, satu sesi.',
      funding: 'apbd', quota: 5, sessions: 1, start_date: today, end_date: today, registration_opens: today,
      registration_closes: today, location: 'BLK Cimahi', kecamatan_code: '32.77.01',
    },
  }), 201);
  const id = training.id;
  ok('open', await lpk.POST('/v1/trainings/{id}/state', { params: { path: { id } }, body: { state: 'open' } }));
  const enrolment = ok('enrol', await as(seekerToken).POST('/v1/trainings/{id}/enrolments', {
    params: { path: { id } },
  }), 201);
  ok('accept', await lpk.POST('/v1/enrolments/{id}/decision', {
    params: { path: { id: enrolment.id } }, body: { state: 'accepted' },
  }));
  ok('run', await lpk.POST('/v1/trainings/{id}/state', { params: { path: { id } }, body: { state: 'running' } }));
  ok('attendance', await lpk.POST('/v1/trainings/{id}/attendance', {
    params: { path: { id } }, body: { session: 1, present: [enrolment.id] },
  }));
  ok('finish', await lpk.POST('/v1/trainings/{id}/state', { params: { path: { id } }, body: { state: 'finished' } }));
  const result = ok('result', await lpk.POST('/v1/enrolments/{id}/result', {
    params: { path: { id: enrolment.id } }, body: { completion: 'completed', competency: 'competent' },
  }));
  check(result.state === 'completed' && result.result === 'competent', 'completed, competent');
  const certificate = ok('certificate', await lpk.POST('/v1/enrolments/{id}/certificates', {
    params: { path: { id: enrolment.id } },
    body: { kind: 'office', number: `LPK-001/${today.slice(0, 4)}`, scheme: 'Menjahit Dasar', issued_on: today },
  }), 201);
  const checked = ok('public check', await anonymous.GET('/v1/verify/certificates', {
    params: { query: { number: certificate.number } },
  }));
  check(checked.number === certificate.number, 'the certificate verifies');
});

await journey('BKK: graduates reported', async () => {
  const token = await signUp('bkk', 'bkk@smkn1.sch.id', 'BKK SMKN 1');
  await organisation(token, officer, 'BKK SMKN 1 Cimahi', { npsn: '20224411' });
  const reported = ok('graduates', await as(token).POST('/v1/bkk/graduates', {
    body: { graduated_on: inDays(-30), graduates: [{ nik: '3277011001050001', major: 'Tata Busana' }] },
  }));
  check(reported.added === 1, 'one graduate added');
});

await journey('officer: the month, the year, the trainings', async () => {
  const month = today.slice(0, 7);
  const ipk = ok('ipk', await officer.GET('/v1/statistics/ipk', { params: { query: { month } } }));
  const byAge = ipk.tables.find((t) => t.key === 'job_seekers_by_age');
  check(byAge !== undefined, 'the IPK job seekers by age');
  const row2 = byAge?.rows.find((r) => r.row === '2');
  check(row2?.values.at(-1) === 1, 'one card registered this month');
  const iku = ok('iku', await officer.GET('/v1/statistics/iku', { params: { query: { year: month.slice(0, 4) } } }));
  const trained = iku.indicators.find((i) => i.key === 'trained_share');
  check(trained?.numerator === 1, 'one person trained this year');
  const stats = ok('training stats', await officer.GET('/v1/stats/trainings', {}));
  check(stats.certified_competent.persons === 1, 'one certified competent');
  check(vacancyId > 0, 'the vacancy journey ran');
});

await journey('the province: a service client pulls the closed month by OAuth client credentials', async () => {
  const password = readFileSync(join(dir, 'initial-admin-password'), 'utf8').trim();
  const admin = as(await login('admin@sidakerd.localhost', password));
  const client = ok('register client', await admin.POST('/v1/admin/service-clients', {
    body: { name: 'SIAPkerja Provinsi', organisation: 'Disnakertrans Jawa Barat', scopes: ['stats:read'] },
  }), 201);
  check(typeof client.client_secret === 'string', 'the secret, once');
  /* The token as any OAuth library asks for it: Basic and a form body. */
  const basic = Buffer.from(`${client.client_id}:${client.client_secret ?? ''}`).toString('base64');
  const res = await fetch(`${base}/v1/oauth/token`, { method: 'POST', body: 'grant_type=client_credentials',
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' } });
  check(res.status === 200, 'a token');
  const token = (await res.json() as { access_token: string }).access_token;
  const first = new Date(Date.now() + 7 * 3600 * 1000);
  first.setUTCDate(1);
  first.setUTCMonth(first.getUTCMonth() - 1);
  const lastMonth = first.toISOString().slice(0, 7);
  ok('close last month', await officer.POST('/v1/statistics/ipk/closures', { body: { month: lastMonth } }), 201);
  const province = as(token);
  const feed = ok('feed', await province.GET('/v1/feed/statistics', { params: { query: { since: '2020-01-01T00:00:00Z' } } }));
  const listed = feed.months.find((m) => m.month === lastMonth);
  check(listed !== undefined && listed.url === `/v1/feed/statistics/${lastMonth}`, 'the closed month listed');
  const doc = ok('month', await province.GET('/v1/feed/statistics/{month}', { params: { path: { month: lastMonth } } }));
  check(doc.closed && doc.tables.some((t) => t.key === 'job_seekers_by_age'), 'its frozen tables');
  const refused = await province.GET('/v1/feed/statistics/{month}', { params: { path: { month: today.slice(0, 7) } } });
  check(refused.response.status === 409, 'this month is not closed');
});

daemon.kill('SIGTERM');
await new Promise((r) => daemon.on('exit', r));
rmSync(dir, { recursive: true, force: true });
console.log(`[  PASSED  ] ${passed} test(s).`);
if (failures.length) {
  console.log(`[  FAILED  ] ${failures.length} test(s), listed above`);
  process.exit(1);
}
