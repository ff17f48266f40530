import { describe, expect, test } from 'vitest';
import { createGateway } from '../../utils/jobs/gateway';
import { createJobStore } from '../../utils/jobs/store';
import type { NewJob } from '../../utils/jobs/types';
import { jobProblem } from '../../utils/jobs/validate';

const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
const edit: NewJob = { provider: 'openai', operation: 'edit', model: 'gpt-image-2', prompt: 'a cat', params: {}, source: { blob: png, width: 1, height: 1 } };

function setup() {
  let t = 1000;
  const store = createJobStore({ now: () => t++ });
  const handed: string[] = [];
  const gateway = createGateway({ store, run: async (id) => void handed.push(id), stop: async () => false, notify: async () => undefined });
  return { store, gateway, handed };
}

describe('the gateway checks every job itself, whatever the page showed', () => {
  test.each([
    ['an unknown service', { provider: 'evil' as never }, 'unknown service'],
    ['an operation the model cannot do', { operation: 'reframe' as const }, 'cannot reframe'],
    ['no prompt where one is needed', { prompt: '  ' }, 'no prompt'],
    ['no image for an edit', { source: undefined }, 'no image'],
    ['an image for text-to-image', { operation: 'generate' as const }, 'takes none'],
    ['a value the schema refuses', { params: { quality: 'ultra' } }, 'invalid parameters'],
    ['a parameter count out of range', { params: { n: 50 } }, 'invalid parameters'],
    ['a parameter the schema does not have', { params: { quality: 'high', style_type: 'REALISTIC' } }, 'does not take (style_type)'],
    ['a model of its own among the parameters', { params: { model: 'gpt-image-1' } }, 'does not take (model)'],
    ['a prompt of its own among the parameters', { params: { prompt: 'something else' } }, 'does not take (prompt)'],
    ['a parameter of another model of the service', { params: { input_fidelity: 'high' } }, 'does not take (input_fidelity)'],
    ['a parameter of another operation', { params: { moderation: 'low' } }, 'does not take (moderation)'],
    ['a value that is not a plain value', { params: { quality: { nested: true } } as never }, 'invalid parameters'],
  ])('%s is refused before anything is sent', async (_what, change, reason) => {
    const { store, gateway, handed } = setup();
    const job = await store.create({ ...edit, ...change });
    expect(jobProblem(job)).toContain(reason);
    await gateway.start(job.id);
    expect(handed).toEqual([]);
    expect(await store.get(job.id)).toMatchObject({ state: 'failed', error: { kind: 'bad-request' } });
  });

  test('a well-formed job is handed over, once, however often it is started', async () => {
    const { store, gateway, handed } = setup();
    const job = await store.create({ ...edit, params: { quality: 'high', size: '2048x1152' } });
    expect(jobProblem(job)).toBeUndefined();
    await Promise.all([gateway.start(job.id), gateway.start(job.id), gateway.pump()]);
    expect(handed).toEqual([job.id]);
  });
});

describe('the subscription check', () => {
  test('is asked while the queue is read, once per job, and still refuses', async () => {
    let t = 1000;
    const store = createJobStore({ now: () => t++ });
    const order: string[] = [];
    let letQueueRead!: () => void;
    const queueRead = new Promise<void>((resolve) => (letQueueRead = resolve));
    const slowStore = {
      ...store,
      inStates: async (states: Parameters<typeof store.inStates>[0]) => {
        await queueRead;
        order.push('queue read');
        return store.inStates(states);
      },
    };
    const handed: string[] = [];
    const gateway = createGateway({
      store: slowStore,
      run: async (id) => void handed.push(id),
      stop: async () => false,
      notify: async () => undefined,
      entitled: async (job) => {
        order.push(`asked ${job.prompt}`);
        return job.prompt === 'refused' ? 'billingWhyTrialEnded' : true;
      },
    });
    const ok = await store.create(edit);
    const refused = await store.create({ ...edit, prompt: 'refused' });
    const started = Promise.all([gateway.start(ok.id), gateway.start(refused.id)]);
    await expect.poll(() => order.length).toBe(2);
    expect(order).toEqual(['asked a cat', 'asked refused']);
    letQueueRead();
    await started;
    expect(order.filter((o) => o.startsWith('asked'))).toHaveLength(2);
    expect(handed).toEqual([ok.id]);
    expect(await store.get(refused.id)).toMatchObject({ state: 'failed', error: { kind: 'not-entitled', reason: 'billingWhyTrialEnded' } });
  });
});

describe('cancel', () => {
  test('a job that starts between the read and the write is stopped by its runner, not marked canceled behind its back', async () => {
    let t = 1000;
    const store = createJobStore({ now: () => t++ });
    const stopped: string[] = [];
    const racing = {
      ...store,
      get: async (id: string) => {
        const job = await store.get(id);
        // The runner starts it right after this read.
        if (job?.state === 'queued') await store.patch(id, () => ({ state: 'running' }));
        return job;
      },
    };
    const stop = async (id: string) => {
      stopped.push(id);
      return true;
    };
    const gateway = createGateway({ store: racing, run: async () => undefined, stop, notify: async () => undefined });
    const job = await store.create(edit);
    await gateway.cancel(job.id);
    expect(stopped).toEqual([job.id]);
    // Its runner records the cancel when it stops; the gateway wrote nothing over the running job.
    expect((await store.get(job.id))?.state).toBe('running');
  });
});

