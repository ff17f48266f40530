import { browser } from 'wxt/browser';
import type messages from '../../assets/public/_locales/en/messages.json';

/** Every user-visible string has a key in _locales/en/messages.json; this type keeps calls honest. */
export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** A message built from data (e.g. a parameter value's label), or undefined where messages.json has none. */
export function tOptional(key: string): string | undefined {
  return (browser.i18n.getMessage as (name: string) => string)(key) || undefined;
}
