import { beforeEach } from 'vitest';
import { Blob as NodeBlob } from 'node:buffer';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { IDBFactory } from 'fake-indexeddb';

// happy-dom's Blob does not survive structuredClone into fake-indexeddb; Node's does, as a
// browser's Blob survives IndexedDB.
globalThis.Blob = NodeBlob as unknown as typeof Blob;

// Every test starts from an empty browser: storage, and IndexedDB (vault and job store).
beforeEach(() => {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
});
