import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeRequest } from './server';
import { sendJson } from './http';

/**
 * ExtensionPay as extpay 3.1.2 talks to it (node_modules/extpay/dist/ExtPay.module.js), for the
 * extension id the tests' billing build is made with (E2E_EXTPAY_ID; `npm test` builds it into
 * .output-billing/):
 * - `POST /extension/<id>/api/new-key` → a JSON string, the new key;
 * - `GET /extension/<id>/api/v2/user?api_key=…` → the user (dates as ISO strings);
 * - `GET /extension/<id>/api/v2/current-plans` → the plans;
 * - the pages ExtPay opens: `/trial?api_key=…&period=…`, `/choose-plan?api_key=…`,
 *   `/reactivate?api_key=…`. Their buttons stand in for the e-mailed link and Stripe: they set the
 *   state, then post 'extpay-trial-start' or 'extpay-fetch-user' to the page, as the real
 *   confirmation pages do for the extpay content script, until it answers '…-received'.
 */
export type ExtPayState =
  | 'new'
  | 'trial'
  | 'trial-ended'
  | 'paid'
  | 'past-due'
  /** Active, canceled at the end of the paid period (10 days from now). */
  | 'canceling'
  /** The subscription was canceled and its period is over. */
  | 'canceled'
  /** The connection is destroyed before any answer (fetch throws a TypeError). */
  | 'unreachable'
  /** HTTP 500 with a text body (getUser throws 'ExtPay error while fetching user: …'). */
  | 'erroring';

/** The ExtensionPay id of the tests' billing build (package.json "build:billing"). */
export const E2E_EXTPAY_ID = 'pictor-e2e';

const DAY = 24 * 60 * 60 * 1000;
const PLANS = [
  { unitAmountCents: 499, currency: 'usd', nickname: 'monthly', interval: 'month', intervalCount: 1 },
  { unitAmountCents: 4900, currency: 'usd', nickname: 'yearly', interval: 'year', intervalCount: 1 },
];

export class FakeExtPay {
  /** Paid by default, so every other e2e test generates without thinking about billing. */
  state: ExtPayState = 'paid';
  /** When the trial started, for 'trial' and 'trial-ended' (else two days or eight days ago). */
  trialStartedAt: Date | null = null;
  /** The paid page tells the content script (false: Firefox's late onPaid, ExtPay#297, where only polling sees it). */
  announcePaid = true;
  /** Keys handed out by new-key. */
  keys: string[] = [];
  /** api_key of each user request, in order. */
  userRequests: string[] = [];

  user(): Record<string, unknown> {
    const now = Date.now();
    const base = { paid: false, paidAt: null, email: null, installedAt: new Date(now - 30 * DAY).toISOString(), trialStartedAt: null, plan: null, subscriptionStatus: null, subscriptionCancelAt: null };
    const subscribed = { ...base, paidAt: new Date(now - 20 * DAY).toISOString(), email: 'user@example.com', plan: PLANS[0], subscriptionStatus: 'active' };
    const trial = (ago: number) => ({ ...base, email: 'user@example.com', trialStartedAt: (this.trialStartedAt ?? new Date(now - ago)).toISOString() });
    switch (this.state) {
      case 'new':
        return base;
      case 'trial':
        return trial(2 * DAY);
      case 'trial-ended':
        return trial(8 * DAY);
      case 'paid':
        return { ...subscribed, paid: true };
      case 'past-due':
        return { ...subscribed, subscriptionStatus: 'past_due' };
      case 'canceling':
        return { ...subscribed, paid: true, subscriptionCancelAt: new Date(now + 10 * DAY).toISOString() };
      default:
        return { ...subscribed, subscriptionStatus: 'canceled', subscriptionCancelAt: new Date(now - DAY).toISOString() };
    }
  }

  handle(req: FakeRequest, res: ServerResponse, raw: IncomingMessage): void {
    const prefix = `/extension/${E2E_EXTPAY_ID}`;
    if (this.state === 'unreachable') {
      raw.socket.destroy();
      return;
    }
    if (this.state === 'erroring') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      return;
    }
    const path = req.path;
    const key = req.query.api_key ?? '';
    if (path === `${prefix}/api/new-key` && req.method === 'POST') {
      const made = `extpay-key-${this.keys.length + 1}`;
      this.keys.push(made);
      return sendJson(res, 200, made);
    }
    if (path === `${prefix}/api/v2/user` && req.method === 'GET') {
      this.userRequests.push(key);
      if (!key) return sendJson(res, 404, { error: 'no such user' });
      return sendJson(res, 200, this.user());
    }
    if (path === `${prefix}/api/v2/current-plans` && req.method === 'GET') return sendJson(res, 200, PLANS);
    if (path === `${prefix}/trial`) {
      return page(res, 'Start your free trial', `<p>Enter an email to start your <b>${escape(req.query.period ?? '')}</b> free trial.</p>
<form method="post" action="${prefix}/trial/confirm"><label>Email <input name="email" value="user@example.com"></label><button>Start free trial</button></form>`);
    }
    if (path === `${prefix}/trial/confirm`) {
      // Stands for the user opening the e-mailed link: the trial starts now.
      this.state = 'trial';
      this.trialStartedAt = new Date();
      return page(res, 'Your free trial has started', '<p>Your trial has started. You can close this page.</p>', 'extpay-trial-start');
    }
    if (path === `${prefix}/choose-plan` || path.startsWith(`${prefix}/choose-plan/`)) {
      const buttons = PLANS.map((p) => `<form method="post" action="${prefix}/paid"><button>Pay $${(p.unitAmountCents / 100).toFixed(2)} per ${p.interval}</button></form>`).join('');
      return page(res, 'Choose a plan', buttons);
    }
    if (path === `${prefix}/reactivate`) {
      return page(res, 'Log in', `<form method="post" action="${prefix}/paid"><label>Email <input name="email" value="user@example.com"></label><button>Log in</button></form>`);
    }
    if (path === `${prefix}/paid`) {
      this.state = 'paid';
      return page(res, 'Thank you', '<p>Payment received. You can close this page.</p>', this.announcePaid ? 'extpay-fetch-user' : undefined);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }
}


function escape(s: string): string {
  return s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An HTML page; `announce` is posted to the page until the extpay content script acknowledges it. */
function page(res: ServerResponse, title: string, body: string, announce?: string): void {
  const script = announce
    ? `<script>
const done = (e) => { if (e.data === '${announce}-received') clearInterval(timer); };
window.addEventListener('message', done);
const timer = setInterval(() => window.postMessage('${announce}', location.origin), 200);
</script>`
    : '';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>${title}</title><h1>${title}</h1>${body}${script}`);
}
