import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { CdpPage } from './chromium/cdp-page';

/**
 * Accessibility checks on the screens the e2e tests already have open, by axe-core's rules rather
 * than checks of our own. A screen passes with no violation of impact "serious" or "critical"; a
 * failure lists each one with its rule, impact, help and the selectors of the elements at fault.
 */

/** What fails a screen. Minor and moderate findings (best practices) are left to review. */
const BLOCKING: ReadonlySet<string> = new Set(['serious', 'critical']);

interface Finding {
  id: string;
  impact: string;
  help: string;
  helpUrl?: string;
  nodes: { target: string; html?: string; summary?: string }[];
}

/** A Playwright page or the raw CDP page of the toolbar popup, as both evaluate an expression. */
type Screen = Page | CdpPage;

function evaluate<T>(page: Screen, expression: string): Promise<T> {
  return page instanceof CdpPage ? page.eval<T>(expression) : page.evaluate<T>(expression);
}

function report(findings: Finding[], screen: string): string {
  const lines = [`${findings.length} serious or critical accessibility violation(s) on ${screen}:`];
  for (const f of findings) {
    lines.push(`- ${f.id} (${f.impact}): ${f.help}${f.helpUrl ? ` <${f.helpUrl}>` : ''}`);
    for (const n of f.nodes) {
      lines.push(`    at ${n.target}${n.html ? `  ${n.html}` : ''}`);
      if (n.summary) lines.push(...n.summary.split('\n').map((s) => `      ${s}`));
    }
  }
  return lines.join('\n');
}

/** Runs axe-core on `page` as it is now; throws the list of serious and critical violations. */
export async function expectAccessible(page: Screen, screen: string): Promise<void> {
  if (!(await evaluate<boolean>(page, `typeof window.axe === 'object'`))) {
    await evaluate(page, `${axe.source};\nvoid 0`);
  }
  const found = await evaluate<Finding[]>(
    page,
    `(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      const selector = (t) => (Array.isArray(t) ? t.join(' >>> ') : String(t));
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.map(selector).join(' | '), html: n.html.replace(/\\s+/g, ' ').slice(0, 160), summary: n.failureSummary })),
      }));
    })()`,
  );
  const blocking = found.filter((f) => BLOCKING.has(f.impact));
  if (blocking.length > 0) throw new Error(report(blocking, screen));
}

/*
 * The crop overlay lives in a closed shadow root inside the user's page. axe-core walks shadow DOM
 * through element.shadowRoot, which a closed root keeps null: run on the page, axe sees only the
 * empty host element. DevTools is not bound by that: its DOM domain pierces closed roots and hands
 * the test a reference to the overlay's root element in the page's main world. From it, the host is
 * given a shadowRoot getter in that world only (the overlay's own script, in its isolated world,
 * and the DOM itself are untouched), for as long as axe-core runs on the host with all its rules:
 * names, roles, ARIA, focus, contrast against what the page shows beneath.
 */

interface DomNode {
  nodeName: string;
  backendNodeId: number;
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

function findHost(node: DomNode, tag: string): DomNode | undefined {
  if (node.nodeName.toLowerCase() === tag) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : [])]) {
    const found = findHost(child, tag);
    if (found) return found;
  }
  return undefined;
}

/** Runs axe-core inside the crop overlay open on `page`; throws as expectAccessible does. */
export async function expectOverlayAccessible(page: Page, screen: string, tag = 'pictor-crop-overlay'): Promise<void> {
  if (!(await page.evaluate(`typeof window.axe === 'object'`))) await page.evaluate(`${axe.source};\nvoid 0`);
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const host = findHost(root, tag);
    // The shadow root holds the overlay's style and its root element (role dialog).
    const overlay = host?.shadowRoots?.[0]?.children?.find((c) => c.nodeName === 'DIV');
    if (!overlay) throw new Error(`No crop overlay (<${tag}> with its shadow root) on the page to check`);
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: overlay.backendNodeId });
    const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      awaitPromise: true,
      returnByValue: true,
      functionDeclaration: `async function () {
        const shadow = this.getRootNode();
        const host = shadow.host;
        // Seen from here only: an own property of this world's wrapper of the host, gone after the run.
        Object.defineProperty(host, 'shadowRoot', { configurable: true, get: () => shadow });
        try {
          const result = await window.axe.run(host, { resultTypes: ['violations'] });
          const selector = (t) => (Array.isArray(t) ? t.join(' >>> ') : String(t));
          return {
            // Rules that reached into the shadow root (their targets are host >>> inner paths).
            checked: [...result.passes, ...result.violations].filter((r) => r.nodes.some((n) => Array.isArray(n.target[0]))).length,
            violations: result.violations.map((v) => ({
              id: v.id,
              impact: v.impact ?? 'unknown',
              help: v.help,
              helpUrl: v.helpUrl,
              nodes: v.nodes.map((n) => ({ target: n.target.map(selector).join(' | '), html: n.html.replace(/\\s+/g, ' ').slice(0, 160), summary: n.failureSummary })),
            })),
          };
        } finally {
          delete host.shadowRoot;
        }
      }`,
    });
    if (exceptionDetails) throw new Error(`axe-core failed in the overlay: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    const { checked, violations } = result.value as { checked: number; violations: Finding[] };
    if (checked === 0) throw new Error(`axe-core reached nothing inside the overlay on ${screen}`);
    const blocking = violations.filter((f) => BLOCKING.has(f.impact));
    if (blocking.length > 0) throw new Error(report(blocking, screen));
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
