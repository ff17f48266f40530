import type { MessageKey } from '../platform/i18n';
import { PROVIDERS } from '../providers/registry';
import type { ServiceId } from '../providers/types';
import type { Vault } from './vault';

/**
 * What a saved key means for the user beyond working or not (PhotoRoom's sandbox keys give
 * watermarked results). Read in extension pages only; a locked vault gives no notes.
 */
export async function keyNotes(vault: Vault): Promise<Partial<Record<ServiceId, MessageKey>>> {
  const notes: Partial<Record<ServiceId, MessageKey>> = {};
  for (const def of PROVIDERS) {
    if (!def.keyNote) continue;
    const key = await vault.read(def.id).catch(() => undefined);
    const note = key ? def.keyNote(key) : undefined;
    if (note) notes[def.id] = note;
  }
  return notes;
}
