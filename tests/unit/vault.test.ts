import { describe, expect, test } from 'vitest';
import { createStore, get, set, keys } from 'idb-keyval';
import { createVault, PBKDF2_ITERATIONS, VaultError, VaultLockedError, WrongPassphraseError, type VaultOptions } from '../../utils/keys/vault';
import { storageSession } from '../../utils/keys/vault-session';
import { vaultUnlock } from '../../utils/platform/storage';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
const GOOGLE = 'AIzaSyTest-google-0123456789abcdefghij';
// The production count is asserted below; these tests derive with fewer to stay fast.
const FAST = { iterations: 1_000 } satisfies VaultOptions;

interface SealedShape {
  v: 1 | 2;
  iv: Uint8Array;
  data: ArrayBuffer;
}

function sealedBytes(sealed: SealedShape | undefined): Uint8Array {
  return new Uint8Array(sealed!.data);
}

describe('vault', () => {
  test('round trip: what is saved is what is read', async () => {
    const vault = createVault(FAST);
    expect(await vault.read('openai')).toBeUndefined();
    expect(await vault.has('openai')).toBe(false);
    await vault.save('openai', KEY);
    expect(await vault.has('openai')).toBe(true);
    expect(await vault.read('openai')).toBe(KEY);
    expect(await vault.status()).toBe('open');
  });

  test('nothing stored contains the key, and the wrapping key is not extractable', async () => {
    const store = createStore('pictor-vault', 'vault');
    await createVault({ ...FAST, store }).save('openai', KEY);
    const bytes = sealedBytes(await get<SealedShape>('secret:openai', store));
    expect(new TextDecoder().decode(bytes)).not.toContain(KEY.slice(8));
    expect(btoa(String.fromCharCode(...bytes))).not.toContain(btoa(KEY).slice(4, 20));
    const wrapping = await get<CryptoKey>('wrapping-key', store);
    expect(wrapping?.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', wrapping!)).rejects.toThrow();
    expect(await keys(store)).toEqual(expect.arrayContaining(['secret:openai', 'wrapping-key']));
  });

  test('a fresh IV for every encryption', async () => {
    const store = createStore('pictor-vault', 'vault');
    const vault = createVault({ ...FAST, store });
    await vault.save('openai', KEY);
    const first = await get<SealedShape>('secret:openai', store);
    await vault.save('openai', KEY);
    const second = await get<SealedShape>('secret:openai', store);
    expect(first!.iv.length).toBe(12);
    expect(Array.from(first!.iv)).not.toEqual(Array.from(second!.iv));
    expect(sealedBytes(first)).not.toEqual(sealedBytes(second));
  });

  test('tampered ciphertext is refused with a VaultError, not garbage, and reset recovers', async () => {
    const store = createStore('pictor-vault', 'vault');
    const vault = createVault({ ...FAST, store });
    await vault.save('openai', KEY);
    const sealed = await get<SealedShape>('secret:openai', store);
    const data = new Uint8Array(sealed!.data.slice(0));
    data[0]! ^= 0xff;
    await set('secret:openai', { ...sealed, data: data.buffer }, store);
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultError);
    await vault.reset();
    expect(await vault.read('openai')).toBeUndefined();
    await vault.save('openai', KEY);
    expect(await vault.read('openai')).toBe(KEY);
  });

  test('a lost wrapping key gives a VaultError', async () => {
    const store = createStore('pictor-vault', 'vault');
    const vault = createVault({ ...FAST, store });
    await vault.save('openai', KEY);
    await set('wrapping-key', undefined, store);
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultError);
  });

  test('remove forgets the key', async () => {
    const vault = createVault(FAST);
    await vault.save('openai', KEY);
    await vault.remove('openai');
    expect(await vault.read('openai')).toBeUndefined();
  });
});

