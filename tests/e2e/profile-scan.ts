import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Looks for secrets in every file under a browser profile, in the forms a leak would take on disk:
 * UTF-8/Latin-1 (JSON, LevelDB), UTF-16LE (V8-serialized strings in IndexedDB, SQLite), base64
 * (at each of the three byte alignments, so an encoding inside a longer blob is caught too), and
 * hex in both cases.
 */
export interface Finding {
  secret: string;
  form: string;
  file: string;
}

function base64Forms(secret: string): string[] {
  // The part of each alignment's encoding that does not depend on neighbouring bytes.
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(secret)]).toString('base64');
    const start = Math.ceil(shift / 3) * 4;
    const usable = Math.floor((shift + secret.length) / 3) * 4;
    return encoded.slice(start, usable);
  });
}

export function needles(secret: string): { form: string; bytes: Buffer }[] {
  return [
    { form: 'utf-8', bytes: Buffer.from(secret, 'utf8') },
    { form: 'utf-16le', bytes: Buffer.from(secret, 'utf16le') },
    ...base64Forms(secret).flatMap((b64, i) => [
      { form: `base64+${i}`, bytes: Buffer.from(b64) },
      { form: `base64url+${i}`, bytes: Buffer.from(b64.replace(/\+/g, '-').replace(/\//g, '_')) },
    ]),
    { form: 'hex', bytes: Buffer.from(Buffer.from(secret).toString('hex')) },
    { form: 'HEX', bytes: Buffer.from(Buffer.from(secret).toString('hex').toUpperCase()) },
  ];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.isFile() ? [path] : [];
  });
}

export function scanProfile(profileDir: string, secrets: readonly string[]): { findings: Finding[]; filesScanned: number; bytesScanned: number } {
  const files = walk(profileDir);
  const patterns = secrets.flatMap((secret) => needles(secret).map((n) => ({ secret, ...n })));
  const findings: Finding[] = [];
  let bytesScanned = 0;
  for (const file of files) {
    if (statSync(file).size === 0) continue;
    const content = readFileSync(file);
    bytesScanned += content.length;
    for (const p of patterns) {
      if (content.includes(p.bytes)) findings.push({ secret: p.secret, form: p.form, file: relative(profileDir, file) });
    }
  }
  return { findings, filesScanned: files.length, bytesScanned };
}
