// Checks a job fair ticket (SKT1.<payload>.<signature>, base64url) against
// the office's published Ed25519 key with Node's own crypto, not the
// daemon's code: prints the payload's JSON when the signature holds,
// "invalid" otherwise.  Usage: node verify_ticket.mjs PUBLIC_KEY_B64URL FILE
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [key, file] = process.argv.slice(2);
const text = readFileSync(file, 'utf8').trim();
const parts = text.split('.');
let ok = false;
let payload = null;
if (parts.length === 3 && parts[0] === 'SKT1') {
  payload = Buffer.from(parts[1], 'base64url');
  const signature = Buffer.from(parts[2], 'base64url');
  // A raw Ed25519 key wrapped as SubjectPublicKeyInfo (RFC 8410).
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(key, 'base64url')]);
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  ok = signature.length === 64 && verify(null, payload, publicKey, signature);
}
process.stdout.write(ok ? payload.toString('utf8') : 'invalid');
