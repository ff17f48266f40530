import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A self-signed certificate for the provider hosts the fakes stand in for, made with openssl once. */
export function fakeCertificate(dir: string, hosts: readonly string[]): { key: Buffer; cert: Buffer } {
  mkdirSync(dir, { recursive: true });
  // Named after the host list, so adding a provider host makes a new certificate that covers it.
  const tag = createHash('sha256').update(hosts.join(',')).digest('hex').slice(0, 8);
  const keyPath = join(dir, `fake-key-${tag}.pem`);
  const certPath = join(dir, `fake-cert-${tag}.pem`);
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    const san = ['localhost', ...hosts].map((h) => `DNS:${h}`).concat('IP:127.0.0.1').join(',');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30',
      '-keyout', keyPath, '-out', certPath,
      '-subj', '/CN=Pictor fake providers', '-addext', `subjectAltName=${san}`,
    ], { stdio: 'ignore' });
  }
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
}
