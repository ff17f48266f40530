/**
 * Time limits on one attempt, so a job ends with "timed out" and a Retry instead of "running"
 * forever: the whole attempt has a deadline, and once an answer has started, its body must keep
 * arriving (an idle deadline), since a stalled stream otherwise waits for nothing indefinitely.
 */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(readonly which: 'attempt' | 'idle') {
    super(which === 'idle' ? 'the answer stopped arriving' : 'the request took too long');
  }
}

export interface Deadlines {
  /** The whole attempt, from the first byte sent. */
  attemptMs: number;
  /** No bytes of an answer's body for this long, once its headers came. */
  idleMs: number;
}

/** 90 s with no byte of an answer: longer than any pause between a streamed answer's chunks. */
const IDLE_MS = 90_000;
/** A build's own idle deadline (0: none, the default above); only the tests' build sets one (utils/build/idle-deadline.ts). */
const BUILD_IDLE_MS: number = import.meta.env.PICTOR_IDLE_MS ?? 0;

/** OpenAI: "complex prompts may take up to 2 minutes"; Ideogram's asynchronous jobs poll for up to 10. */
export const DEFAULT_DEADLINES: Deadlines = { attemptMs: 12 * 60_000, idleMs: BUILD_IDLE_MS > 0 ? BUILD_IDLE_MS : IDLE_MS };

/**
 * A fetch whose answers' bodies call `onIdle` when a read waits `idleMs` for the next chunk (the
 * caller aborts the attempt then). The timer runs only while the reader waits on the network.
 */
export function withIdleDeadline(base: typeof fetch, idleMs: number, onIdle: () => void): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (!response.body) return response;
    const reader = response.body.getReader();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watched = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // The read also ends here when the time is up: a body that does not end when the attempt is
        // aborted (a fetch that ignores its signal) must not keep the reader waiting for ever.
        const idle = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            onIdle();
            reject(new DeadlineError('idle'));
          }, idleMs);
        });
        try {
          const { done, value } = await Promise.race([reader.read(), idle]);
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          controller.error(err);
          reader.cancel(err).catch(() => undefined);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel: (reason) => {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    });
    return new Response(watched, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
