import type { MessageKey } from '../i18n';
import type { ImageOptions, ModelCapabilities, SizeRules } from './types';

/** A reason the chosen options can't be sent, as a sentence key and its substitutions. */
export interface OptionProblem {
  key: MessageKey;
  subs?: string[];
}

export function parseSize(size: string): { width: number; height: number } | undefined {
  const m = /^(\d{1,5})x(\d{1,5})$/.exec(size.trim());
  return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
}

/** Checks a custom WxH against a model's rules (gpt-image-2: PROVIDERS.md). */
export function checkCustomSize(size: string, rules: SizeRules): OptionProblem | undefined {
  const parsed = parseSize(size);
  if (!parsed || parsed.width === 0 || parsed.height === 0) return { key: 'optionSizeFormat' };
  const { width, height } = parsed;
  if (width % rules.multipleOf || height % rules.multipleOf) return { key: 'optionSizeMultiple', subs: [String(rules.multipleOf)] };
  if (Math.max(width, height) > rules.maxSide) return { key: 'optionSizeSide', subs: [String(rules.maxSide)] };
  if (Math.max(width, height) / Math.min(width, height) > rules.maxRatio) return { key: 'optionSizeRatio', subs: [String(rules.maxRatio)] };
  const pixels = width * height;
  if (pixels < rules.minPixels || pixels > rules.maxPixels) {
    return { key: 'optionSizePixels', subs: [rules.minPixels.toLocaleString('en-US'), rules.maxPixels.toLocaleString('en-US')] };
  }
  return undefined;
}

/** Everything wrong with these options for this model, before anything is sent. */
export function validateOptions(caps: ModelCapabilities, options: ImageOptions, hasSource: boolean): OptionProblem[] {
  const problems: OptionProblem[] = [];
  if (hasSource && !caps.edit) problems.push({ key: 'optionNoEdit' });
  if (!hasSource && !caps.generate) problems.push({ key: 'optionNoGenerate' });
  if (options.size && !caps.sizes.includes(options.size)) {
    const problem = caps.customSize ? checkCustomSize(options.size, caps.customSize) : { key: 'optionSizeFormat' as const };
    if (problem) problems.push(problem);
  }
  const n = options.n ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > caps.maxImages) problems.push({ key: 'optionCount', subs: [String(caps.maxImages)] });
  if (options.background === 'transparent' && options.outputFormat === 'jpeg') problems.push({ key: 'optionTransparentJpeg' });
  if (options.compression !== undefined && (options.compression < 0 || options.compression > 100)) problems.push({ key: 'optionCompression' });
  return problems;
}

/**
 * Only what this model takes, so that a request never carries an option the model rejects
 * (for example input_fidelity to gpt-image-2, or compression with PNG output).
 */
export function optionsForModel(caps: ModelCapabilities, options: ImageOptions, hasSource: boolean): ImageOptions {
  const out: ImageOptions = {};
  if (options.size && options.size !== 'auto') out.size = options.size;
  if (options.quality && options.quality !== 'auto' && caps.qualities.includes(options.quality)) out.quality = options.quality;
  if (options.n && options.n > 1) out.n = Math.min(options.n, caps.maxImages);
  if (options.outputFormat && caps.outputFormats.includes(options.outputFormat)) out.outputFormat = options.outputFormat;
  const lossy = out.outputFormat === 'jpeg' || out.outputFormat === 'webp';
  if (caps.compression && lossy && options.compression !== undefined) out.compression = options.compression;
  if (options.background === 'opaque' || (options.background === 'transparent' && caps.transparentBackground)) out.background = options.background;
  if (hasSource && caps.inputFidelity && options.inputFidelity) out.inputFidelity = options.inputFidelity;
  return out;
}
