/**
 * Limits on one attempt, so a job ends with "timed out" and a Retry instead of "running" forever:
 * the whole attempt has a deadline, and once an answer has started, its body must keep arriving (an
 * idle deadline), since a stalled stream otherwise waits for nothing indefinitely. Every answer's
 * body is also counted as it arrives and stopped past a size no provider's answer reaches, so an
 * endless or oversized body cannot fill the job context's memory.
 */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(readonly which: 'attempt' | 'idle') {
    super(which === 'idle' ? 'the answer stopped arriving' : 'the request took too long');
  }
}

/** An answer whose body passed `maxBytes` (or announced more in Content-Length): it was not read further. */
export class AnswerTooLarge extends Error {
  override name = 'AnswerTooLarge';
  constructor(readonly maxBytes: number) {
    super(`the answer passed ${Math.round(maxBytes / 1024 / 1024)} MB`);
  }
}

/**
 * The largest answer body read: 10 images (the most one request may ask for) as base64 PNG at the
 * largest sizes the providers make (3840 px on a side) stay well under it; a single result image is
 * held to 50 MB again when it is checked (utils/image/inspect.ts).
 */
export const ANSWER_MAX_BYTES = 256 * 1024 * 1024;

export interface Deadlines {
  /** The whole attempt, from the first byte sent. */
  attemptMs: number;
  /** No bytes of an answer's body for this long, once its headers came. */
  idleMs: number;
  /** The largest answer body read (ANSWER_MAX_BYTES unless a test sets its own). */
  maxAnswerBytes?: number;
}

/** 90 s with no byte of an answer: longer than any pause between a streamed answer's chunks. */
const IDLE_MS = 90_000;
/** A build's own idle deadline (0: none, the default above); only the tests' build sets one (utils/build/idle-deadline.ts). */
const BUILD_IDLE_MS: number = import.meta.env.PICTOR_IDLE_MS ?? 0;

/** OpenAI: "complex prompts may take up to 2 minutes"; Ideogram's asynchronous jobs poll for up to 10. */
export const DEFAULT_DEADLINES: Deadlines = { attemptMs: 12 * 60_000, idleMs: BUILD_IDLE_MS > 0 ? BUILD_IDLE_MS : IDLE_MS };

/**
 * A fetch whose answers' bodies call `onStop` with a DeadlineError when a read waits `idleMs` for
 * the next chunk, or with AnswerTooLarge once more than `maxBytes` came (the caller aborts the
 * attempt then). The timer runs only while the reader waits on the network.
 */
export function withIdleDeadline(base: typeof fetch, idleMs: number, onStop: (reason: DeadlineError | AnswerTooLarge) => void, maxBytes = ANSWER_MAX_BYTES): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (!response.body) return response;
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      const tooLarge = new AnswerTooLarge(maxBytes);
      onStop(tooLarge);
      void response.body.cancel(tooLarge).catch(() => undefined);
      throw tooLarge;
    }
    const reader = response.body.getReader();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let received = 0;
    const watched = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // The read also ends here when the time is up: a body that does not end when the attempt is
        // aborted (a fetch that ignores its signal) must not keep the reader waiting for ever.
        const idle = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            const stalled = new DeadlineError('idle');
            onStop(stalled);
            reject(stalled);
          }, idleMs);
        });
        try {
          const { done, value } = await Promise.race([reader.read(), idle]);
          if (done) return controller.close();
          received += value.byteLength;
          if (received > maxBytes) {
            const tooLarge = new AnswerTooLarge(maxBytes);
            onStop(tooLarge);
            throw tooLarge;
          }
          controller.enqueue(value);
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
