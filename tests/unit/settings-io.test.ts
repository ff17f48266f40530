import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkEndpoints } from '../../utils/keys/endpoints';
import { isOriginPattern, originPattern } from '../../utils/platform/origins';
import { exportSettings, importSettings, SettingsFileError } from '../../utils/options/settings-io';
import { getEndpoints } from '../../utils/keys/endpoint-store';
import { autoDownload, downloadSettings, imageDefaults, modelChoice } from '../../utils/platform/storage';
import { createVault } from '../../utils/keys/vault';

const KEY = 'sk-proj-export-must-never-contain-this-0123';

describe('settings file', () => {
  test('export holds every setting and never a key', async () => {
    await createVault({ iterations: 1_000 }).save('openai', KEY);
    await downloadSettings.setValue({ folder: 'Art', template: '{prompt}-{n}' });
    await autoDownload.setValue(true);
    const { text } = await exportSettings();
    expect(text).not.toContain(KEY);
    expect(text).not.toMatch(/secret|apiKey/i);
    const file = JSON.parse(text) as { format: string; settings: Record<string, unknown> };
    expect(file.format).toBe('pictor-settings');
    expect(file.settings).toMatchObject({ downloadSettings: { folder: 'Art', template: '{prompt}-{n}' }, autoDownload: true });
  });

  test('import round-trips and reports only what changed', async () => {
    await downloadSettings.setValue({ folder: 'Art', template: '{prompt}' });
    await imageDefaults.setValue({ openai: { size: '1024x1024', quality: 'high', n: 2 } });
    const { text } = await exportSettings();
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
    // Input fidelity went with the models that took it (shut down on 2026-12-01).
    expect(await imageDefaults.getValue()).toEqual({ openai: { size: '1536x1024', output_format: 'webp', output_compression: 80 } });
  });

  test('an imported file never sets a base URL, which would receive a key', async () => {
    const file = (settings: object) => JSON.stringify({ format: 'pictor-settings', version: 1, settings });
    expect(await importSettings(file({ autoDownload: true, serviceEndpoints: { openai: 'https://proxy.example/v1' } }))).toEqual(['autoDownload']);
    expect(await getEndpoints()).toEqual({});
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

  test('a base URL with credentials, a query or a fragment is refused by the check Settings uses on Save', () => {
    for (const url of ['https://user:pass@proxy.example/v1', 'https://user@proxy.example/v1', 'https://@proxy.example/v1', 'https://proxy.example/v1?key=x', 'https://proxy.example/v1?', 'https://proxy.example/v1#x', 'http://u:p@localhost:8080/v1']) {
      expect(checkEndpoints([url])).toEqual({ ok: false, invalid: url });
    }
    expect(checkEndpoints(['https://proxy.example/v1/a@b'])).toEqual({ ok: true, origins: ['https://proxy.example/*'] });
  });

  test('export leaves out a base URL with credentials or a query, and says which', async () => {
    // Saved by an older version, which accepted them (moved out of storage.local on first read).
    await fakeBrowser.storage.local.set({ serviceEndpoints: { openai: 'https://user:secret@proxy.example/v1', google: 'https://g.example/v1beta', ideogram: 'https://i.example/?t=1' } });
    const { text, omitted } = await exportSettings();
    expect(omitted.sort()).toEqual(['ideogram', 'openai']);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('t=1');
    expect((JSON.parse(text) as { settings: { serviceEndpoints: unknown } }).settings.serviceEndpoints).toEqual({ google: 'https://g.example/v1beta' });
  });

  test('import refuses a file whose base URLs carry credentials or a query', async () => {
    const file = (settings: object) => JSON.stringify({ format: 'pictor-settings', version: 2, settings });
    await expect(importSettings(file({ autoDownload: true, serviceEndpoints: { openai: 'https://u:p@proxy.example/v1' } }))).rejects.toThrow('invalid value for “serviceEndpoints”');
    await expect(importSettings(file({ autoDownload: true, serviceEndpoints: { openai: 'https://proxy.example/v1?x=1' } }))).rejects.toThrow('invalid value for “serviceEndpoints”');
    await expect(importSettings(file({ autoDownload: true, serviceEndpoints: { openai: 'https://proxy.example/v1#f' } }))).rejects.toThrow('invalid value for “serviceEndpoints”');
    expect(await autoDownload.getValue()).toBe(false);
  });

  test('unknown fields inside a setting are dropped, not stored', async () => {
    const file = JSON.stringify({
      format: 'pictor-settings',
      version: 2,
      settings: {
        modelChoice: { provider: 'google', model: 'gemini-2.5-flash-image', extra: 'x' },
        downloadSettings: { folder: 'Art', template: '{n}', script: '<img onerror=alert(1)>' },
      },
    });
    expect((await importSettings(file)).sort()).toEqual(['downloadSettings', 'modelChoice']);
    expect(await modelChoice.getValue()).toEqual({ provider: 'google', model: 'gemini-2.5-flash-image' });
    expect(await downloadSettings.getValue()).toEqual({ folder: 'Art', template: '{n}' });
  });

  test('the version must be exactly 1 or 2', async () => {
    const file = (version: unknown) => JSON.stringify({ format: 'pictor-settings', version, settings: { autoDownload: true } });
    for (const version of ['2', 0, 2.5, null, undefined, 3]) await expect(importSettings(file(version))).rejects.toThrow('unknown version');
    expect(await importSettings(file(2))).toEqual(['autoDownload']);
    expect(JSON.parse((await exportSettings()).text)).toMatchObject({ version: 2 });
  });

  test('the background answers "is this origin granted?" only for an origin pattern', () => {
    for (const url of ['https://proxy.example/v1', 'http://localhost:8080/v1', 'https://[::1]/x']) expect(isOriginPattern(originPattern(url))).toBe(true);
    for (const bad of ['<all_urls>', '*://*/*', 'https://*/*', 'https://a.example/*/b', 'https://u@a.example/*', 'https://a.example/', 42]) expect(isOriginPattern(bad)).toBe(false);
  });
});
