import type { CatalogModel } from './catalog';
import { parseSize } from './options';

const BASE_PIXELS = 1024 * 1024;

/**
 * What a request costs in output images, from the catalog's per-image prices at 1024x1024,
 * scaled by pixel count for other sizes. "auto" quality is priced as medium, OpenAI's usual pick.
 * Undefined when the catalog has no price for the model.
 */
export function imageCost(model: CatalogModel | undefined, quality: string | undefined, size: string | undefined, count: number): number | undefined {
  const prices = model?.pricePerImage;
  if (!prices) return undefined;
  const perImage = prices[quality && quality in prices ? quality : 'medium'];
  if (perImage === undefined) return undefined;
  const parsed = size ? parseSize(size) : undefined;
  const scale = parsed ? (parsed.width * parsed.height) / BASE_PIXELS : 1;
  return perImage * scale * count;
}

export function formatUsd(amount: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: amount < 0.1 ? 3 : 2,
  }).format(amount);
}
