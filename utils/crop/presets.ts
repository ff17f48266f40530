import { findModel } from '../providers/catalog';
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
  for (const size of model?.capabilities.sizes ?? []) {
    const m = /^(\d+)x(\d+)$/.exec(size);
    if (m) presets.push({ label: `${m[1]}×${m[2]} (${model!.label})`, aspect: Number(m[1]) / Number(m[2]) });
  }
  return presets;
}
