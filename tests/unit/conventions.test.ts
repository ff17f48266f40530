// @vitest-environment node
// The project's conventions, checked on every run: each service is its folder plus what tests and
// documents need of it; README's map names every folder; no product file grows past 300 lines.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import messages from '../../assets/public/_locales/en/messages.json';
import { PROVIDERS } from '../../utils/providers/registry';
import { ROOT } from '../e2e/paths';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const README = read('README.md');
const PRIVACY = read('PRIVACY.md');

describe('every service in the registry brings what the rest of the project needs', () => {
  for (const service of PROVIDERS) {
    test(`${service.label}: its folder, its fake, its contract subject, its message keys, its documented hosts`, () => {
      expect(existsSync(join(ROOT, 'utils/providers', service.id, 'index.ts')), 'its definition').toBe(true);
      expect(existsSync(join(ROOT, 'utils/providers', service.id, 'run.ts')), 'its call').toBe(true);
      expect(existsSync(join(ROOT, 'tests/fake-providers', `${service.id}.ts`)), 'a strict fake of its API').toBe(true);
      expect(existsSync(join(ROOT, 'tests/unit/contract', `${service.id}.ts`)), 'a contract subject').toBe(true);
      const keys = service.models.flatMap((m) => m.params.flatMap((p) => [p.label, p.hint].filter((k): k is NonNullable<typeof k> => Boolean(k))));
      expect(keys.filter((key) => !(key in messages)), 'message keys missing from messages.json').toEqual([]);
      for (const host of service.hosts.map((h) => new URL(h.replace('/*', '/')).hostname)) {
        expect(README, `README names ${host}`).toContain(host);
        expect(PRIVACY, `PRIVACY.md names ${host}`).toContain(host);
      }
    });
  }
});

/** The folders below `dir`, to `depth` levels. */
function folders(dir: string, depth: number): string[] {
  if (depth === 0) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [join(dir, e.name), ...folders(join(dir, e.name), depth - 1)]);
}

test('README\'s "Where things are" names every folder of utils/ and components/', () => {
  const map = README.slice(README.indexOf('## Where things are'), README.indexOf('How it fits together'));
  // utils/providers/<service>/ is named by the providers/ line; the crop's page/ and background/ have their own.
  const wanted = [...folders('utils', 1), ...folders('utils/crop', 1), ...folders('components', 1)];
  const named = (path: string) => new RegExp(`^\\s+${path.split('/').at(-1)}/\\s`, 'm').test(map);
  expect(wanted.filter((path) => !named(path))).toEqual([]);
});

test('no product file is over 300 lines', () => {
  const files = ['entrypoints', 'components', 'utils'].flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && /\.(ts|svelte|css)$/.test(f.name))
      .map((f) => join(f.parentPath, f.name)),
  );
  const lines = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const long = files.map((f) => [relative(ROOT, f), lines(readFileSync(f, 'utf8'))] as const).filter(([, count]) => count > 300);
  expect(long).toEqual([]);
});
