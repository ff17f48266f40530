import { t } from '../platform/i18n';
import { additionNotice, addReference, loadReferences, moveReference, onReferencesChanged, removeReference } from '../crop/references';
import type { JobReference } from '../jobs/types';
import type { ChosenLimits } from './composer-state.svelte';
import type { PopupSource } from './source-state.svelte';

/** What the row of images sent (components/popup/ReferenceRow.svelte) is given. */
export interface ReferenceRowProps {
  references: ReferencesState;
  source: PopupSource;
  limits: ChosenLimits;
}

/**
 * The references waiting in the popup (utils/crop/references.ts), and what adds them here: a paste
 * (Ctrl/⌘+V) of an image, a drop of a file or of an image dragged from a page.
 */
export class ReferencesState {
  list = $state.raw<JobReference[]>([]);
  /** What the last addition did, or why it failed. */
  notice = $state<string | null>(null);

  /** `cropStored`: an image added with no crop waiting became the crop; the popup shows it. */
  constructor(private readonly cropStored: () => Promise<void>) {}

  async load(): Promise<void> {
    this.list = await loadReferences();
  }

  /** Listens for changes made elsewhere (the overlay, History) and for pastes and drops on `target`; returns what stops it. */
  listen(target: Window): () => void {
    // Every change, this page's own too, is heard here: the list is read again once for each.
    const stop = onReferencesChanged((what) => void (what === 'crop' ? this.cropStored() : Promise.resolve()).then(() => this.load()));
    const paste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
      if (files.length === 0) return;
      // An image, not text: it is not typed into the prompt.
      event.preventDefault();
      void this.addAll(files, 'pasted');
    };
    const over = (event: DragEvent) => {
      if (event.dataTransfer?.types.some((type) => type === 'Files' || type === 'text/uri-list')) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      const data = event.dataTransfer;
      if (!data) return;
      const files = [...data.files].filter((f) => f.type.startsWith('image/'));
      const url = data.getData('text/uri-list').split('\n').find((line) => /^https?:/.test(line.trim()))?.trim();
      // Anything else (text dropped into the prompt) goes where the browser puts it.
      if (!files.length && !url) return;
      event.preventDefault();
      if (files.length) void this.addAll(files, 'dropped');
      else if (url) void this.addUrl(url);
    };
    target.addEventListener('paste', paste);
    target.addEventListener('dragover', over);
    target.addEventListener('drop', drop);
    return () => {
      stop();
      target.removeEventListener('paste', paste);
      target.removeEventListener('dragover', over);
      target.removeEventListener('drop', drop);
    };
  }

  async addAll(files: Blob[], from: string): Promise<void> {
    for (const file of files) await this.add(file, from);
  }

  async add(file: Blob, from: string): Promise<void> {
    const { readImage, imageProblem } = await import('../crop/read-image');
    try {
      const image = await readImage(file);
      this.notice = additionNotice(await addReference({ ...image, from }), (position) => t('referenceAdded', String(position)));
    } catch (err) {
      const problem = imageProblem(err);
      if (problem) this.notice = t('referenceUnreadable', problem);
      else this.notice = t('referenceNotAdded', err instanceof Error && err.message ? err.message : t('errorCropUnreadable'));
    }
  }

  /** An image dragged from a page: its file is read from its site, which works where Pictor may read that site. */
  async addUrl(url: string): Promise<void> {
    try {
      // Bounded in bytes and time, as every file Pictor reads from a site.
      const { fetchBounded } = await import('../image/bounded-fetch');
      await this.add(await fetchBounded(fetch, url, { credentials: 'omit' }), url);
    } catch {
      this.notice = t('referenceDropUnreadable');
    }
  }

  remove(index: number): Promise<void> {
    return removeReference(index);
  }

  move(index: number, by: -1 | 1): Promise<void> {
    return moveReference(index, by);
  }
}
