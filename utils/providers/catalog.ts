import type { ModelCapabilities, ProviderId, ServiceId } from './types';

/**
 * Models, sizes, prices and links as data: they change every few months, so they live here and
 * nowhere else. Prices are US dollars per output image at 1024x1024 by quality (PROVIDERS.md,
 * snapshot 2026-11); input tokens are billed on top.
 */
export interface CatalogModel {
  provider: ProviderId;
  id: string;
  label: string;
  capabilities: ModelCapabilities;
  pricePerImage?: Partial<Record<string, number>>;
  /** Shown next to the model when the provider has announced its shutdown. */
  retiresOn?: string;
}

const GPT_IMAGE: ModelCapabilities = {
  edit: true,
  generate: true,
  mask: true,
  maxImages: 10,
  sizes: ['auto', '1024x1024', '1536x1024', '1024x1536'],
  qualities: ['auto', 'low', 'medium', 'high'],
  transparentBackground: true,
  outputFormats: ['png', 'jpeg', 'webp'],
  streaming: true,
  inputFidelity: true,
  compression: true,
};

export const CATALOG: readonly CatalogModel[] = [
  {
    provider: 'openai',
    id: 'gpt-image-2',
    label: 'GPT Image 2',
    capabilities: {
      ...GPT_IMAGE,
      // Sources disagree on transparent backgrounds for gpt-image-2: not offered until confirmed.
      transparentBackground: false,
      // OpenAI: "omit input_fidelity for gpt-image-2".
      inputFidelity: false,
      customSize: { multipleOf: 16, maxSide: 3840, minPixels: 655_360, maxPixels: 8_294_400, maxRatio: 3 },
    },
    pricePerImage: { low: 0.006, medium: 0.053, high: 0.211 },
  },
  {
    provider: 'openai',
    id: 'gpt-image-1',
    label: 'GPT Image 1',
    capabilities: GPT_IMAGE,
    pricePerImage: { low: 0.011, medium: 0.042, high: 0.167 },
  },
  {
    provider: 'openai',
    id: 'gpt-image-1.5',
    label: 'GPT Image 1.5',
    capabilities: GPT_IMAGE,
    pricePerImage: { low: 0.009, medium: 0.034, high: 0.133 },
    retiresOn: '2026-12-01',
  },
  {
    provider: 'openai',
    id: 'gpt-image-1-mini',
    label: 'GPT Image 1 mini',
    capabilities: { ...GPT_IMAGE, inputFidelity: false },
    pricePerImage: { low: 0.005, medium: 0.011, high: 0.036 },
    retiresOn: '2026-12-01',
  },
];

/** What Pictor assumes of a model id the user typed: the options every GPT Image model takes. */
const CUSTOM_MODEL: Record<ProviderId, ModelCapabilities> = {
  openai: { ...GPT_IMAGE, inputFidelity: false, transparentBackground: false },
};

export const SERVICE_LABELS: Record<ServiceId, string> = {
  openai: 'OpenAI',
  google: 'Google',
  ideogram: 'Ideogram',
  photoroom: 'PhotoRoom',
};

/** Where a user fixes account problems the provider reports. */
export const SERVICE_LINKS: Partial<Record<ServiceId, { billing: string; verification?: string; keys: string }>> = {
  openai: {
    billing: 'https://platform.openai.com/settings/organization/billing/overview',
    verification: 'https://platform.openai.com/settings/organization/general',
    keys: 'https://platform.openai.com/api-keys',
  },
};

export function modelsFor(provider: ProviderId): CatalogModel[] {
  return CATALOG.filter((m) => m.provider === provider);
}

export function findModel(provider: ProviderId, id: string): CatalogModel | undefined {
  return CATALOG.find((m) => m.provider === provider && m.id === id);
}

export function capabilitiesOf(provider: ProviderId, id: string): ModelCapabilities {
  return findModel(provider, id)?.capabilities ?? CUSTOM_MODEL[provider];
}

export const DEFAULT_MODEL = { provider: 'openai', id: 'gpt-image-2' } as const;
