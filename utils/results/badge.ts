import type { JobStore } from '../jobs/store';
import { toolbarAction } from '../platform/action';

/** What the toolbar badge says: "…" while a job runs, else the number of finished jobs not yet seen. */
export function badgeFor(counts: { active: number; unseen: number; unseenFailed: number }): { text: string; color: string } {
  if (counts.active > 0) return { text: '…', color: '#5b5bd6' };
  if (counts.unseen === 0) return { text: '', color: '#5b5bd6' };
  return { text: String(counts.unseen), color: counts.unseenFailed > 0 ? '#c62828' : '#2e7d32' };
}

async function applyBadge(store: JobStore): Promise<void> {
  const action = toolbarAction();
  const { text, color } = badgeFor(await store.counts());
  await action.setBadgeBackgroundColor({ color });
  await action.setBadgeText({ text });
}

let updating: Promise<void> = Promise.resolve();

/**
 * Reads two index counts, never the history itself (utils/jobs/store.ts). One update at a time, in
 * the order asked: two at once could read the counts in one order and set the text in the other,
 * leaving the older figure on the button.
 */
export function updateBadge(store: JobStore): Promise<void> {
  updating = updating.then(
    () => applyBadge(store),
    () => applyBadge(store),
  );
  return updating;
}
