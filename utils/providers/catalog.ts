import type { ModelCapabilities, ProviderId, ServiceId } from './types';

/**
 * Models, sizes and prices as data: they change every few months, so they live here and nowhere else.
 * Prices are US dollars per output image at 1024x1024 (PROVIDERS.md, snapshot 2026-11).
 */
export interface CatalogModel {
  provider: ProviderId;
  id: string;
  label: string;
  capabilities: ModelCapabilities;
  pricePerImage?: Record<string, number>;
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
};

export const CATALOG: readonly CatalogModel[] = [
  {
    provider: 'openai',
    id: 'gpt-image-2',
    label: 'GPT Image 2',
    capabilities: GPT_IMAGE,
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
    capabilities: GPT_IMAGE,
    pricePerImage: { low: 0.005, medium: 0.011, high: 0.036 },
    retiresOn: '2026-12-01',
  },
];

export const SERVICE_LABELS: Record<ServiceId, string> = {
  openai: 'OpenAI',
  google: 'Google',
  ideogram: 'Ideogram',
  photoroom: 'PhotoRoom',
};

export function modelsFor(provider: ProviderId): CatalogModel[] {
  return CATALOG.filter((m) => m.provider === provider);
}

export function findModel(provider: ProviderId, id: string): CatalogModel | undefined {
  return CATALOG.find((m) => m.provider === provider && m.id === id);
}

export const DEFAULT_MODEL = { provider: 'openai', id: 'gpt-image-2' } as const;
