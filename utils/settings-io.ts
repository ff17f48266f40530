import { legacyOpenAIParams } from './providers/legacy';
import { sanitizeParams } from './providers/params';
import { isServiceId, provider } from './providers/registry';
import { autoDownload, downloadSettings, imageDefaults, modelChoice, serviceEndpoints } from './storage';

/**
 * Settings as a JSON file, to move them to another browser. API keys are never part of it: they
 * are not settings, and a file in the Downloads folder is exactly where they must not end up.
 */
export const SETTINGS_FORMAT = 'pictor-settings';

export type SettingName = 'modelChoice' | 'imageDefaults' | 'downloadSettings' | 'autoDownload' | 'serviceEndpoints';

export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

export function isEndpoint(value: string): boolean {
  if (value === '') return true;
  try {
    const url = new URL(value);
    // Plain http only to this machine (a local proxy); anything remote must be https.
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

/** Each setting's shape, checked before anything is written. */
const VALIDATORS: Record<SettingName, (v: unknown) => boolean> = {
  modelChoice: (v) => isRecord(v) && isServiceId(v.provider) && isText(v.model, 100) && v.model.trim() !== '',
  // Each provider's parameters, every value one that some model of that provider takes (its schema).
  imageDefaults: (v) =>
    isRecord(v) && Object.entries(v).every(([id, params]) => isServiceId(id) && sanitizeParams(provider(id).models, params) !== undefined),
  downloadSettings: (v) => isRecord(v) && isText(v.folder, 200) && isText(v.template, 200) && v.template.trim() !== '',
  autoDownload: (v) => typeof v === 'boolean',
  serviceEndpoints: (v) =>
    isRecord(v) && Object.entries(v).every(([k, url]) => isServiceId(k) && isText(url, 500) && isEndpoint(url)),
};

/** What this file needs of a storage item; values are validated before they are set. */
interface Item {
  getValue(): Promise<unknown>;
  setValue(value: never): Promise<void>;
}

const ITEMS: Record<SettingName, Item> = { modelChoice, imageDefaults, downloadSettings, autoDownload, serviceEndpoints };

const NAMES = Object.keys(ITEMS) as SettingName[];

export async function exportSettings(): Promise<string> {
  const settings: Record<string, unknown> = {};
  for (const name of NAMES) settings[name] = await ITEMS[name].getValue();
  return JSON.stringify({ format: SETTINGS_FORMAT, version: 2, settings }, null, 2);
}

/** Validates the whole file before changing anything; returns the settings whose value changed. */
export async function importSettings(text: string): Promise<SettingName[]> {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw new SettingsFileError('not JSON');
  }
  if (!isRecord(file) || file.format !== SETTINGS_FORMAT) throw new SettingsFileError('not a Pictor settings file');
  if (file.version !== 1 && file.version !== 2) throw new SettingsFileError(`unknown version ${String(file.version)}`);
  if (!isRecord(file.settings)) throw new SettingsFileError('no settings in it');
  const incoming = { ...file.settings };
  // Version 1 held OpenAI's options alone, in Pictor's own names.
  if (file.version === 1 && 'imageDefaults' in incoming) incoming.imageDefaults = { openai: legacyOpenAIParams(incoming.imageDefaults) };
  for (const [name, value] of Object.entries(incoming)) {
    if (!NAMES.includes(name as SettingName)) throw new SettingsFileError(`unknown setting “${name}”`);
    if (!VALIDATORS[name as SettingName](value)) throw new SettingsFileError(`invalid value for “${name}”`);
  }
  const changed: SettingName[] = [];
  for (const name of NAMES) {
    // A base URL receives an API key: it is set only by hand in Settings, where its origin is asked
    // for, never by a file someone may have handed the user.
    if (name === 'serviceEndpoints' || !(name in incoming)) continue;
    const current = await ITEMS[name].getValue();
    if (JSON.stringify(current) === JSON.stringify(incoming[name])) continue;
    await ITEMS[name].setValue(incoming[name] as never);
    changed.push(name);
  }
  return changed;
}
