/**
 * Where to click a popup button, shared by the Chromium and Firefox harnesses: the centre of the
 * enabled button named `name`, once it is where it was 100 ms before and nothing covers it. The
 * popup grows as its images load and lists fill in; a click measured before such a late layout lands
 * beside the button (a "Remove background" click in a full run hit nothing once the page moved it).
 */
export interface ButtonSpot {
  x: number;
  y: number;
  /** 'button' when the centre hits the button, else what covers it (for the failure message). */
  on: string;
}

/** Source of a function of a document that returns the button's ButtonSpot, or null while absent. */
export function buttonSpotIn(name: string): string {
  return `(d) => {
    const b = [...d.querySelectorAll('button')].find((el) =>
      (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() === ${JSON.stringify(name)} && !el.disabled);
    if (!b) return null;
    b.scrollIntoView({ block: 'center' });
    const r = b.getBoundingClientRect();
    const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
    const hit = d.elementFromPoint(x, y);
    return { x, y, on: hit && b.contains(hit) ? 'button' : (hit?.outerHTML ?? 'nothing').slice(0, 120) };
  }`;
}

/** Measures until two readings 100 ms apart agree and the button is uncovered; throws at timeoutMs. */
export async function heldStill(name: string, measure: () => Promise<ButtonSpot>, timeoutMs: number): Promise<{ x: number; y: number }> {
  const end = Date.now() + timeoutMs;
  let last = await measure();
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await measure();
    if (now.on === 'button' && now.x === last.x && now.y === last.y) return { x: now.x, y: now.y };
    if (Date.now() > end) throw new Error(`button "${name}" never held still and uncovered: last at (${now.x}, ${now.y}) over ${now.on}`);
    last = now;
  }
}
