import { imageCount, parseSize } from './params';
import type { ModelDef, Params, Usage } from './types';

const BASE_PIXELS = 1024 * 1024;

/**
 * What a request costs by the model's price rule (catalog data), in US dollars. Per image: the
 * price found by the rule's parameter (or its fallback value), scaled by the pixels of a size
 * against 1024² where the rule says so, times the images made. Per call: the price once.
 * Undefined when the catalog has no price for the model. Values the schema does not know never
 * index the table (an unknown value takes the fallback), so a provider's string cannot yield NaN.
 */
export function estimateCost(model: ModelDef | undefined, params: Params, count = imageCount(params)): number | undefined {
  const rule = model?.price;
  if (!rule) return undefined;
  let price = rule.base;
  if (rule.by) {
    const value = params[rule.by.param];
    const key = typeof value === 'string' && Object.hasOwn(rule.by.prices, value) ? value : rule.by.fallback;
    price = Object.hasOwn(rule.by.prices, key) ? rule.by.prices[key] : price;
  }
  if (price === undefined || !Number.isFinite(price)) return undefined;
  if (rule.unit === 'call') return price;
  const size = rule.scaleByPixelsOf ? params[rule.scaleByPixelsOf] : undefined;
  const parsed = typeof size === 'string' ? parseSize(size) : undefined;
  const scale = parsed && parsed.width > 0 && parsed.height > 0 ? (parsed.width * parsed.height) / BASE_PIXELS : 1;
  return price * scale * count;
}

/**
 * What a finished request cost from the tokens its answer counted, at the model's token prices;
 * undefined when the catalog has no token prices for it or the answer counted nothing (the caller
 * then keeps the estimate). Input tokens the answer does not split by kind are priced as text, the
 * lower rate: the figure never claims more than was billed for them.
 */
export function costFromUsage(model: ModelDef | undefined, usage: Usage | undefined): number | undefined {
  const rates = model?.price?.perMillionTokens;
  const tokens = (value: number | undefined) => (value !== undefined && Number.isFinite(value) && value > 0 ? value : 0);
  if (!rates || !usage || usage.outputTokens === undefined || !Number.isFinite(usage.outputTokens)) return undefined;
  const image = tokens(usage.inputImageTokens);
  const text = usage.inputTextTokens !== undefined ? tokens(usage.inputTextTokens) : Math.max(0, tokens(usage.inputTokens) - image);
  return (text * rates.textInput + image * rates.imageInput + tokens(usage.outputTokens) * rates.output) / 1_000_000;
}

export function formatUsd(amount: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: amount < 0.1 ? 3 : 2,
  }).format(amount);
}
