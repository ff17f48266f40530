// @vitest-environment node
// Third-party notices: every module the build bundled is traced to its npm package, and every such
// package gets an entry with its license text (utils/build/notices.ts).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bundledPackages, noticeFor, packageOfModule, packagesInNotices, renderNotices } from '../../utils/build/notices';

describe('a bundled module is traced to its package', () => {
  test('plain, scoped, nested and plugin-wrapped ids', () => {
    expect(packageOfModule('/w/node_modules/idb-keyval/dist/index.js')).toEqual({ name: 'idb-keyval', dir: '/w/node_modules/idb-keyval' });
    expect(packageOfModule('/w/node_modules/@google/genai/dist/web/index.mjs')?.name).toBe('@google/genai');
    expect(packageOfModule('/w/node_modules/extpay/node_modules/webextension-polyfill/dist/x.js')).toEqual({
      name: 'webextension-polyfill',
      dir: '/w/node_modules/extpay/node_modules/webextension-polyfill',
    });
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
  function fakePackage(manifest: object, files: Record<string, string>) {
    const root = mkdtempSync(join(tmpdir(), 'pictor-notices-'));
    const dir = join(root, 'node_modules', 'demo');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'demo', version: '1.2.3', ...manifest }));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return { name: 'demo', dir };
  }

  test('name, version, license and the text of every license and NOTICE file', () => {
    const pkg = fakePackage({ license: 'Apache-2.0', homepage: 'https://example.test/demo' }, {
      LICENSE: 'Apache License text',
      NOTICE: 'Demo includes software by Someone',
      'README.md': 'not a license',
    });
    const entry = noticeFor(pkg);
    expect(entry).toMatch(/^demo 1\.2\.3\nLicense: Apache-2\.0\nSource: https:\/\/example\.test\/demo/);
    expect(entry).toContain('--- LICENSE ---\nApache License text');
    expect(entry).toContain('--- NOTICE ---\nDemo includes software by Someone');
    expect(entry).not.toContain('not a license');
  });

  test('a package with no license file says which license it declares', () => {
    expect(noticeFor(fakePackage({ license: 'MIT', author: 'A. Person' }, {}))).toContain('Author: A. Person\n(The package ships no license file; its package.json declares MIT.)');
  });

  test('a package that declares no license stops the build, naming it', () => {
    expect(() => noticeFor(fakePackage({}, { LICENSE: 'x' }))).toThrow(/demo .* declares no license/);
  });

  test('the file names Pictor’s license and lists every package, and reads back the same list', () => {
    const text = renderNotices([fakePackage({ license: 'MIT' }, { LICENSE: 'MIT text' })]);
    expect(text).toMatch(/^Pictor is free software, licensed under the GNU Affero General Public License/);
    expect(packagesInNotices(text)).toEqual(new Set(['demo']));
    expect(packagesInNotices(renderNotices([]))).toEqual(new Set());
  });
});
