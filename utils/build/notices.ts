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

/** A bundled package: its name and the folder it was installed in. */
export interface BundledPackage {
  name: string;
  dir: string;
}

/**
 * The npm package a module id points into, or null for the project's own files and Rollup's
 * virtual modules. Ids may carry a leading \0 (plugin-made wrappers) and a ?query; the last
 * node_modules segment wins, so a nested copy counts as its own package.
 */
export function packageOfModule(id: string): BundledPackage | null {
  const path = id.replace(/^\0/, '').split('?')[0]!.replaceAll('\\', '/');
  const at = path.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const root = path.slice(0, at + '/node_modules/'.length);
  const parts = path.slice(root.length).split('/');
  const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
  if (!name || name.endsWith('/') || name.startsWith('.')) return null;
  return { name, dir: root + name };
}

/** The packages behind a set of module ids, one entry per folder, sorted by name. */
export function bundledPackages(moduleIds: Iterable<string>): BundledPackage[] {
  const byDir = new Map<string, BundledPackage>();
  for (const id of moduleIds) {
    const found = packageOfModule(id);
    if (found) byDir.set(found.dir, found);
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

/** The notice entry for one package; throws when the package declares no license at all. */
export function noticeFor(pkg: BundledPackage): string {
  const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')) as Manifest;
  const declared =
    typeof manifest.license === 'string'
      ? manifest.license
      : (manifest.license?.type ?? manifest.licenses?.map((l) => l.type).filter(Boolean).join(' OR '));
  if (!declared) throw new Error(`${pkg.name} (${pkg.dir}) is bundled but declares no license: check its terms before shipping it.`);
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const files = readdirSync(pkg.dir)
    .filter((file) => LICENSE_FILE.test(file))
    .sort();
  const lines = [`${manifest.name ?? pkg.name} ${manifest.version ?? ''}`.trim(), `License: ${declared}`];
  const source = manifest.homepage ?? repository;
  if (source) lines.push(`Source: ${source}`);
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  if (author) lines.push(`Author: ${author}`);
  const texts = files.map((file) => `--- ${file} ---\n${readFileSync(join(pkg.dir, file), 'utf8').trim()}`);
  if (texts.length === 0) lines.push(`(The package ships no license file; its package.json declares ${declared}.)`);
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

/** The package names a notices file lists (the first line of each entry is "name version"). */
export function packagesInNotices(text: string): Set<string> {
  const names = new Set<string>();
  for (const entry of text.split(/\n={80}\n/).slice(1)) {
    const first = entry.trim().split('\n')[0] ?? '';
    const name = first.slice(0, first.lastIndexOf(' ') > 0 ? first.lastIndexOf(' ') : undefined);
    if (name) names.add(name);
  }
  return names;
}
