import { browser } from 'wxt/browser';
import { t } from '../platform/i18n';
import { readPendingCrop } from '../crop/pending';
import { cropStore, wholeImageCrop, type CropRecord, type InputLinks } from '../crop/store';
import type { CropReply } from '../crop/messages';
import type { CropMask } from '../image/mask-paint';
import type { Component } from 'svelte';
import type { ReferenceRowProps, ReferencesState } from './references-state.svelte';

/** The crop waiting in the popup (see utils/crop/store.ts). */
export type PopupSource = CropRecord;

/**
 * The image the popup works on: the stored crop (or a result made the next input), whether it is
 * still being cut, and what went wrong with it. Part of the popup's first screen.
 */
export class SourceState {
  // Raw: a source is replaced whole, never changed in place, and goes to IndexedDB with each job
  // (a deep $state proxy around its `original` cannot be structured-cloned).
  #source = $state.raw<PopupSource | null>(null);
  loading = $state(false);
  /** The crop is still being cut: the popup opened as Enter was pressed. */
  cutting = $state(false);
  error = $state<string | null>(null);
  /** The crop that "Use as input" replaced, for Undo. */
  replaced = $state.raw<PopupSource | null>(null);

  /** Images sent after this one (utils/crop/references.ts), once loaded (popup-parts.ts startReferences). */
  references = $state.raw<ReferencesState | null>(null);
  /** Their row (components/popup/ReferenceRow.svelte), loaded with them. */
  referenceRow = $state.raw<Component<ReferenceRowProps> | null>(null);

  /** `changed` hears whether there is an image (the composer offers edits, or generation). */
  constructor(private readonly changed: (hasSource: boolean) => void) {}

  /** The image to work on. */
  get source(): PopupSource | null {
    return this.#source;
  }
  set source(value: PopupSource | null) {
    this.#source = value;
    this.changed(value !== null);
  }

  /**
   * The crop was cut and stored before the popup opened: showing it is one IndexedDB read. Or it is
   * still being cut (the popup opened as Enter was pressed, utils/crop/pending.ts): the popup says so
   * until it is stored, or says why it failed.
   */
  async load(): Promise<void> {
    this.loading = true;
    try {
      const [record, pending] = await Promise.all([cropStore.get(), readPendingCrop()]);
      this.source = record ?? null;
      const onItsWay = pending !== null && pending.at > (record?.at ?? 0);
      this.cutting = onItsWay && !pending.error;
      if (onItsWay && pending.error) this.error = pending.error;
    } finally {
      this.loading = false;
    }
  }

  /**
   * The stored crop changed: a new crop is loaded (true); the crop shown, stored again with its
   * original, keeps the image shown and the mask painted here, which may be unstored yet (false).
   */
  async reload(): Promise<boolean> {
    const record = await cropStore.get();
    if (!record || !this.#source || record.at !== this.#source.at) return this.load().then(() => true);
    this.source = { ...record, blob: this.#source.blob, mask: this.#source.mask };
    return false;
  }

  async clear(): Promise<void> {
    this.source = null;
    this.error = null;
    // Its references go with it: they were for this image.
    await cropStore.clear();
    await this.references?.load();
  }

  /** Back to the overlay on the page the crop came from (`ask` sends `recrop`); the popup closes to show it. */
  async recrop(ask: () => Promise<CropReply>): Promise<void> {
    this.error = null;
    const reply = await ask();
    if (reply.ok) window.close();
    else this.error = reply.message;
  }

  /**
   * Asks for access to the image's site (an optional host permission, from this click's user
   * gesture). The background then cuts the same selection from the original file and tells us.
   */
  async grantAccess(pattern: string): Promise<void> {
    this.error = null;
    const granted = await browser.permissions.request({ origins: [pattern] }).catch(() => false);
    if (!granted) this.error = t('popupGrantDenied');
  }

  /** The painted area (undefined: the whole crop), kept with the crop so closing the popup loses nothing. */
  async setMask(mask: CropMask | undefined): Promise<void> {
    if (!this.#source) return;
    this.#source = { ...this.#source, mask };
    // Only the mask is written: an original the background added meanwhile stays.
    await cropStore.patch(this.#source.at, { mask });
  }

  /** Makes a result the image to edit next, to iterate on it. */
  async useAsInput(blob: Blob, width: number, height: number, links?: InputLinks): Promise<void> {
    const record = wholeImageCrop(blob, width, height, links);
    // Stored like a crop, so it is still the image to edit after the popup closes.
    const replaced = this.source;
    await cropStore.set(record);
    this.replaced = replaced;
    this.source = record;
    this.error = null;
  }

  /** Puts back the crop that "Use as input" replaced. */
  async undoUseAsInput(): Promise<void> {
    const previous = this.replaced;
    if (!previous) return;
    await cropStore.set(previous);
    this.source = previous;
    this.replaced = null;
  }
}
