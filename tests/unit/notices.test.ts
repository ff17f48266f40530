// @vitest-environment node
// Third-party notices: every module the build bundled is traced to its npm package, and every such
// package gets an entry with its license text (utils/build/notices.ts).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bundledPackages, noticeFor, packageOfModule, packagesInNotices, renderNotices } from '../../utils/build/notices';

describe('a bundled module is traced to its package', () => {
  test('plain, scoped, nested and plugin-wrapped ids', () => {
    expect(packageOfModule('/w/node_modules/idb-keyval/dist/index.js')).toEqual({ name: 'idb-keyval', dir: '/w/node_modules/idb-keyval', module: 'dist/index.js' });
    expect(packageOfModule('/w/node_modules/@google/genai/dist/web/index.mjs')?.name).toBe('@google/genai');
    expect(packageOfModule('/w/node_modules/extpay/node_modules/webextension-polyfill/dist/x.js')).toEqual({
      name: 'webextension-polyfill',
      dir: '/w/node_modules/extpay/node_modules/webextension-polyfill',
      module: 'dist/x.js',
    });
    // Vite's helpers have no path: they belong to the Vite that built the package.
    expect(packageOfModule('\0vite/preload-helper.js', { viteDir: '/w/node_modules/vite' })).toEqual({ name: 'vite', dir: '/w/node_modules/vite', module: 'preload-helper.js' });
    expect(packageOfModule('\0/w/node_modules/retry/index.js?commonjs-module')?.name).toBe('retry');
    expect(packageOfModule('C:\\w\\node_modules\\svelte\\src\\index.js')?.name).toBe('svelte');
  });

  test("the project's own files and virtual modules are not packages", () => {
    expect(packageOfModule('/w/utils/menus.ts')).toBeNull();
    expect(packageOfModule('\0commonjsHelpers.js')).toBeNull();
    expect(packageOfModule('/w/node_modules/.vite/deps/chunk.js')).toBeNull();
  });

  test('one entry per installed copy, sorted by name', () => {
    const found = bundledPackages([
      '/w/node_modules/svelte/a.js',
      '/w/node_modules/svelte/b.js',
      '/w/utils/x.ts',
      '/w/node_modules/@wxt-dev/storage/dist/index.mjs',
      '/w/node_modules/idb/build/index.js',
    ]);
    expect(found.map((p) => p.name)).toEqual(['@wxt-dev/storage', 'idb', 'svelte']);
  });
});

describe('the notices carry each package’s terms', () => {
  function fakePackage(manifest: object, files: Record<string, string>, modules: string[] = ['index.js']) {
    const root = mkdtempSync(join(tmpdir(), 'pictor-notices-'));
    const dir = join(root, 'node_modules', 'demo');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'demo', version: '1.2.3', ...manifest }));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return { name: 'demo', dir, modules };
  }

  test('name, version, license and the text of every license and NOTICE file', () => {
    const pkg = fakePackage({ license: 'Apache-2.0', homepage: 'https://example.test/demo' }, {
      LICENSE: 'Apache License text',
      NOTICE: 'Demo includes software by Someone',
      'README.md': 'not a license',
    });
    const entry = noticeFor(pkg);
    expect(entry).toMatch(/^Package: demo 1\.2\.3\nLicense: Apache-2\.0\nSource: https:\/\/example\.test\/demo/);
    expect(entry).toContain('--- LICENSE ---\nApache License text');
    expect(entry).toContain('--- NOTICE ---\nDemo includes software by Someone');
    expect(entry).not.toContain('not a license');
  });

  test('code a package vendors keeps its own license, found beside the bundled module or under src/', () => {
    const pkg = fakePackage({ license: 'Apache-2.0' }, { LICENSE: 'Apache text', 'src/internal/qs/LICENSE.md': 'BSD-3-Clause, (c) the qs authors', 'src/_vendor/other/LICENSE': 'not bundled' }, ['index.mjs', 'internal/qs/stringify.mjs']);
    const entry = noticeFor(pkg);
    expect(entry).toContain('--- src/internal/qs/LICENSE.md ---\nBSD-3-Clause, (c) the qs authors');
    expect(entry).not.toContain('not bundled');
  });

  test('a license file that goes on to list the licenses of what the package itself bundles is cut there', () => {
    const entry = noticeFor(fakePackage({ license: 'MIT' }, { 'LICENSE.md': '# Core license\nMIT, (c) Demo\n\n# Licenses of bundled dependencies\nmany more' }));
    expect(entry).toContain('MIT, (c) Demo');
    expect(entry).not.toContain('many more');
  });

  test('a package with no license file gets the standard text of the MIT or ISC license it declares, its author as holder', () => {
    const entry = noticeFor(fakePackage({ license: 'MIT', author: 'A. Person' }, {}));
    expect(entry).toContain('--- MIT (standard text; the package ships no license file) ---\nCopyright (c) A. Person\n\nPermission is hereby granted');
    expect(noticeFor(fakePackage({ license: 'ISC', repository: 'https://example.test/demo' }, {}))).toContain('Copyright (c) the authors of demo (https://example.test/demo)');
  });

  test('a package with no license file and a license Pictor has no standard text of stops the build', () => {
    expect(() => noticeFor(fakePackage({ license: 'BSD-2-Clause' }, {}))).toThrow(/demo ships no license file .* BSD-2-Clause/);
  });

  test('an AGPL package points to the AGPL text beside the notices, whatever its own license file holds', () => {
    const entry = noticeFor(fakePackage({ license: 'AGPL-3.0-or-later' }, { LICENSE: 'LGPL-3.0' }));
    expect(entry).toContain('whose full text is in LICENSE.txt; its own license file follows.');
    expect(entry).toContain('--- LICENSE ---\nLGPL-3.0');
  });

  test('a package that declares no license stops the build, naming it', () => {
    expect(() => noticeFor(fakePackage({}, { LICENSE: 'x' }))).toThrow(/demo .* declares no license/);
  });

  test('the file names Pictor’s license and lists every package, and reads back the same list', () => {
    const text = renderNotices([fakePackage({ license: 'MIT' }, { LICENSE: 'MIT text' })]);
    expect(text).toMatch(/^Pictor is free software, licensed under the GNU Affero General Public License/);
    expect(packagesInNotices(text)).toEqual(new Map([['demo', { version: '1.2.3', hasText: true }]]));
    expect(packagesInNotices(renderNotices([])).size).toBe(0);
    // A line of = signs inside a license text starts no entry.
    expect(packagesInNotices(renderNotices([fakePackage({ license: 'MIT' }, { LICENSE: `MIT\n${'='.repeat(80)}\nmore` })])).size).toBe(1);
  });
});
