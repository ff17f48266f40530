// The built packages (what `npm run zip` packs for the stores) carry the notices of the third-party
// code inside them. The check is made from the source, not from the build's own record: every npm
// package that Pictor's code imports at run time must have an entry, with its license text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LICENSE_COPY, NOTICES_FILE, packagesInNotices } from '../../../utils/build/notices';
import { CHROME_BILLING_BUILD, CHROME_BUILD, FIREFOX_BILLING_BUILD, FIREFOX_BUILD, ROOT } from '../paths';

/** Source files that go into the extension (build-time helpers under utils/build/ do not). */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && /\.(ts|svelte)$/.test(f.name) && !f.name.endsWith('.d.ts'))
    .map((f) => join(f.parentPath, f.name))
    .filter((path) => !path.includes(`${join(ROOT, 'utils/build')}`));
}

/** The npm packages the extension's code imports for use at run time (type-only imports left out). */
function importedPackages(): Set<string> {
  const names = new Set<string>();
  const specifier = /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const file of ['entrypoints', 'components', 'utils'].flatMap(sourceFiles)) {
    for (const match of readFileSync(file, 'utf8').matchAll(specifier)) {
      const spec = match[1] ?? match[2] ?? '';
      if (/^(\.|\/|node:|#|~)/.test(spec)) continue;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return names;
}

const BUILDS = [
  { name: 'Chrome', dir: CHROME_BUILD, billing: false },
  { name: 'Firefox', dir: FIREFOX_BUILD, billing: false },
  { name: 'Chrome with billing', dir: CHROME_BILLING_BUILD, billing: true },
  { name: 'Firefox with billing', dir: FIREFOX_BILLING_BUILD, billing: true },
];

describe('store packages carry third-party notices', () => {
  const imported = importedPackages();

  test('the source scan finds the packages Pictor is known to bundle', () => {
    for (const known of ['svelte', 'openai', '@google/genai', 'idb-keyval', 'extpay', 'wxt']) expect(imported).toContain(known);
  });

  for (const build of BUILDS) {
    test(`${build.name}: every bundled package has an entry with its license text`, () => {
      const text = readFileSync(join(build.dir, NOTICES_FILE), 'utf8');
      const listed = packagesInNotices(text);
      // Without an ExtensionPay id the build leaves extpay out entirely (utils/billing/build-id.ts).
      const expected = [...imported].filter((name) => build.billing || name !== 'extpay');
      expect(expected.filter((name) => !listed.has(name)), `missing from ${NOTICES_FILE}`).toEqual([]);
      expect(listed.has('extpay')).toBe(build.billing);
      // Every entry, direct or indirect, carries a license text (its files, or the standard text it declares).
      expect([...listed].filter(([, entry]) => !entry.hasText).map(([name]) => name)).toEqual([]);
      // Packages the imported ones pull in, and Vite's own helpers, are there too.
      for (const indirect of ['webextension-polyfill', '@wxt-dev/storage', 'vite']) expect(listed.has(indirect), indirect).toBe(true);
      // openai's copy of qs keeps its own license.
      expect(text).toContain('--- src/internal/qs/LICENSE.md ---');
      // extpay is copyleft: its entry says so, and the AGPL's full text (Pictor's own license) is beside it.
      if (build.billing) expect(text).toMatch(/\nPackage: extpay [\d.]+\nLicense: AGPL-3\.0-or-later\n/);
      expect(text).toContain(`whose full text is in ${LICENSE_COPY}`);
      expect(readFileSync(join(build.dir, LICENSE_COPY), 'utf8')).toMatch(/^GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007/);
    });
  }
});
