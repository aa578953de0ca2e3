// The pages that links in e-mails open (confirm.html, reset.html).  The code
// comes in the link's fragment (#token=…), which browsers never send to a
// server, so it appears in no log or proxy; it is used only when the person
// taps the button, so a mail scanner that fetches the link completes nothing.
'use strict';

const step = document.body.dataset.step;
const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
const form = document.getElementById('form');
const status = document.getElementById('status');
const button = document.getElementById('kirim');

function say(text, kind) {
  status.textContent = text;
  status.className = kind || '';
}

// The app's own link, when the office configured one (app_link_url): the
// same step, opened in the app.
function offerApp(withToken) {
  const base = document.querySelector('meta[name="app-link"]').content;
  if (!base) return;
  const app = document.getElementById('app');
  app.href = base.replace(/\/$/, '') + '/' + step + (withToken ? '#token=' + encodeURIComponent(token) : '');
  app.hidden = false;
}

async function send(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': 'id' },
    body: JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch (e) { /* no JSON: said below */ }
  return { ok: res.ok, data };
}

if (!/^[A-Za-z0-9_-]{43}$/.test(token)) {
  document.getElementById('intro').hidden = true;
  say('Tautan ini tidak lengkap. Buka tautan dari e-mail sekali lagi, atau masukkan kodenya di aplikasi.', 'error');
} else {
  form.hidden = false;
  offerApp(true);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let path = '/v1/auth/confirm';
    const body = { token };
    if (step === 'reset') {
      const password = document.getElementById('sandi').value;
      if (password.length < 8) return say('Kata sandi paling sedikit 8 karakter.', 'error');
      if (password !== document.getElementById('ulang').value) return say('Kedua kata sandi tidak sama.', 'error');
      path = '/v1/auth/password-reset/confirm';
      body.new_password = password;
    }
    button.disabled = true;
    say('Mengirim…');
    try {
      const { ok, data } = await send(path, body);
      if (ok) {
        form.hidden = true;
        document.getElementById('intro').hidden = true;
        say(step === 'reset' ? 'Kata sandi Anda sudah diganti. Silakan masuk dengan kata sandi baru.'
                             : 'Akun Anda sudah aktif. Silakan masuk di aplikasi.', 'ok');
        offerApp(false);
      } else {
        button.disabled = false;
        say((data && data.error && data.error.message) || 'Permintaan tidak berhasil. Coba lagi.', 'error');
      }
    } catch (e) {
      button.disabled = false;
      say('Tidak terhubung ke server. Periksa koneksi Anda, lalu coba lagi.', 'error');
    }
  });
}