describe('passphrase lock', () => {
  test('the production default derives with at least 600,000 PBKDF2 iterations, and records the count', async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const store = createStore('pictor-vault', 'vault');
    await createVault({ ...FAST, store }).setPassphrase('correct horse', 0);
    expect((await get<{ iterations: number }>('lock', store))?.iterations).toBe(1_000);
  });

  test('migration from an unlocked vault to a locked one and back keeps every key', async () => {
    const store = createStore('pictor-vault', 'vault');
    const vault = createVault({ ...FAST, store });
    await vault.save('openai', KEY);
    await vault.save('google', GOOGLE);
    const before = sealedBytes(await get<SealedShape>('secret:openai', store));

    await vault.setPassphrase('correct horse battery', 15);
    expect(await vault.status()).toBe('unlocked');
    // Re-encrypted with the derived key, and the device key is gone: only the passphrase opens them now.
    expect(sealedBytes(await get<SealedShape>('secret:openai', store))).not.toEqual(before);
    expect(await get('wrapping-key', store)).toBeUndefined();
    expect(await vault.read('openai')).toBe(KEY);
    expect(await vault.read('google')).toBe(GOOGLE);

    await vault.lock();
    expect(await vault.status()).toBe('locked');
    expect(await vault.has('openai')).toBe(true);
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultLockedError);
    await expect(vault.save('ideogram', 'x')).rejects.toBeInstanceOf(VaultLockedError);
    await expect(vault.removePassphrase()).rejects.toBeInstanceOf(VaultLockedError);

    await vault.unlock('correct horse battery');
    await vault.removePassphrase();
    expect(await vault.status()).toBe('open');
    expect(await get('lock', store)).toBeUndefined();
    expect((await get<CryptoKey>('wrapping-key', store))?.extractable).toBe(false);
    expect(await vault.read('openai')).toBe(KEY);
    expect(await vault.read('google')).toBe(GOOGLE);
    // The session no longer holds any key once the lock is off.
    expect(await vaultUnlock.getValue()).toBeNull();
  });

  test('a wrong passphrase is refused with its own error and leaves the vault locked', async () => {
    const vault = createVault(FAST);
    await vault.save('openai', KEY);
    await vault.setPassphrase('correct horse battery', 0);
    await vault.lock();
    await expect(vault.unlock('wrong horse battery')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await vault.status()).toBe('locked');
    await vault.unlock('correct horse battery');
    expect(await vault.read('openai')).toBe(KEY);
  });

  test('a new vault instance (another extension page) sees the unlocked session; the session holds no API key', async () => {
    await createVault(FAST).save('openai', KEY);
    await createVault(FAST).setPassphrase('correct horse battery', 0);
    expect(await createVault(FAST).read('openai')).toBe(KEY);
    const unlock = await vaultUnlock.getValue();
    expect(unlock?.key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(unlock)).not.toContain(KEY);
  });

  test('changing the passphrase re-encrypts: the old one no longer unlocks', async () => {
    const vault = createVault(FAST);
    await vault.save('openai', KEY);
    await vault.setPassphrase('first passphrase', 0);
    await vault.setPassphrase('second passphrase', 0);
    await vault.lock();
    await expect(vault.unlock('first passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock('second passphrase');
    expect(await vault.read('openai')).toBe(KEY);
  });

  test('idle auto-lock: unused longer than the chosen time, the vault locks itself; each use restarts the clock', async () => {
    let now = 1_000_000;
    const vault = createVault({ ...FAST, session: storageSession(() => now) });
    await vault.save('openai', KEY);
    await vault.setPassphrase('correct horse battery', 5);
    now += 4 * 60_000;
    expect(await vault.read('openai')).toBe(KEY);
    now += 4 * 60_000;
    expect(await vault.read('openai')).toBe(KEY);
    now += 6 * 60_000;
    expect(await vault.status()).toBe('locked');
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultLockedError);
    expect(await vaultUnlock.getValue()).toBeNull();
  });

  test('idle time 0 keeps it unlocked until the browser closes (the session is emptied)', async () => {
    let now = 0;
    const vault = createVault({ ...FAST, session: storageSession(() => now) });
    await vault.save('openai', KEY);
    await vault.setPassphrase('correct horse battery', 0);
    now += 30 * 24 * 3_600_000;
    expect(await vault.read('openai')).toBe(KEY);
    await vaultUnlock.removeValue(); // what a browser restart does to storage.session
    expect(await vault.status()).toBe('locked');
  });

  test('reset is the way out of a forgotten passphrase', async () => {
    const vault = createVault(FAST);
    await vault.save('openai', KEY);
    await vault.setPassphrase('forgotten passphrase', 0);
    await vault.lock();
    await vault.reset();
    expect(await vault.status()).toBe('open');
    expect(await vault.has('openai')).toBe(false);
    await vault.save('openai', KEY);
    expect(await vault.read('openai')).toBe(KEY);
  });
});

/** Seals the way the vault did before records were bound to their names: AES-GCM, no additional data, `v: 1`. */
async function sealV1(key: CryptoKey, text: string): Promise<SealedShape> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(text));
  return { v: 1, iv, data };
}

