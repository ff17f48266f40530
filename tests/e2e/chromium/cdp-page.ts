import WebSocket from 'ws';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS } from '../paths';
import { buttonSpotIn, heldStill, type ButtonSpot } from '../held-still';

/** What the page sends: answers to our calls, and the two events the tests keep (errors). */
interface CdpMessage {
  id?: number;
  method?: string;
  params?: {
    exceptionDetails?: { text: string; exception?: { description?: string } };
    type?: string;
    args?: { value?: unknown; description?: string }[];
  };
  result?: unknown;
  error?: { message: string };
}

/**
 * Drives one page target over the Chrome DevTools Protocol. The toolbar popup is a CDP page target
 * but not a Playwright Page, so the tests talk to it directly: real mouse events and typed text,
 * and queries by accessible name (label text, button text), as a user would find things.
 */
export class CdpPage {
  private nextId = 1;
  /** Uncaught exceptions and console errors of the page, shown when a wait fails. */
  readonly errors: string[] = [];
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private ws: WebSocket) {
    // A page that closes (a popup losing focus) fails what was waiting on it instead of hanging.
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('The page closed'));
      this.pending.clear();
    });
    ws.on('message', (raw) => {
      const text = Array.isArray(raw) ? Buffer.concat(raw).toString() : Buffer.isBuffer(raw) ? raw.toString() : Buffer.from(raw).toString();
      const msg = JSON.parse(text) as CdpMessage;
      if (msg.method === 'Runtime.exceptionThrown' && msg.params?.exceptionDetails) {
        this.errors.push(msg.params.exceptionDetails.exception?.description ?? msg.params.exceptionDetails.text);
      }
      if (msg.method === 'Runtime.consoleAPICalled' && msg.params?.type === 'error') {
        this.errors.push((msg.params.args ?? []).map((a) => (typeof a.value === 'string' ? a.value : (a.description ?? JSON.stringify(a.value)))).join(' '));
      }
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error.message));
      else p?.resolve(msg.result);
    });
  }

  static async connect(webSocketDebuggerUrl: string): Promise<CdpPage> {
    const ws = new WebSocket(webSocketDebuggerUrl, { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const page = new CdpPage(ws);
    await page.send('Runtime.enable');
    return page;
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    if (this.ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('The page is closed'));
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  /** Evaluates an expression (awaiting promises) and returns its JSON value. */
  async eval<T>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value: T }; exceptionDetails?: { exception?: { description?: string }; text: string } }>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value;
  }

  async waitFor<T>(expression: string, what: string, timeoutMs = 10_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < end) {
      try {
        last = await this.eval<T>(expression);
        if (last) return last as T;
      } catch (err) {
        last = err;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const shown = await this.text().catch(() => '(page unreadable)');
    // What the user would have seen, kept beside the test output.
    const shot = await this.screenshot().catch(() => undefined);
    if (shot) {
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, `timeout-${Date.now()}.png`), shot);
    }
    throw new Error(`Timed out waiting for ${what} (last: ${String(last)}). The page shows:\n${shown}\nErrors: ${this.errors.join('\n') || 'none'}`);
  }

  /** Text of the page as a user reads it. */
  text(): Promise<string> {
    return this.eval<string>('document.body.innerText');
  }

  async waitForText(needle: string, timeoutMs = 10_000): Promise<void> {
    await this.waitFor(`document.body.innerText.includes(${JSON.stringify(needle)})`, `text "${needle}"`, timeoutMs);
  }

  /** A real click on the enabled button named `name`, once it holds still (tests/e2e/held-still.ts). */
  async clickButton(name: string, timeoutMs = 10_000): Promise<void> {
    const measure = () => this.waitFor<ButtonSpot>(`(${buttonSpotIn(name)})(document)`, `button "${name}"`, timeoutMs);
    const box = await heldStill(name, measure, timeoutMs);
    for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
      const sent = this.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
      // A button that closes its page (History in the popup opens the side panel, then the popup
      // closes itself) can close it before the release's answer comes back: the click was made.
      try {
        await sent;
      } catch (error) {
        if (!(type === 'mouseReleased' && error instanceof Error && error.message.startsWith('The page closed'))) throw error;
      }
    }
  }

  /**
   * A real left-button drag over the element matching `selector`, from and to points given as
   * fractions of its box (0..1), in `steps` moves: a brush stroke, say.
   */
  async drag(selector: string, from: [number, number], to: [number, number], steps = 8): Promise<void> {
    const box = await this.waitFor<{ x: number; y: number; w: number; h: number }>(
      `(() => { const r = document.querySelector(${JSON.stringify(selector)})?.getBoundingClientRect(); return r && r.width > 0 ? { x: r.x, y: r.y, w: r.width, h: r.height } : undefined; })()`,
      selector,
    );
    const point = (f: [number, number], t = 1, g: [number, number] = f) => ({ x: box.x + box.w * (f[0] + (g[0] - f[0]) * t), y: box.y + box.h * (f[1] + (g[1] - f[1]) * t) });
    const mouse = (type: string, at: { x: number; y: number }) => this.send('Input.dispatchMouseEvent', { type, ...at, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1 });
    await mouse('mouseMoved', point(from));
    await mouse('mousePressed', point(from));
    for (let i = 1; i <= steps; i++) await mouse('mouseMoved', point(from, i / steps, to));
    await mouse('mouseReleased', point(to));
  }

  /** Focuses the control labelled `label` and types `text` into it, as keystrokes would. */
  async fill(label: string, text: string): Promise<void> {
    await this.waitFor(
      `(() => {
        const l = [...document.querySelectorAll('label')].find((el) =>
          (el.querySelector('span')?.textContent ?? el.textContent ?? '').trim() === ${JSON.stringify(label)});
        const control = l && (l.control ?? l.querySelector('input, textarea, select'));
        if (!control) return false;
        control.focus();
        control.select?.();
        return document.activeElement === control;
      })()`,
      `field "${label}"`,
    );
    await this.send('Input.insertText', { text });
  }

  /** Picks the option whose text is `option` in the select labelled `label`, as a user's choice would. */
  async select(label: string, option: string): Promise<void> {
    await this.waitFor(
      `(() => {
        const l = [...document.querySelectorAll('label')].find((el) =>
          (el.querySelector('span')?.textContent ?? el.textContent ?? '').trim() === ${JSON.stringify(label)});
        const select = l && (l.control ?? l.querySelector('select'));
        const item = select && [...select.options].find((o) => o.textContent.trim() === ${JSON.stringify(option)});
        if (!item) return false;
        select.focus();
        select.value = item.value;
        select.dispatchEvent(new Event('input', { bubbles: true }));
        select.dispatchEvent(new Event('change', { bubbles: true }));
        return true;
      })()`,
      `option "${option}" of "${label}"`,
    );
  }

  /** The bytes of the image element matching `selector` (fetched from its blob: URL inside the page). */
  async imageBytes(selector: string): Promise<Buffer> {
    const b64 = await this.eval<string>(`(async () => {
      const img = document.querySelector(${JSON.stringify(selector)});
      const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    })()`);
    return Buffer.from(b64, 'base64');
  }

  async screenshot(): Promise<Buffer> {
    const { data } = await this.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
    return Buffer.from(data, 'base64');
  }

  close(): void {
    this.ws.close();
  }
}
