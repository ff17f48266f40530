import { findModel } from '../providers/registry';
import type { ModelChoice } from '../platform/storage';
import type { ModelFit } from './fit';

/** An aspect preset in the overlay: width / height, or null for a free selection. */
export interface AspectPreset {
  label: string;
  aspect: number | null;
}

const RATIOS: readonly [number, number][] = [
  [1, 1],
  [4, 3],
  [3, 4],
  [3, 2],
  [2, 3],
  [16, 9],
  [9, 16],
];

/**
 * Free, the common ratios, then the chosen model's own output sizes (from the catalog), so a crop
 * can match exactly what the model will return.
 */
export function aspectPresets(choice: ModelChoice, freeLabel: string): AspectPreset[] {
  const presets: AspectPreset[] = [{ label: freeLabel, aspect: null }, ...RATIOS.map(([w, h]) => ({ label: `${w}:${h}`, aspect: w / h }))];
  const model = findModel(choice.provider, choice.model);
  // Sizes as "WxH" and aspect ratios as "W:H" (or Ideogram's "WxH" ratios) alike become presets.
  for (const spec of model?.params ?? []) {
    if (spec.kind !== 'size' && !(spec.kind === 'enum' && /aspect/i.test(spec.name))) continue;
    for (const value of spec.values) {
      const m = /^(\d+)[x:](\d+)$/.exec(value);
      const label = spec.kind === 'size' ? `${m?.[1]}×${m?.[2]} (${model!.label})` : `${m?.[1]}:${m?.[2]} (${model!.label})`;
      if (m && !presets.some((p) => p.label === label)) presets.push({ label, aspect: Number(m[1]) / Number(m[2]) });
    }
  }
  return presets;
}

/** Output sizes "WxH" (pixels, or Ideogram's small ratios) and aspect ratios "W:H" a model lists. */
function shapes(choice: ModelChoice): { aspects: number[]; edges: number[] } {
  const model = findModel(choice.provider, choice.model);
  const aspects: number[] = [];
  const edges: number[] = [];
  for (const spec of model?.params ?? []) {
    if (spec.kind !== 'size' && spec.kind !== 'enum') continue;
    // Any size within rules (GPT Image 2): the rules give the range.
    if (spec.kind === 'size' && spec.custom) {
      aspects.push(spec.custom.maxRatio, 1 / spec.custom.maxRatio);
    }
    for (const value of spec.values) {
      // Gemini's "1K", "2K", "4K".
      const k = /^(\d)K$/.exec(value);
      if (k) edges.push(Number(k[1]) * 1024);
      const m = /^(\d+)[x:](\d+)$/.exec(value);
      if (!m) continue;
      const [w, h] = [Number(m[1]), Number(m[2])];
      aspects.push(w / h);
      if (w >= 256 && h >= 256) edges.push(Math.max(w, h));
    }
  }
  return { aspects, edges };
}

/** What the overlay checks a selection against (utils/crop/fit.ts); undefined for a model the catalog does not describe. */
export function modelFit(choice: ModelChoice): ModelFit | undefined {
  const model = findModel(choice.provider, choice.model);
  if (!model) return undefined;
  const { aspects, edges } = shapes(choice);
  return {
    model: model.label,
    // The smallest image it makes: even that enlarges a tiny crop. About a megapixel when unsaid.
    outputEdge: edges.length ? Math.min(...edges) : 1024,
    minAspect: aspects.length ? Math.min(...aspects) : 1 / 3,
    maxAspect: aspects.length ? Math.max(...aspects) : 3,
  };
}
