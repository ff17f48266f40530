/**
 * Third-party notices for the store packages, made at build time (Node only; never bundled).
 *
 * Pictor is licensed AGPL-3.0-or-later (LICENSE at the project's root). The packages carry other
 * people's code too (the SDKs, Svelte's runtime, extpay, idb-keyval…), and their licenses (MIT,
 * ISC, Apache-2.0, BSD, LGPL/AGPL) ask that their copyright and license text travel with every copy.
 * The build records every module Rollup put into a chunk, maps each to the npm package it came
 * from, and writes THIRD_PARTY_NOTICES.txt into the extension's folder (so `wxt zip` packs it): one
 * entry per package, with its name, version, declared license and the full text of each license or
 * notice file it ships (Apache-2.0 §4(d) asks for NOTICE files as well). Pictor's own LICENSE goes
 * in as LICENSE.txt: it is also the full text of the AGPL that extpay declares (its own LICENSE file
 * holds only the words "LGPL-3.0").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOTICES_FILE = 'THIRD_PARTY_NOTICES.txt';
/** Pictor's own license (the root LICENSE), copied into each package under this name. */
export const LICENSE_COPY = 'LICENSE.txt';

/** A bundled package: its name, the folder it was installed in, and the files of it the bundle holds (relative to that folder). */
export interface BundledPackage {
  name: string;
  dir: string;
  modules?: string[];
}

/** Where Vite's own helpers come from: Rollup names them `\0vite/preload-helper.js` and the like, with no path. */
export interface Owners {
  viteDir?: string;
}

/**
 * The npm package a module id points into, with the module's path inside it, or null for the
 * project's own files and Rollup's other virtual modules. Ids may carry a leading \0 (plugin-made
 * wrappers) and a ?query; the last node_modules segment wins, so a nested copy counts as its own
 * package.
 */
export function packageOfModule(id: string, owners: Owners = {}): (BundledPackage & { module: string }) | null {
  const vite = /^\0?vite\/(.+)$/.exec(id);
  if (vite && owners.viteDir) return { name: 'vite', dir: owners.viteDir, module: vite[1]! };
  const path = id.replace(/^\0/, '').split('?')[0]!.replaceAll('\\', '/');
  const at = path.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const root = path.slice(0, at + '/node_modules/'.length);
  const parts = path.slice(root.length).split('/');
  const scoped = parts[0]?.startsWith('@');
  const name = scoped ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
  if (!name || name.endsWith('/') || name.startsWith('.')) return null;
  return { name, dir: root + name, module: parts.slice(scoped ? 2 : 1).join('/') };
}

/** The packages behind a set of module ids, one entry per folder, sorted by name. */
export function bundledPackages(moduleIds: Iterable<string>, owners: Owners = {}): BundledPackage[] {
  const byDir = new Map<string, BundledPackage & { modules: string[] }>();
  for (const id of moduleIds) {
    const found = packageOfModule(id, owners);
    if (!found) continue;
    const entry = byDir.get(found.dir) ?? { name: found.name, dir: found.dir, modules: [] };
    entry.modules.push(found.module);
    byDir.set(found.dir, entry);
  }
  return [...byDir.values()].sort((a, b) => a.name.localeCompare(b.name) || a.dir.localeCompare(b.dir));
}

interface Manifest {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  licenses?: { type?: string }[];
  homepage?: string;
  author?: string | { name?: string };
  repository?: string | { url?: string };
}

/** Files a package ships that carry its license or notices: LICENSE, LICENCE, COPYING, NOTICE, any case and extension. */
const LICENSE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/**
 * The license and notice files that cover the bundled code: the package's own, and those of any
 * folder a bundled module sits in (code a package vendors, like openai's copy of qs, keeps its own
 * license there; a package built from `src/` may keep it only under `src/`).
 */
function licenseFiles(pkg: BundledPackage): string[] {
  const dirs = new Set(['']);
  for (const module of pkg.modules ?? []) {
    const parts = module.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      if (sub.split('/').includes('node_modules')) break;
      dirs.add(sub);
      dirs.add(`src/${sub}`);
    }
  }
  const found: string[] = [];
  for (const dir of [...dirs].sort()) {
    let names: string[];
    try {
      names = readdirSync(join(pkg.dir, dir));
    } catch {
      continue;
    }
    for (const name of names.filter((n) => LICENSE_FILE.test(n)).sort()) found.push(dir ? `${dir}/${name}` : name);
  }
  return found;
}

