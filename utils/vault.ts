import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { ServiceId } from './providers/types';

/**
 * API keys at rest: AES-GCM-256 with a fresh 96-bit IV per encryption. The wrapping key is a
 * non-extractable CryptoKey kept in IndexedDB, so its raw bytes never exist in any file the
 * browser writes, and only extension pages of this origin can use it. Everything lives in
 * IndexedDB because the context that calls providers (Chrome's offscreen document) has no
 * chrome.storage.
 */

export type SecretName = ServiceId;

interface Sealed {
  v: 1;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

const WRAPPING_KEY = 'wrapping-key';
const secretKey = (name: SecretName) => `secret:${name}`;

export class VaultError extends Error {
  override name = 'VaultError';
}

export interface Vault {
  save(name: SecretName, value: string): Promise<void>;
  /** The plaintext, or undefined when nothing is saved. Throws VaultError when it can't be decrypted. */
  read(name: SecretName): Promise<string | undefined>;
  has(name: SecretName): Promise<boolean>;
  remove(name: SecretName): Promise<void>;
}

export function createVault(store: UseStore = createStore('pictor-vault', 'vault'), crypto: Crypto = globalThis.crypto): Vault {
  async function wrappingKey(): Promise<CryptoKey> {
    const existing = await get<CryptoKey>(WRAPPING_KEY, store);
    if (existing) return existing;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await set(WRAPPING_KEY, key, store);
    return key;
  }

  return {
    async save(name, value) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await wrappingKey(), new TextEncoder().encode(value));
      const sealed: Sealed = { v: 1, iv, data };
      await set(secretKey(name), sealed, store);
    },
    async read(name) {
      const sealed = await get<Sealed>(secretKey(name), store);
      if (!sealed) return undefined;
      const key = await get<CryptoKey>(WRAPPING_KEY, store);
      if (!key) throw new VaultError('The key that unlocks saved API keys is missing.');
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.data);
        return new TextDecoder().decode(plain);
      } catch {
        throw new VaultError('A saved API key could not be decrypted.');
      }
    },
    async has(name) {
      return (await get(secretKey(name), store)) !== undefined;
    },
    async remove(name) {
      await del(secretKey(name), store);
    },
  };
}
