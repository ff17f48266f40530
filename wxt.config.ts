import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type WxtViteConfig } from 'wxt';
import { assertZipHasId, extPayIdFrom } from './utils/billing/build-id';
import { EXTPAY_ORIGIN } from './utils/billing/config';
import { assertZipHasDefaultIdle, idleMsFrom } from './utils/build/idle-deadline';
import { bundledPackages, LICENSE_COPY, NOTICES_FILE, renderNotices } from './utils/build/notices';
import { providerHosts } from './utils/providers/registry';

/**
 * The ExtensionPay id comes from the build (`EXTPAY_ID=<id> npm run build`); without one, billing is
 * off: no ExtensionPay code, host or content script is in the build (utils/billing/build-id.ts).
 */
const EXTPAY_ID = extPayIdFrom(process.env);
/** 0 (the product's own answer deadline) unless the tests' build sets PICTOR_IDLE_MS (utils/build/idle-deadline.ts). */
const IDLE_MS = idleMsFrom(process.env);
const assertStorePackage = () => {
  assertZipHasId(EXTPAY_ID);
  assertZipHasDefaultIdle(IDLE_MS);
};
// `npm run zip` / `wxt zip`: refuse before building anything (the zip:start hook below is the backstop).
if (process.argv.slice(2).includes('zip')) assertStorePackage();

/** Without an id, the background's billing (which imports extpay) is swapped for one that entitles every job. */
const BILLING_BACKGROUND = fileURLToPath(new URL('./utils/billing/background.ts', import.meta.url));
const BILLING_OFF = fileURLToPath(new URL('./utils/billing/off.ts', import.meta.url));
/** WXT's own Vite's plugin type (another Vite may sit at the top of node_modules). */
type Plugin = Extract<NonNullable<WxtViteConfig['plugins']>[number], { name: string }>;
function billingOff(): Plugin {
  return {
    name: 'pictor:billing-off',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.includes('billing/background')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === BILLING_BACKGROUND ? BILLING_OFF : null;
    },
  };
}

/** The Vite that WXT runs (its own copy when it has one): the owner of Rollup's `\0vite/…` helper modules. */
const VITE_DIR = ['./node_modules/wxt/node_modules/vite', './node_modules/vite'].map((dir) => fileURLToPath(new URL(dir, import.meta.url))).find((dir) => existsSync(dir));
/** Every module Rollup put into a chunk, across WXT's several Vite builds of one browser's package. */
const bundledModules = new Set<string>();
function recordBundled(): Plugin {
  return {
    name: 'pictor:record-bundled',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') for (const id of output.moduleIds) bundledModules.add(id);
      }
    },
  };
}

// Provider hosts are the only hosts Pictor talks to besides ExtensionPay; each service's definition
// declares its own.
const PROVIDER_HOSTS = providerHosts();
// ExtensionPay: the subscription status (extpay's fetches, which Firefox may otherwise refuse, per
// extpay's README). Its content script (entrypoints/extpay.content.ts) already matches this host,
// so the permission adds no install-time warning.
const EXTPAY_HOSTS = EXTPAY_ID ? [`${EXTPAY_ORIGIN}/*`] : [];
// Asked for at run time, one origin at a time (a custom base URL on Save, or an image's site for a
// full-resolution crop): nothing here is granted at install.
const OPTIONAL_HOSTS = ['*://*/*'];

