import type { Size } from '../crop/geometry';
import type { Operation } from '../providers/types';
import type { CropMask } from './mask-paint';
import { scaleMask } from './put-back';

/**
 * How a provider reads a mask file:
 * - `transparent`: OpenAI's image edits — "fully transparent areas (where alpha is zero) indicate
 *   where the image should be edited"; a PNG under 4 MB with the same dimensions as the image
 *   (https://platform.openai.com/docs/api-reference/images/createEdit, read 2026-12-05).
 * - `black`: Ideogram's Precise Edit (4.5) and Inpaint (3.0) — black is edited, white kept, the
 *   same width and height as the image; Precise Edit needs both colours in the mask
 *   (https://developer.ideogram.ai/ideogram-api/masked-edits, read 2026-12-05).
 */
export type MaskStyle = 'transparent' | 'black';

/** The RGBA pixels of a mask file of `size` for `style`: painted pixels are the ones to edit. */
export function maskPixels(mask: CropMask, size: Size, style: MaskStyle): Uint8ClampedArray<ArrayBuffer> {
  return pixelsOf(scaleMask(mask.data, mask, size), size, style);
}

/** A mask already at `size` (one byte a pixel) as the RGBA pixels of its file. */
function pixelsOf(scaled: Uint8Array, size: Size, style: MaskStyle): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(size.width * size.height * 4);
  for (let i = 0; i < scaled.length; i++) {
    const edit = scaled[i] !== 0;
    const p = i * 4;
    if (style === 'transparent') {
      // Kept: opaque black. Edited: fully transparent.
      rgba[p + 3] = edit ? 0 : 255;
    } else {
      const v = edit ? 0 : 255;
      rgba[p] = v;
      rgba[p + 1] = v;
      rgba[p + 2] = v;
      rgba[p + 3] = 255;
    }
  }
  return rgba;
}

/** The mask file itself (PNG), at the size of the image it goes with. */
async function maskPng(scaled: Uint8Array, size: Size, style: MaskStyle): Promise<Blob> {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.putImageData(new ImageData(pixelsOf(scaled, size, style), size.width, size.height), 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** Where a service takes a painted mask: the operations (of these models only, if listed) and the file's style. */
export interface MaskRoute {
  operations: readonly Operation[];
  models?: readonly string[];
  style: MaskStyle;
  /** Input images a masked request takes at most, when fewer than without a mask. */
  maxInputs?: number;
}

/** Whether this model's operation takes a mask on the wire. */
export function takesMask(route: MaskRoute | undefined, model: string, operation: Operation): route is MaskRoute {
  return !!route && route.operations.includes(operation) && (!route.models || route.models.includes(model));
}

/**
 * The mask file a job sends: none when nothing was painted or its operation takes none (the prompt
 * goes alone), and none when the mask at the size sent is all painted or all kept: either way the
 * whole crop may change, and Precise Edit refuses a mask without both colours.
 */
export async function maskForJob(route: MaskRoute | undefined, job: { model: string; operation: Operation; source?: Size & { mask?: CropMask } }): Promise<Blob | undefined> {
  const source = job.source;
  if (!source?.mask || !takesMask(route, job.model, job.operation)) return undefined;
  const scaled = scaleMask(source.mask.data, source.mask, source);
  const painted = scaled.some((v) => v !== 0);
  if (!painted || scaled.every((v) => v !== 0)) return undefined;
  return maskPng(scaled, source, route.style);
}