describe('the queue', () => {
  test('at most two jobs of a service run at once; the next starts when one ends; other services are not held up', async () => {
    const { store, gateway, handed } = setup();
    const jobs = [];
    for (let i = 0; i < 3; i++) jobs.push(await store.create({ ...edit, prompt: `cat ${i}` }));
    const other = await store.create({ provider: 'photoroom', operation: 'remove-background', model: 'segment', prompt: '', params: {}, source: edit.source });
    await gateway.pump();
    expect(handed).toEqual([jobs[0]!.id, jobs[1]!.id, other.id]);
    // The runner marks them running; the first finishes, which frees a slot.
    for (const j of [jobs[0]!, jobs[1]!, other]) await store.patch(j.id, () => ({ state: 'running' }));
    await gateway.pump();
    expect(handed).toHaveLength(3);
    await store.patch(jobs[0]!.id, () => ({ state: 'succeeded' }));
    await gateway.pump();
    expect(handed).toEqual([jobs[0]!.id, jobs[1]!.id, other.id, jobs[2]!.id]);
  });

  test('Cancel of a job still waiting in the queue stops it there; it never starts', async () => {
    const { store, gateway, handed } = setup();
    const a = await store.create(edit);
    const b = await store.create(edit);
    const c = await store.create(edit);
    await gateway.pump();
    for (const j of [a, b]) await store.patch(j.id, () => ({ state: 'running' }));
    await gateway.cancel(c.id);
    expect((await store.get(c.id))?.state).toBe('canceled');
    await store.patch(a.id, () => ({ state: 'succeeded' }));
    await gateway.pump();
    expect(handed).toEqual([a.id, b.id]);
  });
});

describe('the monthly spending limit', () => {
  test('a job that would take the month past the limit is refused before it is sent, counting what runs; the sentence says the numbers', async () => {
    let t = Date.UTC(2026, 11, 10);
    const store = createJobStore({ now: () => t++ });
    const handed: string[] = [];
    const gateway = createGateway({ store, run: async (id) => void handed.push(id), stop: async () => false, notify: async () => undefined, now: () => t, spendLimits: async () => ({ byProvider: { openai: 0.1 } }) });
    // About $0.053 each (gpt-image-2, medium, 1024²).
    const medium = { ...edit, params: { quality: 'medium', size: '1024x1024' } };
    const first = await store.create(medium);
    await gateway.start(first.id);
    expect(handed).toEqual([first.id]);
    // While the first still runs, its estimate counts: a second would pass $0.10.
    const second = await store.create(medium);
    await gateway.start(second.id);
    expect(handed).toEqual([first.id]);
    const refused = await store.get(second.id);
    expect(refused).toMatchObject({ state: 'failed', error: { kind: 'spend-limit', spend: { scope: 'openai', limit: 0.1, estimate: 0.053 } } });
    expect(refused?.error?.spend?.spent).toBeCloseTo(0.053, 10);
    const { describeError } = await import('../../utils/providers/errors');
    expect(describeError(refused!.error!, 'OpenAI')).toEqual({ key: 'errorSpendLimit', subs: ['OpenAI', '$0.10', '$0.053', '$0.053'] });
    // Another service has no limit of its own, and no overall limit is set.
    const google = await store.create({ ...edit, provider: 'google', model: 'gemini-3-pro-image', params: {} });
    await gateway.start(google.id);
    expect(handed).toEqual([first.id, google.id]);
  });

  test('without a limit nothing is counted or refused', async () => {
    const { store, gateway, handed } = setup();
    const jobs = await Promise.all([1, 2, 3].map(() => store.create({ ...edit, params: { quality: 'high' } })));
    for (const job of jobs) await gateway.start(job.id);
    expect(handed).toHaveLength(2);
  });
});

describe('references, checked by the gateway', () => {
  const reference = { blob: png, width: 1, height: 1, from: 'pasted' };
  test('no more than the model takes (Ideogram 4.0: one image), and each one whole', async () => {
    const { store, gateway, handed } = setup();
    const tooMany = await store.create({ ...edit, provider: 'ideogram', model: 'ideogram-4', operation: 'remix', params: {}, references: [reference] });
    expect(jobProblem(tooMany)).toBe('more images than ideogram-4 takes');
    const broken = await store.create({ ...edit, references: [{ ...reference, width: Number.NaN }] });
    expect(jobProblem(broken)).toContain('malformed');
    const fine = await store.create({ ...edit, references: [reference, reference] });
    expect(jobProblem(fine)).toBeUndefined();
    for (const job of [tooMany, broken, fine]) await gateway.start(job.id);
    expect(handed).toEqual([fine.id]);
  });
});
