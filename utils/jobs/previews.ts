/**
 * A job's previews, written one at a time and never in the way of the stream: a preview that arrives
 * while the last one is being written replaces any other still waiting (only the newest is worth
 * showing), and none is started once the answer is complete or the job has ended. A write already
 * under way when that happens may still land: `write` must not put a preview on a job that is no
 * longer running (the runner's write checks the state in the same transaction). A failed write is dropped:
 * a preview must never cost the image itself.
 */
export function previewWriter(write: (partial: Blob) => Promise<void>): { add(partial: Blob): void; close(): void } {
  let next: Blob | undefined;
  let writing = false;
  let closed = false;
  const drain = async () => {
    writing = true;
    for (let partial = next; partial && !closed; partial = next) {
      next = undefined;
      await write(partial).catch(() => undefined);
    }
    writing = false;
  };
  return {
    add(partial) {
      if (closed) return;
      next = partial;
      if (!writing) void drain();
    },
    close() {
      closed = true;
      next = undefined;
    },
  };
}
