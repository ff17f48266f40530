import type { Size } from '../geometry';

/** One image candidate from `srcset` (HTML, "srcset attribute": width or density descriptors). */
export interface Candidate {
  url: string;
  /** The `w` descriptor: the file's width in pixels. */
  width?: number;
  /** The `x` descriptor (1 when there is none). */
  density: number;
}

/**
 * Parses a srcset value the way HTML does (https://html.spec.whatwg.org/#parsing-a-srcset-attribute):
 * a URL runs to the next whitespace, so the commas inside data: URLs stay part of them.
 */
export function parseSrcset(srcset: string, base: string): Candidate[] {
  const out: Candidate[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && /[\s,]/.test(srcset[i]!)) i++;
    let raw = '';
    while (i < srcset.length && !/\s/.test(srcset[i]!)) raw += srcset[i++];
    let descriptor = '';
    if (raw.endsWith(',')) raw = raw.replace(/,+$/, '');
    else {
      while (i < srcset.length && srcset[i] !== ',') descriptor += srcset[i++];
    }
    if (!raw) continue;
    let url: string;
    try {
      url = new URL(raw, base).href;
    } catch {
      continue;
    }
    const w = /^(\d+)w$/.exec(descriptor.trim());
    const x = /^(\d*\.?\d+)x$/.exec(descriptor.trim());
    out.push({ url, width: w ? Number(w[1]) : undefined, density: x ? Number(x[1]) : 1 });
  }
  return out;
}

/**
 * The highest-resolution file the page offers for what the user sees, and its estimated size.
 * `shown` is the resource on screen (currentSrc) with its natural size, which already divides by
 * its density; width descriptors give a file's real width.
 */
export function largestCandidate(candidates: Candidate[], shown: { url: string; natural: Size; density: number }): { url: string; size: Size } {
  const aspect = shown.natural.height / shown.natural.width;
  const shownWidth = shown.natural.width * shown.density;
  let best = { url: shown.url, width: shownWidth };
  for (const c of candidates) {
    const width = c.width ?? shown.natural.width * c.density;
    if (width > best.width) best = { url: c.url, width };
  }
  return { url: best.url, size: { width: Math.round(best.width), height: Math.round(best.width * aspect) } };
}
