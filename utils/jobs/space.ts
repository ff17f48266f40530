/**
 * Room on the device for what a job will store. Results arrive minutes after the money is spent,
 * so a job is not started when the browser says there is too little room to keep them; and the
 * browser is asked once to keep Pictor's storage when it runs short of space (persist()).
 */

/** Room a job needs at least: its source, a few full-size results, previews and thumbnails. */
export const ROOM_NEEDED_BYTES = 100 * 1024 * 1024;

export type StorageManagerLike = Pick<StorageManager, 'estimate'> & Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

/** Megabytes free, when the browser can tell; undefined when it cannot (then nothing is refused). */
export async function freeBytes(storage: StorageManagerLike | undefined): Promise<number | undefined> {
  const estimate = await storage?.estimate().catch(() => undefined);
  if (!estimate || estimate.quota === undefined || estimate.usage === undefined) return undefined;
  return Math.max(0, estimate.quota - estimate.usage);
}

/** Asks once that the browser not evict Pictor's storage under pressure (it may say no). */
export async function askToPersist(storage: StorageManagerLike | undefined): Promise<void> {
  if (!storage?.persist || (await storage.persisted?.().catch(() => false))) return;
  await storage.persist().catch(() => false);
}

export class NoRoomError extends Error {
  override name = 'NoRoomError';
  constructor(readonly freeMB: number) {
    super(`only ${freeMB} MB free`);
  }
}

/**
 * Throws NoRoomError when the device is short of room for a job's results. Persistence is asked
 * for without waiting: Firefox may answer it with a prompt, and a job must not wait on that (its
 * extension storage is persistent already, so it is not asked there).
 */
export async function ensureRoom(storage: StorageManagerLike | undefined = globalThis.navigator?.storage, ask = !import.meta.env.FIREFOX): Promise<void> {
  if (ask) void askToPersist(storage);
  const free = await freeBytes(storage);
  if (free !== undefined && free < ROOM_NEEDED_BYTES) throw new NoRoomError(Math.floor(free / (1024 * 1024)));
}