export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  publicDir: 'assets/public',
  // The tests' build with billing goes next to the default one (PICTOR_OUT_DIR=.output-billing).
  outDir: process.env.PICTOR_OUT_DIR || '.output',
  // Explicit imports keep every file readable on its own and type-checkable by plain tsc.
  imports: false,
  webExt: { disabled: true },
  // extpay pins webextension-polyfill 0.7 for itself; one copy (0.12, which WXT already bundles) serves both.
  vite: () => ({
    resolve: { dedupe: ['webextension-polyfill'] },
    // A page's HTML names the chunks its first screen needs (kept); a dynamic import() does not add a
    // <link rel=modulepreload> per chunk it will reach (Vite's default: `build.modulePreload`,
    // https://vite.dev/config/build-options#build-modulepreload). The popup's later views reach ~40:
    // adding their links took one task of 50-100 ms on its thread right after the crop's paint (a
    // trace: each link starts its load there and then), during which typing waited. The files still
    // load, as each module's imports are read; their stylesheets are still added by the import.
    build: { modulePreload: { resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []) } },
    define: { 'import.meta.env.EXTPAY_ID': JSON.stringify(EXTPAY_ID), 'import.meta.env.PICTOR_IDLE_MS': JSON.stringify(IDLE_MS) },
    plugins: [recordBundled(), ...(EXTPAY_ID ? [] : [billingOff()])],
  }),
  hooks: {
    'build:before': () => bundledModules.clear(),
    // The third-party code in this package, with its licenses, beside the manifest (utils/build/notices.ts).
    'build:done': (wxt) => {
      writeFileSync(join(wxt.config.outDir, NOTICES_FILE), renderNotices(bundledPackages(bundledModules, { viteDir: VITE_DIR })));
      copyFileSync(fileURLToPath(new URL('./LICENSE', import.meta.url)), join(wxt.config.outDir, LICENSE_COPY));
    },
    // No ExtensionPay id: no extpay content script on extensionpay.com either.
    'entrypoints:resolved': (_wxt, entrypoints) => {
      if (EXTPAY_ID) return;
      const at = entrypoints.findIndex((e) => e.name === 'extpay');
      if (at >= 0) entrypoints.splice(at, 1);
    },
    'zip:start': assertStorePackage,
  },
  zip: {
    artifactTemplate: 'pictor-{{version}}-{{browser}}.zip',
    sourcesTemplate: 'pictor-{{version}}-sources.zip',
    excludeSources: ['.output/**', '.output-billing/**', 'tests/**/.tmp/**', '.ci/**'],
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    short_name: 'Pictor',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    // WXT fills in the popup; MV2 (Firefox) reads browser_action, MV3 reads action.
    [browser === 'firefox' ? 'browser_action' : 'action']: {
      default_title: '__MSG_actionTitle__',
      default_icon: { 16: 'icon/16.png', 32: 'icon/32.png' },
    },
    permissions: [
      'contextMenus',
      'storage',
      'downloads',
      // The crop overlay is injected on demand, only into the tab the user acts on (activeTab).
      'activeTab',
      'scripting',
      // Wakes the job queue now and then, so a job stored by a popup that closed before asking to
      // start it still starts (utils/jobs/service.ts). No install-time warning.
      'alarms',
      // "Your image is ready" when a job finishes while the popup is closed (can be turned off).
      'notifications',
      // Paid results live in the extension's IndexedDB: with this the browser never evicts it under
      // storage pressure, and its quota is not the web's (developer.chrome.com/docs/extensions/reference/permissions-list
      // "unlimitedStorage"; MDN storage.local, "Firefox … unlimitedStorage"). Chrome shows no
      // warning for it; Firefox lists it at install.
      'unlimitedStorage',
      // Chrome runs provider calls in an offscreen document; Firefox's background page is persistent.
      // Chrome shows the library (entrypoints/library.sidepanel) in its side panel, which the popup's
      // History button opens (sidePanel.open); Firefox's sidebar_action needs no permission.
      ...(browser === 'firefox' ? [] : ['offscreen', 'sidePanel']),
    ],
    host_permissions: [...PROVIDER_HOSTS, ...EXTPAY_HOSTS],
    // Optional origins, each asked for when it is needed: a custom API base URL (on Save), or a site
    // whose image the user wants at full resolution. MV2 (Firefox) lists them among optional_permissions.
    ...(browser === 'firefox' ? { optional_permissions: OPTIONAL_HOSTS } : { optional_host_permissions: OPTIONAL_HOSTS }),
    commands: {
      'capture-area': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_commandCaptureArea__',
      },
      // The same capture, added beside the crop waiting as a reference (utils/crop/shortcuts.ts).
      'capture-reference': {
        suggested_key: { default: 'Alt+Shift+D' },
        description: '__MSG_commandCaptureReference__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'pictor@pictor-extension',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
