import { describe, expect, test } from 'vitest';
import { checkEndpoints } from '../../utils/endpoints';
import { exportSettings, importSettings, SettingsFileError } from '../../utils/settings-io';
import { autoDownload, downloadSettings, imageDefaults, serviceEndpoints } from '../../utils/storage';
import { createVault } from '../../utils/vault';

const KEY = 'sk-proj-export-must-never-contain-this-0123';

describe('settings file', () => {
  test('export holds every setting and never a key', async () => {
    await createVault({ iterations: 1_000 }).save('openai', KEY);
    await downloadSettings.setValue({ folder: 'Art', template: '{prompt}-{n}' });
    await autoDownload.setValue(true);
    const text = await exportSettings();
    expect(text).not.toContain(KEY);
    expect(text).not.toMatch(/secret|apiKey/i);
    const file = JSON.parse(text) as { format: string; settings: Record<string, unknown> };
    expect(file.format).toBe('pictor-settings');
    expect(file.settings).toMatchObject({ downloadSettings: { folder: 'Art', template: '{prompt}-{n}' }, autoDownload: true });
  });

  test('import round-trips and reports only what changed', async () => {
    await downloadSettings.setValue({ folder: 'Art', template: '{prompt}' });
    await imageDefaults.setValue({ openai: { size: '1024x1024', quality: 'high', n: 2 } });
    const text = await exportSettings();
    await downloadSettings.setValue({ folder: 'Other', template: '{n}' });
    expect(await importSettings(text)).toEqual(['downloadSettings']);
    expect(await downloadSettings.getValue()).toEqual({ folder: 'Art', template: '{prompt}' });
    expect(await importSettings(text)).toEqual([]);
  });

  test('an invalid file changes nothing and says why', async () => {
    await autoDownload.setValue(false);
    const file = (settings: object) => JSON.stringify({ format: 'pictor-settings', version: 1, settings });
    await expect(importSettings('not json')).rejects.toThrow(SettingsFileError);
    await expect(importSettings('{"format":"other"}')).rejects.toThrow('not a Pictor settings file');
    await expect(importSettings(file({ autoDownload: true, imageDefaults: { size: 'huge', quality: 'auto', n: 1 } }))).rejects.toThrow('invalid value for “imageDefaults”');
    await expect(importSettings(file({ autoDownload: true, apiKeys: { openai: 'sk' } }))).rejects.toThrow('unknown setting “apiKeys”');
    await expect(importSettings(file({ serviceEndpoints: { openai: 'http://evil.example/v1' } }))).rejects.toThrow('serviceEndpoints');
    // Validation happens before any write: autoDownload, valid in those files, was not set.
    expect(await autoDownload.getValue()).toBe(false);
  });

  test('parameters are checked against each provider\'s schema; a version 1 file (OpenAI options) still imports', async () => {
    const file = (version: number, settings: object) => JSON.stringify({ format: 'pictor-settings', version, settings });
    await expect(importSettings(file(2, { imageDefaults: { openai: { quality: 'ultra' } } }))).rejects.toThrow('invalid value for “imageDefaults”');
    await expect(importSettings(file(2, { imageDefaults: { openai: { rendering_speed: 'TURBO' } } }))).rejects.toThrow('invalid value for “imageDefaults”');
    await expect(importSettings(file(2, { imageDefaults: { nobody: {} } }))).rejects.toThrow('invalid value for “imageDefaults”');
    await expect(importSettings(file(3, {}))).rejects.toThrow('unknown version 3');
    expect(await importSettings(file(1, { imageDefaults: { size: '1536x1024', outputFormat: 'webp', compression: 80, inputFidelity: 'high' } }))).toEqual(['imageDefaults']);
    expect(await imageDefaults.getValue()).toEqual({ openai: { size: '1536x1024', output_format: 'webp', output_compression: 80, input_fidelity: true } });
  });

  test('an imported file never sets a base URL, which would receive a key', async () => {
    const file = (settings: object) => JSON.stringify({ format: 'pictor-settings', version: 1, settings });
    expect(await importSettings(file({ autoDownload: true, serviceEndpoints: { openai: 'https://proxy.example/v1' } }))).toEqual(['autoDownload']);
    expect(await serviceEndpoints.getValue()).toEqual({});
  });

  test('custom base URLs: https anywhere, http only on this machine; permission asked per origin', () => {
    expect(checkEndpoints(['https://proxy.example/v1', 'https://proxy.example/other', 'http://localhost:8080/v1'])).toEqual({
      ok: true,
      origins: ['https://proxy.example/*', 'http://localhost/*'],
    });
    expect(checkEndpoints(['http://proxy.example/v1'])).toEqual({ ok: false, invalid: 'http://proxy.example/v1' });
    expect(checkEndpoints(['not a url'])).toEqual({ ok: false, invalid: 'not a url' });
    expect(checkEndpoints([''])).toEqual({ ok: true, origins: [] });
  });
});
