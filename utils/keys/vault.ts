import { get, promisifyRequest, type UseStore } from 'idb-keyval';
import { keyValueStore } from '../platform/kv-store';
import { SERVICE_IDS } from '../providers/registry';
import type { ServiceId } from '../providers/types';
import { FORMAT, LOCK, replaceLegacy, type LockRecord, type Sealed } from './vault-format';
import type { VaultSession } from './vault-session';

/**
 * API keys at rest: AES-GCM-256 with a fresh 96-bit IV per encryption, in IndexedDB (the context
 * that calls providers, Chrome's offscreen document, has no chrome.storage but shares IndexedDB).
 *
 * Without a passphrase the wrapping key is a non-extractable CryptoKey generated once and kept in
 * IndexedDB: no script can read it out, and no key is ever stored in plain text. With a passphrase
 * there is no stored wrapping key at all: it is derived with PBKDF2-SHA-256 from the passphrase and
 * a random salt, and once unlocked its bytes are held in the browser's memory-only session storage
 * (see vault-session.ts for why there and how the offscreen document reaches it). Closing the
 * browser, "Lock now" or the idle timer forgets it.
 */

export type SecretName = ServiceId;
export const SECRET_NAMES: readonly SecretName[] = SERVICE_IDS;

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA256. Tests pass fewer; the stored record says how many. */
export const PBKDF2_ITERATIONS = 600_000;

const WRAPPING_KEY = 'wrapping-key';
const CHECK_TEXT = 'pictor-vault-check';
/** The additional data of the lock's check text: the record's name, like every secret's. */
const CHECK_AAD = LOCK;
const secretKey = (name: SecretName) => `secret:${name}`;
const hintKey = (name: SecretName) => `hint:${name}`;

/** What pages show of a saved key without decrypting it (utils/keys/key-hints.ts): kept unencrypted beside it, removed with it. */
export interface KeyHint {
  ending: string;
  note?: string;
}

/** A saved key can't be decrypted (corrupted data or a lost wrapping key): the fix is to reset it. */
export class VaultError extends Error {
  override name = 'VaultError';
}
/** The passphrase lock is on and the vault is not unlocked in this browser session. */
export class VaultLockedError extends Error {
  override name = 'VaultLockedError';
}
export class WrongPassphraseError extends Error {
  override name = 'WrongPassphraseError';
}

/** open: no passphrase. locked / unlocked: a passphrase lock is on. */
export type VaultStatus = 'open' | 'locked' | 'unlocked';

export interface Vault {
  /** Seals the key; `hint` is kept beside it (without one, an older hint is removed). */
  save(name: SecretName, value: string, hint?: KeyHint): Promise<void>;
  /** What may be shown of a saved key without decrypting it; undefined for a key saved without one. */
  hint(name: SecretName): Promise<KeyHint | undefined>;
  /** Adds the hint of a key saved by an earlier version (read once to make it). */
  setHint(name: SecretName, hint: KeyHint): Promise<void>;
  /** The plaintext, or undefined when nothing is saved. Throws VaultLockedError or VaultError. */
  read(name: SecretName): Promise<string | undefined>;
  has(name: SecretName): Promise<boolean>;
  remove(name: SecretName): Promise<void>;
  status(): Promise<VaultStatus>;
  /** Minutes without use after which an unlocked vault locks itself (0: when the browser closes). */
  idleMinutes(): Promise<number>;
  /** Turns the lock on (or changes the passphrase), re-encrypting every saved key. */
  setPassphrase(passphrase: string, idleMinutes: number): Promise<void>;
  /** Turns the lock off, re-encrypting every saved key with a device key. Needs an unlocked vault. */
  removePassphrase(): Promise<void>;
  setIdleMinutes(minutes: number): Promise<void>;
  /** Throws WrongPassphraseError. */
  unlock(passphrase: string): Promise<void>;
  lock(): Promise<void>;
  /** Forgets every saved key and the lock: the way out of a forgotten passphrase or corrupted data. */
  reset(): Promise<void>;
}

export interface VaultOptions {
  store?: UseStore;
  crypto?: Crypto;
  session?: VaultSession;
  iterations?: number;
}

/** The session in storage.session, loaded on first use so that contexts without chrome.storage never touch it. */
function lazySession(): VaultSession {
  const load = () => import('./vault-session').then((m) => m.storageSession());
  return {
    get: (touch) => load().then((s) => s.get(touch)),
    put: (raw, idleMs) => load().then((s) => s.put(raw, idleMs)),
    clear: () => load().then((s) => s.clear()),
  };
}

