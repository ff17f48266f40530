import type { Size } from '../crop/geometry';
import type { ModelDef, Operation, ProviderDefinition } from './types';
import { takesMask } from '../image/mask-png';

/**
 * How many images, and how many bytes, one request of a model takes: the first is the image edited,
 * the others are references ("in the style of this one", a product from a second shot). The counts
 * are catalog data (ModelDef.maxInputs, MaskRoute.maxInputs), the bytes each service's
 * (ProviderDefinition.inputBytes).
 */
export interface InputLimits {
  count: number;
  /** Largest file, in bytes. */
  each?: number;
  /** All files of the request together, in bytes. */
  total?: number;
}

/** Operations that send references after the image edited; the others take one image or none. */
const WITH_REFERENCES: readonly Operation[] = ['edit', 'remix'];

/** `painted`: the crop has a painted area; where the model's operation takes it, its limit applies. */
export function inputLimits(service: ProviderDefinition, model: ModelDef, operation: Operation | undefined, painted: boolean): InputLimits {
  let count = operation && WITH_REFERENCES.includes(operation) ? (model.maxInputs ?? 1) : 1;
  const masks = service.masks;
  if (painted && operation && masks?.maxInputs && takesMask(masks, model.id, operation)) count = Math.min(count, masks.maxInputs);
  return { count, ...service.inputBytes };
}

/** One input as the popup or the job holds it: its size and its file's bytes. */
export interface InputFile extends Size {
  bytes: number;
}

/** What goes of each input: sent (at `size`, smaller than the file when a limit needs it) or ignored. */
export type InputPlan = { sent: true; size: Size; scaled: boolean } | { sent: false };

/** Files are aimed at this share of a limit when scaled, since a re-encoded file's size is only estimated. */
const MARGIN = 0.85;

/**
 * Which inputs go and at what size: the first `count` in order (the rest ignored, never deleted);
 * a file over the per-file limit, then all of them when together over the total, scaled down by the
 * square root of the excess (a file's bytes go roughly with its pixels).
 */
export function planInputs(limits: InputLimits, inputs: readonly InputFile[]): InputPlan[] {
  const factors = inputs.map((input, i) => (i < limits.count ? Math.min(1, limits.each && input.bytes > limits.each ? Math.sqrt((limits.each * MARGIN) / input.bytes) : 1) : 0));
  const total = inputs.reduce((sum, input, i) => sum + input.bytes * factors[i]! ** 2, 0);
  const shrink = limits.total && total > limits.total ? Math.sqrt((limits.total * MARGIN) / total) : 1;
  return inputs.map((input, i) => {
    if (!factors[i]) return { sent: false };
    const k = factors[i] * shrink;
    if (k >= 1) return { sent: true, size: { width: input.width, height: input.height }, scaled: false };
    return { sent: true, size: { width: Math.max(1, Math.floor(input.width * k)), height: Math.max(1, Math.floor(input.height * k)) }, scaled: true };
  });
}
