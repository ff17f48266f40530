import { t } from '../platform/i18n';
import { ImageCheckError } from '../image/inspect';
import { addReference, clearReferences, loadReferences, moveReference, onReferencesChanged, readImage, removeReference } from '../crop/references';
import type { JobReference } from '../jobs/types';

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
      event.preventDefault();
      const files = [...data.files].filter((f) => f.type.startsWith('image/'));
      const url = data.getData('text/uri-list').split('\n').find((line) => /^https?:/.test(line.trim()))?.trim();
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
    try {
      const image = await readImage(file);
      const added = await addReference({ ...image, from });
      await this.load();
      this.notice = added === 'crop' ? t('referenceBecameCrop') : t('referenceAdded', String(this.list.length));
    } catch (err) {
      this.notice = t('referenceUnreadable', err instanceof ImageCheckError ? (err.problem === 'not-image' ? t('errorSourceNotImage') : t('errorImageTooLarge')) : t('errorCropUnreadable'));
    }
  }

  /** An image dragged from a page: its file is read from its site, which works where Pictor may read that site. */
  async addUrl(url: string): Promise<void> {
    try {
      const response = await fetch(url, { credentials: 'omit' });
      if (!response.ok) throw new Error(String(response.status));
      await this.add(await response.blob(), url);
    } catch {
      this.notice = t('referenceDropUnreadable');
    }
  }

  async remove(index: number): Promise<void> {
    await removeReference(index);
    await this.load();
  }

  async move(index: number, by: -1 | 1): Promise<void> {
    await moveReference(index, by);
    await this.load();
  }

  async clearAll(): Promise<void> {
    await clearReferences();
    await this.load();
  }
}
