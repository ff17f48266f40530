import { expect, test, vi } from 'vitest';
import { createStore, get, keys } from 'idb-keyval';
import { keyHint, keyNotes, savedHints } from '../../utils/keys/key-hints';
import { createVault } from '../../utils/keys/vault';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
const FAST = { iterations: 1_000 };

test('what the pages show of a key is kept beside it when saved: its last four characters and its note, never more of it', async () => {
  const store = createStore('pictor-vault', 'vault');
  const vault = createVault({ ...FAST, store });
  await vault.save('openai', KEY, keyHint('openai', KEY));
  expect(await get('hint:openai', store)).toEqual({ ending: '6789' });
  expect(JSON.stringify(await get('hint:openai', store))).not.toContain(KEY.slice(0, -4));
  expect(keyHint('photoroom', 'sandbox_sk_pr_test123')).toMatchObject({ ending: 't123', note: expect.any(String) as string });
  // Removed with its key; gone with a reset.
  await vault.remove('openai');
  expect(await vault.hint('openai')).toBeUndefined();
  await vault.save('openai', KEY, keyHint('openai', KEY));
  await vault.reset();
  expect(await keys(store)).toEqual([]);
});

test('the pages read hints and decrypt nothing; a key saved without one is read once to make it, and never again', async () => {
  const vault = createVault(FAST);
  await vault.save('openai', KEY, keyHint('openai', KEY));
  await vault.save('photoroom', 'sandbox_sk_pr_old');
  const read = vi.spyOn(vault, 'read');
  const first = await savedHints(vault);
  expect(first).toEqual({ openai: { ending: '6789' }, photoroom: { ending: '_old', note: expect.any(String) as string } });
  expect(read.mock.calls.map((c) => c[0])).toEqual(['photoroom']);
  expect(keyNotes(first)).toEqual({ photoroom: first.photoroom?.note });
  read.mockClear();
  expect(await savedHints(vault)).toEqual(first);
  expect(read).not.toHaveBeenCalled();
});

test('a hint is never left without its key', async () => {
  const vault = createVault(FAST);
  await vault.setHint('google', { ending: 'abcd' });
  expect(await vault.hint('google')).toBeUndefined();
});
