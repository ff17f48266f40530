import { fromBase64, toBase64 } from '../platform/bytes';
import { onMessage } from '../platform/messaging';
import { guarded } from '../platform/message-rules';
import { vaultUnlock } from '../platform/storage';

/**
 * Where an unlocked vault's key lives while a passphrase lock is on.
 *
 * Why storage.session: it is kept in memory only (never written to the profile on disk), emptied
 * when the browser closes (so a restart locks the vault again, as users expect), and by default
 * readable only by trusted extension contexts, never by content scripts. An unlocked key in
 * IndexedDB would instead sit in a file on disk, and survive a crash.
 *
 * Chrome's offscreen document, where jobs run, has no chrome.storage: it asks the background for
 * the key bytes with one typed message (vault-remote.ts). The background answers only that
 * document. The message carries the vault key, never an API key: API keys are decrypted only in
 * the context that calls the provider, and nothing secret is ever sent to a content script.
 */
export interface VaultSession {
  /** The unlocked key bytes, or undefined when locked or idle too long. `touch` counts as a use. */
  get(touch: boolean): Promise<Uint8Array<ArrayBuffer> | undefined>;
  put(raw: Uint8Array<ArrayBuffer>, idleMs: number): Promise<void>;
  clear(): Promise<void>;
}

/** The session in storage.session, with the idle auto-lock checked on every read. */
export function storageSession(now: () => number = Date.now): VaultSession {
  return {
    async get(touch) {
      const unlock = await vaultUnlock.getValue();
      if (!unlock) return undefined;
      if (unlock.idleMs > 0 && now() - unlock.lastUsed > unlock.idleMs) {
        await vaultUnlock.removeValue();
        return undefined;
      }
      if (touch) await vaultUnlock.setValue({ ...unlock, lastUsed: now() });
      return fromBase64(unlock.key);
    },
    async put(raw, idleMs) {
      await vaultUnlock.setValue({ key: toBase64(raw), lastUsed: now(), idleMs });
    },
    async clear() {
      await vaultUnlock.removeValue();
    },
  };
}

/** Chrome's background: hands the unlocked key to the offscreen document, and to nobody else. */
export function serveVaultSession(session: VaultSession = storageSession()): void {
  onMessage(
    'vaultSessionKey',
    guarded('vaultSessionKey', async () => {
      const raw = await session.get(true);
      return raw ? toBase64(raw) : null;
    }),
  );
}
