import { isEndpoint } from '../keys/endpoints';
import { getEndpoints } from '../keys/endpoint-store';
import { replacementNote, replacementOf } from '../providers/choice';
import type { MessageKey } from '../platform/i18n';
import { legacyOpenAIParams } from '../providers/legacy';
import { sanitizeParams } from '../providers/params';
import { isServiceId, provider } from '../providers/registry';
import type { ServiceId } from '../providers/types';
import { autoDownload, downloadSettings, imageDefaults, modelChoice, modelLists } from '../platform/storage';

/**
 * Settings as a JSON file, to move them to another browser. API keys are never part of it: they
 * are not settings, and a file in the Downloads folder is exactly where they must not end up.
 */
export const SETTINGS_FORMAT = 'pictor-settings';
/** The version written; 1 (OpenAI's options alone, in Pictor's own names) is still read. */
export const SETTINGS_VERSION = 2;
const READABLE_VERSIONS: readonly unknown[] = [1, 2];

export type SettingName = 'modelChoice' | 'imageDefaults' | 'downloadSettings' | 'autoDownload' | 'serviceEndpoints';

export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/**
 * Each setting's exact shape: the value rebuilt from the fields it has (anything else in it is
 * dropped, never stored verbatim), or undefined when it is not a valid value of that setting.
 */
const SANITIZERS: Record<SettingName, (v: unknown) => unknown> = {
  // A model the provider shut down since the file was written comes in as its replacement (importSettings).
  modelChoice: (v) => (isRecord(v) && isServiceId(v.provider) && isText(v.model, 100) && v.model.trim() !== '' ? { provider: v.provider, model: v.model } : undefined),
  // Each provider's parameters, every value one that some model of that provider takes (its schema).
  imageDefaults: (v) => {
    if (!isRecord(v)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [id, params] of Object.entries(v)) {
      const clean = isServiceId(id) ? sanitizeParams(provider(id).models, params) : undefined;
      if (!clean) return undefined;
      out[id] = clean;
    }
    return out;
  },
  downloadSettings: (v) =>
    isRecord(v) && isText(v.folder, 200) && isText(v.template, 200) && v.template.trim() !== '' ? { folder: v.folder, template: v.template } : undefined,
  autoDownload: (v) => (typeof v === 'boolean' ? v : undefined),
  // Read to refuse a file that carries credentials or a query in a base URL; never written (below).
  serviceEndpoints: (v) =>
    isRecord(v) && Object.entries(v).every(([k, url]) => isServiceId(k) && isText(url, 500) && isEndpoint(url)) ? { ...v } : undefined,
};

/** What this file needs of a storage item; values are sanitized before they are set. */
interface Item {
  getValue(): Promise<unknown>;
  setValue(value: never): Promise<void>;
}

const ITEMS: Record<Exclude<SettingName, 'serviceEndpoints'>, Item> = { modelChoice, imageDefaults, downloadSettings, autoDownload };
const NAMES = Object.keys(SANITIZERS) as SettingName[];

export interface ExportedSettings {
  text: string;
  /** Services whose base URL was left out of the file: it holds a user name, password, query or fragment. */
  omitted: ServiceId[];
}

export async function exportSettings(): Promise<ExportedSettings> {
  const settings: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(ITEMS)) settings[name] = await item.getValue();
  // A base URL with `user:pass@` carries a secret, and a file in Downloads must hold none.
  const endpoints: Record<string, string> = {};
  const omitted: ServiceId[] = [];
  for (const [id, url] of Object.entries(await getEndpoints()) as [ServiceId, string][]) {
    if (isEndpoint(url)) endpoints[id] = url;
    else omitted.push(id);
  }
  settings.serviceEndpoints = endpoints;
  return { text: JSON.stringify({ format: SETTINGS_FORMAT, version: SETTINGS_VERSION, settings }, null, 2), omitted };
}

/**
 * Validates the whole file before changing anything; returns the settings whose value changed.
 * `onNote` hears what was adapted on the way in (a model shut down since, and its replacement).
 */
export async function importSettings(text: string, onNote?: (note: { key: MessageKey; subs: string[] }) => void, now = Date.now()): Promise<SettingName[]> {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw new SettingsFileError('not JSON');
  }
  if (!isRecord(file) || file.format !== SETTINGS_FORMAT) throw new SettingsFileError('not a Pictor settings file');
  if (!READABLE_VERSIONS.includes(file.version)) throw new SettingsFileError(`unknown version ${String(file.version)}`);
  if (!isRecord(file.settings)) throw new SettingsFileError('no settings in it');
  const incoming = { ...file.settings };
  // Version 1 held OpenAI's options alone; those only shut-down models took (input fidelity) are left out.
  if (file.version === 1 && 'imageDefaults' in incoming) incoming.imageDefaults = { openai: legacyOpenAIParams(incoming.imageDefaults, provider('openai').models) };
  const clean = new Map<SettingName, unknown>();
  for (const [name, value] of Object.entries(incoming)) {
    if (!NAMES.includes(name as SettingName)) throw new SettingsFileError(`unknown setting “${name}”`);
    let sanitized = SANITIZERS[name as SettingName](value);
    if (sanitized === undefined) throw new SettingsFileError(`invalid value for “${name}”`);
    if (name === 'modelChoice') {
      // Shut down by the catalog's list or by this browser's last read of the key's model list.
      const choice = sanitized as { provider: ServiceId; model: string };
      const replaced = replacementOf(choice.provider, choice.model, (await modelLists.getValue())[choice.provider], now);
      if (replaced) {
        sanitized = { provider: choice.provider, model: replaced.to };
        onNote?.(replacementNote(replaced));
      }
    }
    clean.set(name as SettingName, sanitized);
  }
  const changed: SettingName[] = [];
  for (const [name, item] of Object.entries(ITEMS) as [SettingName, Item][]) {
    // A base URL receives an API key: it is set only by hand in Settings, where its origin is asked
    // for, never by a file someone may have handed the user (it is not in ITEMS).
    if (!clean.has(name)) continue;
    const value = clean.get(name);
    if (JSON.stringify(await item.getValue()) === JSON.stringify(value)) continue;
    await item.setValue(value as never);
    changed.push(name);
  }
  return changed;
}
