import { browser } from 'wxt/browser';
import { getEndpoints } from './endpoint-store';
import { t, type MessageKey } from '../platform/i18n';
import { keyNotes, savedHints } from './key-hints';
import { cardState, recheckKey, removeKey, saveBaseUrl, saveKey, type CardState } from './key-settings';
import { testKey } from './key-test';
import { serviceLabel } from '../providers/registry';
import { keyChecks } from '../platform/storage';
import { createVault, SECRET_NAMES, VaultLockedError, type SecretName } from './vault';

const blank = <T>(value: T) => Object.fromEntries(SECRET_NAMES.map((s) => [s, value])) as Record<SecretName, T>;

const OUTCOME_ERROR = { invalid: 'keyTestInvalid', network: 'keyTestNetwork', error: 'keyTestError' } as const;

const failure = (err: unknown) => (err instanceof VaultLockedError ? t('errorLocked') : t('optionsFailed', err instanceof Error ? err.message : String(err)));

/**
 * The key cards of Settings and of the welcome page: what each says, and what its buttons do, as
 * sentences for the card (null when all went well). Follows a lock or unlock made elsewhere.
 */
export class KeyCards {
  states = $state(blank<CardState>({ kind: 'none' }));
  bases = $state(blank(''));
  notes = $state<Partial<Record<SecretName, MessageKey>>>({});
  private vault = createVault();

  async refresh(): Promise<void> {
    const checks = await keyChecks.getValue();
    const locked = (await this.vault.status()) === 'locked';
    // Nothing is decrypted to show the cards (utils/keys/key-hints.ts).
    const hints = await savedHints(this.vault);
    for (const s of SECRET_NAMES) {
      const saved = await this.vault.has(s);
      this.states[s] = cardState(saved ? (hints[s]?.ending ?? '') : undefined, locked && saved, checks[s]);
    }
    this.notes = keyNotes(hints);
    const endpoints = await getEndpoints();
    for (const s of SECRET_NAMES) this.bases[s] = endpoints[s] ?? '';
  }

  /** Starts following changes; returns the way to stop. */
  follow(): () => void {
    // Only a lock or an unlock counts: reading a key refreshes the unlock's last use, which is a
    // change too, and following that would read again, for ever.
    const onChanged = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => {
      const unlock = area === 'session' ? changes.vaultUnlock : undefined;
      if ((unlock && !unlock.oldValue !== !unlock.newValue) || (area === 'local' && 'keyChecks' in changes)) void this.refresh();
    };
    void this.refresh();
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }

  async save(service: SecretName, key: string): Promise<string | null> {
    try {
      const result = await saveKey(service, key, { vault: this.vault });
      await this.refresh();
      return result.saved ? null : t('keySaveRejected', serviceLabel(service));
    } catch (err) {
      return failure(err);
    }
  }

  /** Tries the key being typed, else asks again about the saved one (and remembers that answer). */
  async test(service: SecretName, typed: string): Promise<string | null> {
    const name = serviceLabel(service);
    try {
      const draft = typed.trim();
      const key = draft || (await this.vault.read(service));
      if (!key) return t('keyTestNoKey', name);
      const result = draft ? await testKey(service, draft, this.bases[service] || undefined) : await recheckKey(service, key, { vault: this.vault });
      await this.refresh();
      if (result.endpointRefused) return t('keyTestNoEndpointAccess', name);
      const problem = result.outcome in OUTCOME_ERROR ? OUTCOME_ERROR[result.outcome as keyof typeof OUTCOME_ERROR] : null;
      return problem ? t(problem, [name, String(result.status ?? '')]) : null;
    } catch (err) {
      return failure(err);
    }
  }

  async remove(service: SecretName): Promise<void> {
    await removeKey(service, { vault: this.vault });
    await this.refresh();
  }

  /** Must be called straight from the click: it asks for the origin before anything is awaited. */
  async saveBase(service: SecretName, url: string): Promise<string | null> {
    const outcome = await saveBaseUrl(service, url);
    if (outcome === 'invalid') return t('optionsBaseUrlRules');
    if (outcome === 'denied') return t('optionsBaseUrlDenied', url);
    await this.refresh();
    return null;
  }
}
