import type { MessageKey } from '../platform/i18n';
import { PROVIDERS, SERVICE_IDS } from '../providers/registry';
import type { ServiceId } from '../providers/types';
import type { KeyHint, Vault } from './vault';

/**
 * What the pages show of saved keys (Settings' "…abcd", the popup's note that a PhotoRoom sandbox
 * key watermarks its results) comes from the hint kept beside each key when it is saved, so that
 * showing them decrypts nothing: only a context that sends a key (the job runner, Test key)
 * decrypts it.
 */
export function keyHint(service: ServiceId, key: string): KeyHint {
  const note = PROVIDERS.find((def) => def.id === service)?.keyNote?.(key);
  return note ? { ending: key.slice(-4), note } : { ending: key.slice(-4) };
}

/**
 * The hints of every saved key. A key saved by an earlier version has none: it is read once, while
 * the vault is open, to make its hint, and never again. A locked vault gives what hints it has.
 */
export async function savedHints(vault: Vault): Promise<Partial<Record<ServiceId, KeyHint>>> {
  const locked = (await vault.status()) === 'locked';
  const hints: Partial<Record<ServiceId, KeyHint>> = {};
  for (const service of SERVICE_IDS) {
    let hint = await vault.hint(service);
    if (!hint && !locked && (await vault.has(service))) {
      const key = await vault.read(service).catch(() => undefined);
      if (key) {
        hint = keyHint(service, key);
        await vault.setHint(service, hint);
      }
    }
    if (hint) hints[service] = hint;
  }
  return hints;
}

/** What a saved key means for the user beyond working or not, from the hints. */
export function keyNotes(hints: Partial<Record<ServiceId, KeyHint>>): Partial<Record<ServiceId, MessageKey>> {
  const notes: Partial<Record<ServiceId, MessageKey>> = {};
  for (const [service, hint] of Object.entries(hints) as [ServiceId, KeyHint][]) if (hint.note) notes[service] = hint.note as MessageKey;
  return notes;
}
