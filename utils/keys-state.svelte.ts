import type { MessageKey } from './i18n';
import { keyNotes } from './key-notes';
import { SERVICE_IDS } from './providers/registry';
import type { ServiceId } from './providers/types';
import { createVault } from './vault';

const none = () => Object.fromEntries(SERVICE_IDS.map((id) => [id, false])) as Record<ServiceId, boolean>;

/** What a page needs to know of the saved keys, without decrypting more than a note needs. */
export class KeysState {
  /** Which services have a saved key. */
  saved = $state(none());
  /** What a saved key means beyond working (a PhotoRoom sandbox key watermarks its results). */
  notes = $state<Partial<Record<ServiceId, MessageKey>>>({});
  /** The passphrase lock is on and the keys are not unlocked. */
  locked = $state(false);

  async refresh(): Promise<void> {
    const vault = createVault();
    // Asked together: Generate waits on this, and each answer is a round trip to IndexedDB.
    const [status, has, notes] = await Promise.all([vault.status(), Promise.all(SERVICE_IDS.map((id) => vault.has(id))), keyNotes(vault)]);
    this.locked = status === 'locked';
    const saved = none();
    SERVICE_IDS.forEach((id, i) => (saved[id] = has[i]!));
    this.saved = saved;
    this.notes = notes;
  }
}
