import { browser, type Browser } from 'wxt/browser';
import { t } from '../platform/i18n';

/**
 * A download counts only once the browser says it completed: `downloads.download` resolves when a
 * download starts, and one that starts can still fail (a full disk, a folder it may not write to,
 * the user canceling it). Until then a result is not "saved", and retention keeps it
 * (utils/jobs/retention.ts). States and reasons: developer.chrome.com/docs/extensions/reference/api/downloads
 * (State, InterruptReason, onChanged) and MDN's downloads.onChanged / InterruptReason, the same in Firefox.
 */
type Downloads = Pick<typeof browser.downloads, 'search' | 'onChanged'>;

export class DownloadInterrupted extends Error {
  override name = 'DownloadInterrupted';
  /** The browser's reason in words ("the disk is full"). */
  readonly words: string;
  constructor(readonly reason: string) {
    const words = reasonText(reason);
    super(t('downloadInterrupted', words));
    this.words = words;
  }
}

/** The browser's reason in words a user can act on. */
function reasonText(reason: string): string {
  if (reason === 'FILE_NO_SPACE') return t('downloadReasonNoSpace');
  if (reason === 'USER_CANCELED') return t('downloadReasonCanceled');
  if (['FILE_FAILED', 'FILE_ACCESS_DENIED', 'FILE_BLOCKED', 'FILE_SECURITY_CHECK_FAILED'].includes(reason)) return t('downloadReasonRefused');
  if (reason === 'FILE_NAME_TOO_LONG') return t('downloadReasonLongName');
  return t('downloadReasonOther', reason || '?');
}

/** Resolves when download `id` completes; rejects with DownloadInterrupted when it fails. */
export function downloadFinished(id: number, downloads: Downloads = browser.downloads): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (state: string | undefined, error: string | undefined) => {
      if (state === 'complete') done(() => resolve());
      else if (state === 'interrupted') done(() => reject(new DownloadInterrupted(error ?? '')));
    };
    const onChanged = (delta: Browser.downloads.DownloadDelta) => {
      if (delta.id === id) settle(delta.state?.current, delta.error?.current);
    };
    const done = (then: () => void) => {
      downloads.onChanged.removeListener(onChanged);
      then();
    };
    // Listening first, then asking: a download that ended in between is seen by the search.
    downloads.onChanged.addListener(onChanged);
    downloads
      .search({ id })
      .then(([item]) => settle(item?.state, item?.error))
      .catch((error: unknown) => done(() => reject(error instanceof Error ? error : new Error(String(error)))));
  });
}
