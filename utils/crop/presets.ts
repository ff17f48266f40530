import { findModel } from '../providers/registry';
import type { ModelChoice } from '../storage';

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
