#!/usr/bin/env node
// An example --signer-cmd program for `verifier sign` (TEST ONLY keys). A real one would ask an HSM or a cloud KMS
// to sign; this one reads a PEM key, to show the protocol:
//   CMD --signer-info   prints {"alg": "es256", "certificate_chain": "<PEM, signer first>", "tsa_url": "..."} (tsa_url optional)
//   CMD                 signs the bytes on stdin and writes the raw signature to stdout
//                       (ECDSA as IEEE P1363 r||s, never DER; RSASSA-PSS with MGF1 and a salt of the hash length)
// Usage: verifier sign IN -o OUT --signer-cmd "node example-signer.mjs KEYDIR [ALG] [TSA_URL]"
//        (KEYDIR holds chain.pem and signer.key, as `verifier keys init KEYDIR` writes them)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, createPrivateKey, sign } from 'node:crypto';

const args = process.argv.slice(2).filter((a) => a !== '--signer-info');
const [dir, alg = 'es256', tsaUrl] = args;
if (!dir) {
  process.stderr.write('usage: example-signer.mjs KEYDIR [ALG] [TSA_URL] [--signer-info]\n');
  process.exit(2);
}

if (process.argv.includes('--signer-info')) {
  const info = { alg, certificate_chain: readFileSync(join(dir, 'chain.pem'), 'utf8') };
  if (tsaUrl) info.tsa_url = tsaUrl;
  process.stdout.write(JSON.stringify(info));
  process.exit(0);
}

const hashes = { es256: 'sha256', es384: 'sha384', es512: 'sha512', ps256: 'sha256', ps384: 'sha384', ps512: 'sha512' };
const saltLengths = { sha256: 32, sha384: 48, sha512: 64 };
const key = createPrivateKey(readFileSync(join(dir, 'signer.key'), 'utf8'));
const data = readFileSync(0);
let signature;
if (alg === 'ed25519') {
  signature = sign(null, data, key);
} else if (alg.startsWith('es')) {
  signature = sign(hashes[alg], data, { key, dsaEncoding: 'ieee-p1363' });
} else if (alg.startsWith('ps')) {
  signature = sign(hashes[alg], data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: saltLengths[hashes[alg]] });
} else {
  process.stderr.write(`unknown alg ${alg}\n`);
  process.exit(2);
}
process.stdout.write(signature);
