import { describe, expect, test } from 'vitest';
import { assertZipHasId, extPayIdFrom, ZIP_NEEDS_ID } from '../../utils/billing/build-id';

describe('the ExtensionPay id comes from the build', () => {
  test('unset or empty: billing off', () => {
    expect(extPayIdFrom({})).toBe('');
    expect(extPayIdFrom({ EXTPAY_ID: '  ' })).toBe('');
  });

  test('an id as ExtensionPay shows it is taken as it is', () => {
    expect(extPayIdFrom({ EXTPAY_ID: 'pictor-image-editor' })).toBe('pictor-image-editor');
  });

  test('anything that is not an id (it goes into URL paths) stops the build with a sentence', () => {
    for (const bad of ['../x', 'a b', 'id?x=1', 'https://extensionpay.com/extension/x']) {
      expect(() => extPayIdFrom({ EXTPAY_ID: bad })).toThrow(/is not an ExtensionPay id/);
    }
  });

  test('a store package is refused without an id, saying why', () => {
    expect(() => assertZipHasId('')).toThrow(ZIP_NEEDS_ID);
    expect(() => assertZipHasId('pictor-image-editor')).not.toThrow();
  });
});