async function writeV1Vault(store: ReturnType<typeof createStore>, passphrase?: string): Promise<void> {
  let key: CryptoKey;
  if (passphrase) {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
    const raw = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1_000 }, base, 256));
    key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    await set('lock', { v: 1, salt, iterations: 1_000, idleMinutes: 0, check: await sealV1(key, 'pictor-vault-check') }, store);
  } else {
    key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await set('wrapping-key', key, store);
  }
  await set('secret:openai', await sealV1(key, KEY), store);
  await set('secret:google', await sealV1(key, GOOGLE), store);
}

const versions = async (store: ReturnType<typeof createStore>) =>
  [(await get<SealedShape>('secret:openai', store))?.v, (await get<SealedShape>('secret:google', store))?.v];

describe('records bound to their names', () => {
  test('a record swapped under another name is refused, never read as the other service\'s key', async () => {
    const store = createStore('pictor-vault', 'vault');
    const vault = createVault({ ...FAST, store });
    await vault.save('openai', KEY);
    await vault.save('google', GOOGLE);
    const google = await get<SealedShape>('secret:google', store);
    await set('secret:openai', google, store);
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultError);
    // Relabelled as format 1 (no additional data) it still does not open: the tag covers the name.
    await set('secret:openai', { ...google, v: 1 }, store);
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultError);
    expect(await vault.read('google')).toBe(GOOGLE);
  });

  test('a swap is refused with the passphrase lock on too', async () => {
    const store = createStore('pictor-vault', 'vault');
    const vault = createVault({ ...FAST, store });
    await vault.save('openai', KEY);
    await vault.save('google', GOOGLE);
    await vault.setPassphrase('correct horse battery', 0);
    await set('secret:openai', await get('secret:google', store), store);
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultError);
  });

  test('a vault written before (format 1, no passphrase) reads every key and ends up bound to names', async () => {
    const store = createStore('pictor-vault', 'vault');
    await writeV1Vault(store);
    const vault = createVault({ ...FAST, store });
    expect(await vault.read('openai')).toBe(KEY);
    // The first read re-sealed every record the device key opens, in one go.
    expect(await versions(store)).toEqual([2, 2]);
    expect(await get('format', store)).toBe(2);
    expect(await vault.read('google')).toBe(GOOGLE);
    expect(await createVault({ ...FAST, store }).read('openai')).toBe(KEY);
  });

  test('once every record is bound, a format-1 record put back is refused', async () => {
    const store = createStore('pictor-vault', 'vault');
    await writeV1Vault(store);
    const old = await get<SealedShape>('secret:openai', store);
    const vault = createVault({ ...FAST, store });
    expect(await vault.read('google')).toBe(GOOGLE);
    await set('secret:openai', old, store);
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultError);
  });

  test('a key saved while the upgrade runs is not overwritten by it', async () => {
    const store = createStore('pictor-vault', 'vault');
    await writeV1Vault(store);
    const vault = createVault({ ...FAST, store });
    await Promise.all([vault.read('openai'), vault.save('google', 'AIza-newer-key')]);
    expect(await vault.read('google')).toBe('AIza-newer-key');
    expect(await vault.read('openai')).toBe(KEY);
    expect(await versions(store)).toEqual([2, 2]);
  });

  test('a locked format-1 vault stays locked, and unlocking re-seals every record', async () => {
    const store = createStore('pictor-vault', 'vault');
    await writeV1Vault(store, 'old passphrase');
    const vault = createVault({ ...FAST, store });
    expect(await vault.status()).toBe('locked');
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultLockedError);
    await expect(vault.unlock('wrong passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await versions(store)).toEqual([1, 1]);
    await vault.unlock('old passphrase');
    expect(await versions(store)).toEqual([2, 2]);
    expect((await get<{ check: SealedShape }>('lock', store))?.check.v).toBe(2);
    expect(await vault.read('openai')).toBe(KEY);
    expect(await vault.read('google')).toBe(GOOGLE);
    await vault.lock();
    await vault.unlock('old passphrase');
    expect(await vault.read('google')).toBe(GOOGLE);
    await vault.removePassphrase();
    expect(await vault.read('openai')).toBe(KEY);
    expect(await versions(store)).toEqual([2, 2]);
  });

  test('turning the lock on over a format-1 vault re-seals every key bound to its name', async () => {
    const store = createStore('pictor-vault', 'vault');
    await writeV1Vault(store);
    const vault = createVault({ ...FAST, store });
    await vault.setPassphrase('correct horse battery', 0);
    expect(await versions(store)).toEqual([2, 2]);
    await vault.lock();
    await vault.unlock('correct horse battery');
    expect(await vault.read('openai')).toBe(KEY);
    expect(await vault.read('google')).toBe(GOOGLE);
  });
});
