import type { RunFn, ServiceId } from './types';

/**
 * The calls themselves, one `run.ts` per service folder, found by file name so that a new service
 * is still one folder plus its registry line. Imported only where jobs run (Chrome's offscreen
 * document, Firefox's background page): the SDKs stay out of the service worker and the popup.
 */
const modules = import.meta.glob<{ run: RunFn }>('./*/run.ts', { eager: true });

export const RUNNERS: Partial<Record<ServiceId, RunFn>> = Object.fromEntries(
  Object.entries(modules).map(([path, mod]) => [path.split('/')[1] ?? path, mod.run] as const),
);
