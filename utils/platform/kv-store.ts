import { createStore, type UseStore } from 'idb-keyval';

/**
 * One idb-keyval store per database, opened on first use and kept: each open IDBDatabase lives as
 * long as its page, so a store opened per call would leave one more connection behind each time.
 * A new IndexedDB factory (each unit test gets a fresh one) opens it again.
 */
export function keyValueStore(database: string, objectStore: string): () => UseStore {
  let opened: { factory: IDBFactory; store: UseStore } | undefined;
  return () => {
    if (opened?.factory !== globalThis.indexedDB) opened = { factory: globalThis.indexedDB, store: createStore(database, objectStore) };
    return opened.store;
  };
}
