import { describe, expect, test } from 'vitest';
import { applyRetention, prunable } from '../../utils/jobs/retention';
import { ensureRoom, NoRoomError, ROOM_NEEDED_BYTES } from '../../utils/jobs/space';
import { createJobStore } from '../../utils/jobs/store';
import { roomCheck, ROOM_FRESH_MS } from '../../utils/jobs/submit';
import type { Job } from '../../utils/jobs/types';

const png = new Blob([new Uint8Array([1])], { type: 'image/png' });
const job = (id: string, over: Partial<Job> = {}): Job => ({
  id,
  createdAt: 0,
  state: 'succeeded',
  provider: 'openai',
  operation: 'generate',
  model: 'gpt-image-2',
  prompt: id,
  params: {},
  results: [{ id: `${id}-r`, blob: png, saved: true }],
  seen: true,
  ...over,
});

describe('retention: keep the last N requests', () => {
  test('removes only what lies beyond the newest N, was seen, and whose every image was saved (or has none)', () => {
    const unsaved = { id: 'u', blob: png };
    const jobs = [
      job('new1'),
      job('new2'),
      job('old-ok'),
      job('old-unseen', { seen: false }),
      job('old-never-saved', { results: [unsaved] }),
      // A download that started but never completed (a full disk), or an auto-download claimed but
      // not written, or a flag from an earlier version set when a download started: none is saved.
      job('old-claimed-only', { results: [unsaved], autoDownloaded: true }),
      job('old-one-of-two', { results: [{ id: 'a', blob: png, saved: true }, unsaved] }),
      job('old-legacy-flag', { results: [unsaved], ...({ downloaded: true } as object) }),
      job('old-failed', { state: 'failed', results: [] }),
      job('old-running', { state: 'running', results: [] }),
    ];
    expect(prunable(jobs, 2)).toEqual(['old-ok', 'old-failed']);
    expect(prunable(jobs, 0)).toEqual([]);
    expect(prunable(jobs, 100)).toEqual([]);
  });

  test('applied to the store, newest first', async () => {
    let t = 1000;
    const store = createJobStore({ now: () => t++ });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await store.create({ provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: `p${i}`, params: {} });
      await store.patch(created.id, () => ({ state: 'succeeded', seen: true, results: [{ id: 'r', blob: png, saved: true }] }));
      ids.push(created.id);
    }
    expect(await applyRetention(store, 3)).toEqual([ids[0]]);
    expect((await store.page({ limit: 10 })).map((j) => j.prompt)).toEqual(['p3', 'p2', 'p1']);
  });
});

describe('room for results before anything is paid for', () => {
  const storage = (quota: number, usage: number) => {
    const asked: string[] = [];
    return {
      asked,
      estimate: async () => ({ quota, usage }),
      persisted: async () => false,
      persist: async () => {
        asked.push('persist');
        return true;
      },
    };
  };

  test('too little free space refuses the job with how much is left; persistence is asked for where it is silent', async () => {
    const short = storage(ROOM_NEEDED_BYTES + 10 * 1024 * 1024, 20 * 1024 * 1024);
    const err = await ensureRoom(short, true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoRoomError);
    expect((err as NoRoomError).freeMB).toBe(90);
    expect(short.asked).toEqual(['persist']);
    // Never where a prompt could hold the job up (Firefox).
    const quiet = storage(10 * ROOM_NEEDED_BYTES, 0);
    await ensureRoom(quiet, false);
    expect(quiet.asked).toEqual([]);
  });

  test('enough room, or a browser that cannot tell, lets the job go', async () => {
    await expect(ensureRoom(storage(10 * ROOM_NEEDED_BYTES, 0))).resolves.toBeUndefined();
    await expect(ensureRoom({ estimate: async () => ({}) })).resolves.toBeUndefined();
    await expect(ensureRoom(undefined)).resolves.toBeUndefined();
  });

  test('the popup asks when it opens and Generate uses that answer while fresh; a "no room" answer is asked again', async () => {
    let clock = 0;
    let free = true;
    let asked = 0;
    const room = roomCheck(
      async () => {
        asked++;
        if (!free) throw new NoRoomError(12);
      },
      () => clock,
    );
    await room.ask();
    clock += ROOM_FRESH_MS - 1;
    await room.get();
    expect(asked).toBe(1);
    clock += 1;
    await room.get();
    expect(asked).toBe(2);

    free = false;
    await expect(room.ask()).rejects.toBeInstanceOf(NoRoomError);
    // The user made room: the next Generate asks the browser again at once.
    free = true;
    await expect(room.get()).resolves.toBeUndefined();
    expect(asked).toBe(4);
  });
});
