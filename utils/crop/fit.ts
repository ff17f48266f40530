import type { Size } from './geometry';

/**
 * What the chosen model makes, as far as the crop is concerned: its largest output edge and the
 * range of shapes it can return. Worked out in the background (from the catalog) and handed to the
 * overlay, which stays free of the catalog.
 */
export interface ModelFit {
  model: string;
  outputEdge: number;
  minAspect: number;
  maxAspect: number;
}

/** Enlarged more than this, a result looks soft: worth a word before the crop. */
const HEAVY_UPSCALE = 4;
/** A shape this far outside the model's range is padded or cut by the provider. */
const RATIO_SLACK = 1.1;

export type FitWarning =
  | { kind: 'upscale'; model: string; outputEdge: number }
  | { kind: 'ratio'; model: string; min: string; max: string; ratio: string };

const ratioText = (aspect: number) => (aspect >= 1 ? `${+aspect.toFixed(1)}:1` : `1:${+(1 / aspect).toFixed(1)}`);

export function fitWarnings(fit: ModelFit | undefined, sent: Size): FitWarning[] {
  if (!fit || sent.width < 1 || sent.height < 1) return [];
  const warnings: FitWarning[] = [];
  if (Math.max(sent.width, sent.height) * HEAVY_UPSCALE < fit.outputEdge) warnings.push({ kind: 'upscale', model: fit.model, outputEdge: fit.outputEdge });
  const aspect = sent.width / sent.height;
  if (aspect > fit.maxAspect * RATIO_SLACK || aspect < fit.minAspect / RATIO_SLACK) {
    warnings.push({ kind: 'ratio', model: fit.model, min: ratioText(fit.minAspect), max: ratioText(fit.maxAspect), ratio: ratioText(aspect) });
  }
  return warnings;
}
