import { sendMessage } from '../platform/messaging';
import { fromBase64 } from '../platform/bytes';
import type { VaultSession } from './vault-session';

/**
 * The vault session as Chrome's offscreen document sees it: it has no chrome.storage, so it asks
 * the background (see vault-session.ts). It can only read: unlocking and locking happen in the
 * options page and the popup.
 */
export function remoteSession(): VaultSession {
  const readOnly = () => Promise.reject(new Error('The job runner cannot lock or unlock the vault.'));
  return {
    async get() {
      const key = await sendMessage('vaultSessionKey', undefined);
      return key ? fromBase64(key) : undefined;
    },
    put: readOnly,
    clear: readOnly,
  };
}
