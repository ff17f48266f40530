import { t } from '../platform/i18n';

/** Where an image added as a reference came from, as the row says it. */
export function referenceOrigin(from: string): string {
  if (from === 'pasted') return t('referenceFromPasted');
  if (from === 'dropped') return t('referenceFromDropped');
  if (from === 'result') return t('referenceFromResult');
  return URL.canParse(from) ? URL.parse(from)?.host || from : from;
}
