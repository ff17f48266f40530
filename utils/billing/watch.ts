import { WATCH_DURATION_MS, WATCH_INTERVAL_MS } from './config';
import type { AccessStatus, Verdict } from './rules';

export interface WatchDeps {
  check(): Promise<Verdict>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  intervalMs?: number;
  durationMs?: number;
}

/**
 * After ExtensionPay's payment, trial or login page opens, asks again on a timer until the status
 * changes or ten minutes pass. On Chrome the extpay content script usually tells the background
 * first (onPaid); on Firefox onPaid may not arrive until a reload (ExtPay#297), so this is what
 * flips the popup there. Opening another page restarts the ten minutes; one timer runs at a time.
 */
export function createWatcher(deps: WatchDeps): { watch(from: AccessStatus): void } {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const interval = deps.intervalMs ?? WATCH_INTERVAL_MS;
  let until = 0;
  let from: AccessStatus | null = null;
  let running = false;

  async function tick(): Promise<void> {
    const verdict = await deps.check();
    if (verdict.access.status !== from || now() >= until) {
      running = false;
      return;
    }
    setTimer(() => void tick(), interval);
  }

  return {
    watch(status) {
      from = status;
      until = now() + (deps.durationMs ?? WATCH_DURATION_MS);
      if (running) return;
      running = true;
      setTimer(() => void tick(), interval);
    },
  };
}
