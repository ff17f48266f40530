import { afterEach, describe, expect, test } from 'vitest';
import { jobsCsv, limitRefusal, monthStart, nextMonthStart, spendOf } from '../../utils/jobs/spend';
import type { Job } from '../../utils/jobs/types';

const zone = process.env.TZ;
afterEach(() => {
  process.env.TZ = zone;
});

const job = (over: Partial<Job>): Job => ({
  id: 'j', createdAt: 0, state: 'succeeded', provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a fox', params: {}, results: [], seen: true, ...over,
});

describe("this month's spend", () => {
  test("months are the user's own: 23:30 on 30 November in New York is November there, December in UTC", () => {
    const at = Date.UTC(2026, 11, 1, 4, 30);
    process.env.TZ = 'America/New_York';
    expect(new Date(monthStart(at)).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(nextMonthStart(at)).toISOString()).toBe('2026-12-01T05:00:00.000Z');
    process.env.TZ = 'UTC';
    expect(new Date(monthStart(at)).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  test('sums finished jobs of the month per service; failed, canceled and other months count nothing; unpriced ones are counted apart', () => {
    process.env.TZ = 'Europe/Berlin';
    const from = monthStart(Date.UTC(2026, 11, 15));
    const to = nextMonthStart(from);
    const jobs = [
      job({ provider: 'openai', cost: 0.053, finishedAt: from + 1000 }),
      job({ provider: 'openai', cost: 0.211, finishedAt: to - 1 }),
      job({ provider: 'google', cost: 0.134, finishedAt: from + 5 }),
      job({ provider: 'google', cost: 9, state: 'failed', finishedAt: from + 5 }),
      job({ provider: 'ideogram', cost: 0.1, finishedAt: from - 1 }),
      job({ provider: 'ideogram', cost: undefined, model: 'ideogram-4-6', finishedAt: from + 5 }),
    ];
    const spend = spendOf(jobs, from, to);
    expect(spend.byProvider).toEqual({ openai: 0.264, google: 0.134 });
    expect(spend.total).toBeCloseTo(0.398, 10);
    expect(spend.unpriced).toBe(1);
  });
});

describe('the monthly limit, checked before anything is sent', () => {
  const next = { provider: 'openai' as const, model: 'gpt-image-2', params: { quality: 'medium' } };

  test('a $0.10 limit with $0.053 a request: the first two go, the third is refused with the numbers the sentence needs', () => {
    const limits = { byProvider: { openai: 0.1 } };
    expect(limitRefusal(limits, { total: 0, byProvider: {}, unpriced: 0 }, next)).toBeUndefined();
    expect(limitRefusal(limits, { total: 0.053, byProvider: { openai: 0.053 }, unpriced: 0 }, next)).toEqual({ scope: 'openai', limit: 0.1, spent: 0.053, estimate: 0.053 });
  });

  test('the overall limit counts every service; a service without a price is never refused', () => {
    const committed = { total: 0.95, byProvider: { google: 0.95 }, unpriced: 0 };
    expect(limitRefusal({ overall: 1 }, committed, next)).toEqual({ scope: 'all', limit: 1, spent: 0.95, estimate: 0.053 });
    expect(limitRefusal({ overall: 1 }, committed, { provider: 'ideogram', model: 'ideogram-4-6', params: {} })).toBeUndefined();
    expect(limitRefusal({}, committed, next)).toBeUndefined();
  });
});

test('the CSV: one job a line with its cost; quotes, commas and line breaks escaped, and no cell a spreadsheet would run as a formula', () => {
  const csv = jobsCsv([
    job({ createdAt: Date.UTC(2026, 11, 3, 10), finishedAt: Date.UTC(2026, 11, 3, 10, 1), prompt: 'a "red" fox, running\nfast', cost: 0.053, results: [{ id: 'r', blob: new Blob() }] }),
    job({ createdAt: Date.UTC(2026, 11, 4), prompt: '=HYPERLINK("x")', state: 'failed', cost: undefined }),
  ]);
  expect(csv.split('\r\n')).toEqual([
    'date,service,model,operation,prompt,state,images,cost_usd',
    '2026-12-03T10:01:00.000Z,openai,gpt-image-2,generate,"a ""red"" fox, running\nfast",succeeded,1,0.0530',
    `2026-12-04T00:00:00.000Z,openai,gpt-image-2,generate,"'=HYPERLINK(""x"")",failed,0,`,
    '',
  ]);
});
