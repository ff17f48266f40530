import { describe, expect, test } from 'vitest';
import { createStore, get, set, keys } from 'idb-keyval';
import { createVault, VaultError } from '../../utils/vault';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

describe('vault', () => {
  test('round trip: what is saved is what is read', async () => {
    const vault = createVault();
    expect(await vault.read('openai')).toBeUndefined();
    expect(await vault.has('openai')).toBe(false);
    await vault.save('openai', KEY);
    expect(await vault.has('openai')).toBe(true);
    expect(await vault.read('openai')).toBe(KEY);
  });

  test('nothing stored contains the key, and the wrapping key is not extractable', async () => {
    const store = createStore('pictor-vault', 'vault');
    await createVault(store).save('openai', KEY);
    const sealed = await get<{ iv: Uint8Array; data: ArrayBuffer }>('secret:openai', store);
    const bytes = new Uint8Array(sealed!.data);
    expect(new TextDecoder().decode(bytes)).not.toContain(KEY.slice(8));
    expect(btoa(String.fromCharCode(...bytes))).not.toContain(btoa(KEY).slice(4, 20));
    const wrapping = await get<CryptoKey>('wrapping-key', store);
    expect(wrapping?.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', wrapping!)).rejects.toThrow();
    expect(await keys(store)).toEqual(expect.arrayContaining(['secret:openai', 'wrapping-key']));
  });

  test('a fresh IV for every encryption', async () => {
    const store = createStore('pictor-vault', 'vault');
    const vault = createVault(store);
    await vault.save('openai', KEY);
    const first = await get<{ iv: Uint8Array; data: ArrayBuffer }>('secret:openai', store);
    await vault.save('openai', KEY);
    const second = await get<{ iv: Uint8Array; data: ArrayBuffer }>('secret:openai', store);
    expect(first!.iv.length).toBe(12);
    expect(Array.from(first!.iv)).not.toEqual(Array.from(second!.iv));
    expect(new Uint8Array(first!.data)).not.toEqual(new Uint8Array(second!.data));
  });

  test('tampered ciphertext is refused with a VaultError, not garbage', async () => {
    const store = createStore('pictor-vault', 'vault');
    const vault = createVault(store);
    await vault.save('openai', KEY);
    const sealed = await get<{ v: 1; iv: Uint8Array; data: ArrayBuffer }>('secret:openai', store);
    const data = new Uint8Array(sealed!.data.slice(0));
    data[0]! ^= 0xff;
    await set('secret:openai', { ...sealed, data: data.buffer }, store);
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultError);
  });

  test('a lost wrapping key gives a VaultError', async () => {
    const store = createStore('pictor-vault', 'vault');
    const vault = createVault(store);
    await vault.save('openai', KEY);
    await set('wrapping-key', undefined, store);
    await expect(vault.read('openai')).rejects.toBeInstanceOf(VaultError);
  });

  test('remove forgets the key', async () => {
    const vault = createVault();
    await vault.save('openai', KEY);
    await vault.remove('openai');
    expect(await vault.read('openai')).toBeUndefined();
  });
});
