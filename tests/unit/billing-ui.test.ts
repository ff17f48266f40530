import { describe, expect, test } from 'vitest';
import { decide, type AccessStatus, type Verdict } from '../../utils/billing/rules';
import { describePlan, formatPrice, hoursLeft } from '../../utils/billing/format';
import { createWatcher } from '../../utils/billing/watch';

const verdict = (status: AccessStatus): Verdict => ({ access: { ...decide(null, 0).access, status } as Verdict['access'] });

describe('after a payment, trial or login page opens, the status is asked again on a timer', () => {
  function setup(statuses: AccessStatus[]) {
    let now = 0;
    const timers: (() => void)[] = [];
    let checks = 0;
    const watcher = createWatcher({
      check: async () => verdict(statuses[Math.min(checks++, statuses.length - 1)]!),
      now: () => now,
      setTimer: (fn) => void timers.push(fn),
      intervalMs: 5_000,
      durationMs: 60_000,
    });
    const tick = async () => {
      now += 5_000;
      timers.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    };
    return { watcher, tick, timers, checks: () => checks };
  }

  test('until the status changes (a payment Firefox did not report), then it stops', async () => {
    const { watcher, tick, timers, checks } = setup(['trial-ended', 'trial-ended', 'paid']);
    watcher.watch('trial-ended');
    for (let i = 0; i < 3; i++) await tick();
    expect(checks()).toBe(3);
    expect(timers).toEqual([]);
  });

  test('for at most its duration; opening another page does not start a second timer', async () => {
    const { watcher, tick, timers, checks } = setup(['trial']);
    watcher.watch('trial');
    watcher.watch('trial');
    expect(timers.length).toBe(1);
    for (let i = 0; i < 20; i++) await tick();
    expect(checks()).toBe(12);
    expect(timers).toEqual([]);
  });
});

describe('plans and prices as the paywall says them', () => {
  test('each interval in words, with the price in its currency', () => {
    const plan = { unitAmountCents: 499, currency: 'usd', nickname: null, intervalCount: 1 } as const;
    expect(describePlan({ ...plan, interval: 'month' }, 'en-US')).toEqual({ key: 'billingPlanMonth', subs: ['$4.99'] });
    expect(describePlan({ ...plan, interval: 'year', unitAmountCents: 4900 }, 'en-US')).toEqual({ key: 'billingPlanYear', subs: ['$49.00'] });
    expect(describePlan({ ...plan, interval: 'month', intervalCount: 3 }, 'en-US')).toEqual({ key: 'billingPlanMonths', subs: ['$4.99', '3'] });
    expect(describePlan({ ...plan, interval: 'once', intervalCount: null }, 'en-US')).toEqual({ key: 'billingPlanOnce', subs: ['$4.99'] });
  });

  test('other and unknown currencies', () => {
    expect(formatPrice(999, 'eur', 'en-US')).toBe('€9.99');
    expect(formatPrice(999, 'not a code', 'en-US')).toBe('9.99 NOT A CODE');
  });

  test('hours left round up, never to zero while time is left', () => {
    expect(hoursLeft(3_600_000 * 71.2, 0)).toBe(72);
    expect(hoursLeft(1, 0)).toBe(1);
  });
});
