import type { MessageKey } from '../platform/i18n';
import { keyNotes, savedHints } from './key-hints';
import { SERVICE_IDS } from '../providers/registry';
import type { ServiceId } from '../providers/types';
import { createVault, type VaultStatus } from './vault';

const none = () => Object.fromEntries(SERVICE_IDS.map((id) => [id, false])) as Record<ServiceId, boolean>;

/** What a page needs to know of the saved keys, without decrypting more than a note needs. */
export class KeysState {
  /** Which services have a saved key. */
  saved = $state(none());
  /** What a saved key means beyond working (a PhotoRoom sandbox key watermarks its results). */
  notes = $state<Partial<Record<ServiceId, MessageKey>>>({});
  /** Whether a passphrase lock is set, and if so whether the keys are unlocked now. */
  status = $state<VaultStatus>('open');
  /** The passphrase lock is on and the keys are not unlocked. */
  readonly locked = $derived(this.status === 'locked');
  /** A passphrase lock is set (locked or not): it can close on its idle timer while a page is open. */
  readonly lockOn = $derived(this.status !== 'open');

  async refresh(): Promise<void> {
    const vault = createVault();
    const [, hints] = await Promise.all([this.check(vault), savedHints(vault)]);
    this.notes = keyNotes(hints);
  }

  /**
   * Which keys are saved and whether they are locked, without decrypting any: what Generate asks
   * before it stores a job, and waits on. Each answer is a round trip to IndexedDB, asked together.
   */
  async check(vault = createVault()): Promise<void> {
    const [status, has] = await Promise.all([vault.status(), Promise.all(SERVICE_IDS.map((id) => vault.has(id)))]);
    this.status = status;
    const saved = none();
    SERVICE_IDS.forEach((id, i) => (saved[id] = has[i]!));
    this.saved = saved;
  }
}
