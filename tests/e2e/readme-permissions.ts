import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

/** The install-time warnings README.md lists for `browser` ("Chrome" or "Firefox"): the quoted lines of its list. */
export function readmeWarnings(browser: 'Chrome' | 'Firefox'): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(`<!-- warnings:${browser} -->`)[1]?.split('<!-- /warnings -->')[0] ?? '';
  return [...section.matchAll(/^- “([^”]+)”/gm)].map((m) => m[1]!);
}

/** Every permission, host and content-script match of a built manifest, as README and PRIVACY must name them. */
export function manifestPermissions(dir: string): string[] {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(m[k]) ? (m[k] as string[]) : []);
  const scripts = (m.content_scripts as { matches: string[] }[] | undefined)?.flatMap((c) => c.matches) ?? [];
  return [...new Set([...list('permissions'), ...list('host_permissions'), ...list('optional_permissions'), ...list('optional_host_permissions'), ...scripts])];
}

export function documents(): { readme: string; privacy: string } {
  return { readme: readFileSync(join(ROOT, 'README.md'), 'utf8'), privacy: readFileSync(join(ROOT, 'PRIVACY.md'), 'utf8') };
}