/**
 * One connection to the vault's database (platform/kv-store.ts): every createVault() used to open a
 * connection of its own that nothing closed, so the popup, which reads the keys before each
 * Generate, kept one more connection (and its request and handlers) per generation.
 */
const defaultStore = keyValueStore('pictor-vault', 'vault');

export function createVault(options: VaultOptions = {}): Vault {
  const store = options.store ?? defaultStore();
  const crypto = options.crypto ?? globalThis.crypto;
  const session = options.session ?? lazySession();
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  const subtle = crypto.subtle;
  const aes = (raw: Uint8Array<ArrayBuffer>) => subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);

  /** Seals `text` bound to `name`: it opens only under that same name. */
  async function seal(key: CryptoKey, text: string, name: string): Promise<Sealed> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(name) }, key, new TextEncoder().encode(text));
    return { v: 2, iv, data };
  }

  /** Throws when the bytes were tampered with, sealed with another key, or (format 2) under another name. */
  async function open(key: CryptoKey, sealed: Sealed, name: string, legacyAllowed: boolean): Promise<string> {
    if (sealed.v !== 2 && !(sealed.v === 1 && legacyAllowed)) throw new VaultError(`A saved record has an unexpected format (${String(sealed.v)}).`);
    const params: AesGcmParams = { name: 'AES-GCM', iv: sealed.iv };
    if (sealed.v === 2) params.additionalData = new TextEncoder().encode(name);
    return new TextDecoder().decode(await subtle.decrypt(params, key, sealed.data));
  }

  /** Format 1 is read only until every record has been re-sealed bound to its name. */
  const legacyAllowed = async () => (await get<number>(FORMAT, store)) !== 2;

  async function derive(passphrase: string, salt: Uint8Array<ArrayBuffer>, rounds: number): Promise<Uint8Array<ArrayBuffer>> {
    const base = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
    return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: rounds }, base, 256));
  }

  /** The key that opens secrets, given the lock record and the device key as stored (either may be absent). */
  async function keyOf(lock: LockRecord | undefined, existing: CryptoKey | undefined): Promise<CryptoKey> {
    if (lock) {
      const raw = await session.get(true);
      if (!raw) throw new VaultLockedError('The saved keys are locked.');
      return aes(raw);
    }
    if (existing) return existing;
    throw new VaultError('The key that unlocks saved API keys is missing.');
  }

  /** The key that seals secrets now; creates the device key on first save when there is no lock. */
  async function currentKey(create: boolean): Promise<CryptoKey> {
    const lock = await get<LockRecord>(LOCK, store);
    const existing = lock ? undefined : await get<CryptoKey>(WRAPPING_KEY, store);
    if (lock || existing || !create) return keyOf(lock, existing);
    const key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    // A new device key means no record sealed before it can open: nothing of format 1 is left.
    await write({ [WRAPPING_KEY]: key, [FORMAT]: 2 });
    return key;
  }

  /** Several puts and deletes in one transaction, so a re-encryption is all or nothing. */
  async function write(puts: Record<string, unknown>, deletes: string[] = []): Promise<void> {
    await store('readwrite', async (objects) => {
      for (const [k, v] of Object.entries(puts)) objects.put(v, k);
      for (const k of deletes) objects.delete(k);
      await promisifyRequest(objects.transaction);
    });
  }

  async function readAll(): Promise<Map<SecretName, string>> {
    const all = new Map<SecretName, string>();
    for (const name of SECRET_NAMES) {
      const value = await vault.read(name);
      if (value !== undefined) all.set(name, value);
    }
    return all;
  }

  async function resealAll(key: CryptoKey, secrets: Map<SecretName, string>): Promise<Record<string, Sealed>> {
    const out: Record<string, Sealed> = {};
    for (const [name, value] of secrets) out[secretKey(name)] = await seal(key, value, secretKey(name));
    return out;
  }

  /** Re-seals every format-1 record this key opens; those it cannot open are left as they are. */
  async function upgradeAll(key: CryptoKey): Promise<void> {
    const replacements = new Map<string, { was: Sealed; now: Sealed }>();
    for (const name of SECRET_NAMES) {
      const was = await get<Sealed>(secretKey(name), store);
      if (was?.v !== 1) continue;
      const text = await open(key, was, secretKey(name), true).catch(() => undefined);
      if (text !== undefined) replacements.set(secretKey(name), { was, now: await seal(key, text, secretKey(name)) });
    }
    const lock = await get<LockRecord>(LOCK, store);
    if (lock?.check.v === 1) replacements.set(LOCK, { was: lock.check, now: await seal(key, CHECK_TEXT, CHECK_AAD) });
    await replaceLegacy(store, replacements);
  }

  const vault: Vault = {
    async save(name, value, hint) {
      const sealed = await seal(await currentKey(true), value, secretKey(name));
      await write({ [secretKey(name)]: sealed, ...(hint ? { [hintKey(name)]: hint } : {}) }, hint ? [] : [hintKey(name)]);
    },
    async hint(name) {
      return get<KeyHint>(hintKey(name), store);
    },
    async setHint(name, hint) {
      // Only beside a key that is still there.
      await store('readwrite', async (objects) => {
        const sealed: unknown = await promisifyRequest(objects.get(secretKey(name)));
        if (sealed !== undefined) objects.put(hint, hintKey(name));
        await promisifyRequest(objects.transaction);
      });
    },
    async read(name) {
      // The record and what opens it are read at once: a job waits on this before its request goes
      // out, and each read is a round trip to IndexedDB. The session (a use, for the idle lock) is
      // asked only when there is a record to open.
      const [sealed, lock, deviceKey, legacy] = await Promise.all([
        get<Sealed>(secretKey(name), store),
        get<LockRecord>(LOCK, store),
        get<CryptoKey>(WRAPPING_KEY, store),
        legacyAllowed(),
      ]);
      if (!sealed) return undefined;
      const key = await keyOf(lock, deviceKey);
      let value: string;
      try {
        value = await open(key, sealed, secretKey(name), legacy);
      } catch {
        throw new VaultError('A saved API key could not be decrypted.');
      }
      // A format-1 record opened: bind it (and any other format-1 record this key opens) to its name now.
      if (sealed.v === 1) await upgradeAll(key).catch(() => undefined);
      return value;
    },
    async has(name) {
      return (await get(secretKey(name), store)) !== undefined;
    },
    async remove(name) {
      await write({}, [secretKey(name), hintKey(name)]);
    },
    async status() {
      if (!(await get<LockRecord>(LOCK, store))) return 'open';
      return (await session.get(false)) ? 'unlocked' : 'locked';
    },
    async idleMinutes() {
      return (await get<LockRecord>(LOCK, store))?.idleMinutes ?? 0;
    },
    async setPassphrase(passphrase, idleMinutes) {
      if (!passphrase) throw new WrongPassphraseError('An empty passphrase protects nothing.');
      const secrets = await readAll();
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const raw = await derive(passphrase, salt, iterations);
      const key = await aes(raw);
      const lock: LockRecord = { v: 1, salt, iterations, idleMinutes, check: await seal(key, CHECK_TEXT, CHECK_AAD) };
      // Every key re-sealed bound to its name in the same transaction: no format-1 record survives.
      await write({ ...(await resealAll(key, secrets)), [LOCK]: lock, [FORMAT]: 2 }, [WRAPPING_KEY]);
      await session.put(raw, idleMinutes * 60_000);
    },
    async removePassphrase() {
      const secrets = await readAll();
      const key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await write({ ...(await resealAll(key, secrets)), [WRAPPING_KEY]: key, [FORMAT]: 2 }, [LOCK]);
      await session.clear();
    },
    async setIdleMinutes(minutes) {
      const lock = await get<LockRecord>(LOCK, store);
      if (!lock) return;
      await write({ [LOCK]: { ...lock, idleMinutes: minutes } });
      const raw = await session.get(false);
      if (raw) await session.put(raw, minutes * 60_000);
    },
    async unlock(passphrase) {
      const lock = await get<LockRecord>(LOCK, store);
      if (!lock) return;
      const raw = await derive(passphrase, lock.salt, lock.iterations);
      const key = await aes(raw);
      try {
        // The check text of a lock set before format 2 has no additional data; it stays readable.
        if ((await open(key, lock.check, CHECK_AAD, true)) !== CHECK_TEXT) throw new Error('check text differs');
      } catch {
        throw new WrongPassphraseError('That passphrase does not unlock the saved keys.');
      }
      await session.put(raw, lock.idleMinutes * 60_000);
      // Now that the key is known, bind any format-1 record (a lock set by an older version) to its name.
      await upgradeAll(key).catch(() => undefined);
    },
    async lock() {
      await session.clear();
    },
    async reset() {
      await store('readwrite', async (objects) => {
        objects.clear();
        await promisifyRequest(objects.transaction);
      });
      await session.clear();
    },
  };
  return vault;
}
