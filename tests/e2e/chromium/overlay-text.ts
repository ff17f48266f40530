import type { Page } from 'playwright-core';

/**
 * What the crop overlay says (readout, notes, errors). It lives in a closed shadow root, out of the
 * DOM's reach: it is read from the page's accessibility tree, as a screen reader would.
 */
export async function overlaySays(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { name?: { value?: string } }[] };
  await cdp.detach();
  return nodes.map((n) => n.name?.value ?? '').join('\n');
}

/** Waits until the overlay says `text`; fails with everything it did say. */
export async function overlayShows(page: Page, text: string, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const said = await overlaySays(page);
    if (said.includes(text)) return said;
    if (Date.now() > end) throw new Error(`The overlay never said "${text}". It said:\n${said}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Where the overlay's toolbar is on screen (CSS px from the viewport's top), found through the accessibility tree. */
export async function overlayToolbarBox(page: Page): Promise<{ top: number; bottom: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value?: string }; backendDOMNodeId?: number }[] };
    const toolbar = nodes.find((n) => n.role?.value === 'toolbar');
    if (toolbar?.backendDOMNodeId === undefined) throw new Error('The overlay shows no toolbar.');
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: toolbar.backendDOMNodeId })) as { model: { border: number[] } };
    const ys = model.border.filter((_, i) => i % 2 === 1);
    return { top: Math.min(...ys), bottom: Math.max(...ys) };
  } finally {
    await cdp.detach();
  }
}
