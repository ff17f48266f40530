import { defineConfig } from 'wxt';
import { EXTPAY_ORIGIN } from './utils/billing/config';
import { providerHosts } from './utils/providers/registry';

// Provider hosts are the only hosts Pictor talks to besides ExtensionPay; each service's definition
// declares its own.
const PROVIDER_HOSTS = providerHosts();
// ExtensionPay: the subscription status (extpay's fetches, which Firefox may otherwise refuse, per
// extpay's README). Its content script (entrypoints/extpay.content.ts) already matches this host,
// so the permission adds no install-time warning.
const EXTPAY_HOSTS = [`${EXTPAY_ORIGIN}/*`];
// Asked for at run time, one origin at a time (a custom base URL on Save, or an image's site for a
// full-resolution crop): nothing here is granted at install.
const OPTIONAL_HOSTS = ['*://*/*'];

export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  publicDir: 'assets/public',
  // Explicit imports keep every file readable on its own and type-checkable by plain tsc.
  imports: false,
  webExt: { disabled: true },
  // extpay pins webextension-polyfill 0.7 for itself; one copy (0.12, which WXT already bundles) serves both.
  vite: () => ({ resolve: { dedupe: ['webextension-polyfill'] } }),
  zip: {
    artifactTemplate: 'pictor-{{version}}-{{browser}}.zip',
    sourcesTemplate: 'pictor-{{version}}-sources.zip',
    excludeSources: ['.output/**', 'tests/**/.tmp/**', '.ci/**'],
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
