import { promisifyRequest, type UseStore } from 'idb-keyval';

/** How vault.ts lays out its records, and the one-time move from format 1 to format 2. */

export interface Sealed {
  /** 1: no additional data (before records were bound to their names); 2: the record's name as additional data. */
  v: 1 | 2;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

/** Present only while a passphrase lock is on. `check` is a known text sealed with the derived key. */
export interface LockRecord {
  v: 1;
  salt: Uint8Array<ArrayBuffer>;
  iterations: number;
  idleMinutes: number;
  check: Sealed;
}

export const LOCK = 'lock';
/** Present (value 2) once every record is bound to its name; from then on format 1 is refused. */
export const FORMAT = 'format';

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Replaces format-1 records (secrets, and the lock's check text) with their re-sealed versions in
 * one transaction, each only if the stored record is still the very one that was decrypted (same
 * IV): a key saved or removed meanwhile, or a passphrase change, wins. FORMAT is set when no
 * format-1 secret is left. Callbacks, not awaits, inside: a transaction commits as soon as it has
 * no pending request at the end of a task.
 */
export async function replaceLegacy(store: UseStore, replacements: Map<string, { was: Sealed; now: Sealed }>): Promise<void> {
  await store('readwrite', (objects) => {
    const done = promisifyRequest(objects.transaction);
    const cursor = objects.openCursor();
    let legacyLeft = false;
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) {
        if (!legacyLeft) objects.put(2, FORMAT);
        return;
      }
      // Every key the vault writes is a string; any other key is no record of ours.
      const key = typeof c.key === 'string' ? c.key : '';
      const swap = replacements.get(key);
      if (key === LOCK) {
        const lock = c.value as LockRecord;
        if (swap && lock.check.v === 1 && sameBytes(lock.check.iv, swap.was.iv)) c.update({ ...lock, check: swap.now });
      } else if (key.startsWith('secret:') && (c.value as Sealed | undefined)?.v === 1) {
        if (swap && sameBytes((c.value as Sealed).iv, swap.was.iv)) c.update(swap.now);
        else legacyLeft = true;
      }
      c.continue();
    };
    return done;
  });
}