/**
 * A license file that goes on to list the licenses of code the package itself bundles (Vite's
 * LICENSE.md) is cut before that list: Pictor's bundle holds the package's own code only.
 */
function ownPart(text: string): string {
  const at = text.search(/^#+ Licenses of bundled dependencies/m);
  return (at > 0 ? text.slice(0, at) : text).trim();
}

/**
 * The standard texts of the permissive licenses some packages declare without shipping a file
 * (https://opensource.org/license/mit, https://opensource.org/license/isc-license-txt), with the
 * package's author as the copyright holder.
 */
const STANDARD_TEXT: Readonly<Record<string, (holder: string) => string>> = {
  MIT: (holder) =>
    `Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`,
  ISC: (holder) =>
    `Copyright (c) ${holder}

Permission to use, copy, modify, and/or distribute this software for any purpose with or without
fee is hereby granted, provided that the above copyright notice and this permission notice appear
in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS
SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE
AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE
OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS
SOFTWARE.`,
};

/** Licenses whose full text Pictor's own LICENSE.txt already is. */
const PICTORS_OWN = /^AGPL-3\.0/;

/** The first line of each entry: what `packagesInNotices` reads back. */
const ENTRY = /^Package: (\S+) (\S*)$/gm;

/**
 * The notice entry for one package: its name and version, declared license, source, and the text of
 * every license and notice file covering its bundled code. Throws (stopping the build) when it
 * declares no license, or ships no text of one Pictor has no standard text for.
 */
export function noticeFor(pkg: BundledPackage): string {
  const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')) as Manifest;
  const declared =
    typeof manifest.license === 'string'
      ? manifest.license
      : (manifest.license?.type ?? manifest.licenses?.map((l) => l.type).filter(Boolean).join(' OR '));
  if (!declared) throw new Error(`${pkg.name} (${pkg.dir}) is bundled but declares no license: check its terms before shipping it.`);
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const source = manifest.homepage ?? repository;
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  const lines = [`Package: ${pkg.name} ${manifest.version ?? ''}`, `License: ${declared}`];
  if (source) lines.push(`Source: ${source}`);
  if (author) lines.push(`Author: ${author}`);
  const texts = licenseFiles(pkg).map((file) => `--- ${file} ---\n${ownPart(readFileSync(join(pkg.dir, file), 'utf8'))}`);
  if (texts.length === 0) {
    const standard = STANDARD_TEXT[declared];
    if (!standard && !PICTORS_OWN.test(declared)) throw new Error(`${pkg.name} ships no license file and Pictor has no standard text of ${declared}: add one before shipping it.`);
    texts.push(standard ? `--- ${declared} (standard text; the package ships no license file) ---\n${standard(author ?? `the authors of ${pkg.name}${source ? ` (${source})` : ''}`)}` : `--- ${declared}: the full text is in ${LICENSE_COPY} ---`);
  } else if (PICTORS_OWN.test(declared)) {
    // extpay declares AGPL-3.0-or-later while its LICENSE file holds only the words "LGPL-3.0".
    lines.push(`(The package's package.json declares ${declared}, whose full text is in ${LICENSE_COPY}; its own license file follows.)`);
  }
  return [lines.join('\n'), ...texts].join('\n\n');
}

/** The whole notices file for a set of bundled packages. */
export function renderNotices(packages: BundledPackage[]): string {
  const header = [
    'Pictor is free software, licensed under the GNU Affero General Public License, version 3 or later',
    `(AGPL-3.0-or-later), whose full text is in ${LICENSE_COPY} beside this file. This package also contains`,
    'the third-party code listed below, each under its own license, whose text follows its entry.',
  ].join('\n');
  const rule = '='.repeat(80);
  return [header, ...packages.map(noticeFor)].join(`\n\n${rule}\n\n`) + '\n';
}

/** The package names a notices file lists, each with whether its entry carries a license text. */
export function packagesInNotices(text: string): Map<string, { version: string; hasText: boolean }> {
  const found = new Map<string, { version: string; hasText: boolean }>();
  const starts = [...text.matchAll(ENTRY)];
  starts.forEach((match, i) => {
    const entry = text.slice(match.index, starts[i + 1]?.index ?? text.length);
    found.set(match[1]!, { version: match[2]!, hasText: /^--- .+ ---$/m.test(entry) });
  });
  return found;
}
