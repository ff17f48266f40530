import { describe, expect, test } from 'vitest';
import { readSse, type SseMessage } from '../../utils/providers/sse';

/** A body that gives `text`'s bytes in the chunks `cuts` makes (byte offsets), and says whether it was canceled. */
function body(text: string, cuts: number[] = []) {
  const bytes = new TextEncoder().encode(text);
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  let i = 0;
  const state = { canceled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i + 1 >= bounds.length) return controller.close();
      controller.enqueue(bytes.slice(bounds[i], bounds[i + 1]));
      i++;
    },
    cancel() {
      state.canceled = true;
    },
  });
  return { stream, state };
}

async function all(stream: ReadableStream<Uint8Array>): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const message of readSse(stream)) out.push(message);
  return out;
}

const TEXT = 'event: image_generation.partial_image\ndata: {"a":1}\n\n: a comment\r\ndata: first\r\ndata:second\r\n\r\nevent: é\rdata: ü ∑ 😀\r\rdata: never ended';
const EXPECTED: SseMessage[] = [
  { event: 'image_generation.partial_image', data: '{"a":1}' },
  { event: null, data: 'first\nsecond' },
  { event: 'é', data: 'ü ∑ 😀' },
];

describe('reading server-sent events', () => {
  test('LF, CRLF and CR end lines; comments are skipped; data lines join; a message not ended before the close is dropped', async () => {
    expect(await all(body(TEXT).stream)).toEqual(EXPECTED);
  });

  test('the same messages however the bytes are cut, a CRLF or a character of several bytes split included', async () => {
    const length = new TextEncoder().encode(TEXT).length;
    for (let cut = 1; cut < length; cut++) expect(await all(body(TEXT, [cut]).stream), `cut at ${cut}`).toEqual(EXPECTED);
    expect(await all(body(TEXT, Array.from({ length }, (_, i) => i)).stream)).toEqual(EXPECTED);
  });

  test('an image of megabytes in one data line, in small chunks, arrives whole', async () => {
    const b64 = 'QUJD'.repeat(500_000);
    const text = `event: image_generation.completed\ndata: {"b64_json":"${b64}"}\n\n`;
    const cuts = Array.from({ length: Math.ceil(text.length / 16_384) }, (_, i) => i * 16_384);
    const [message] = await all(body(text, cuts).stream);
    expect((JSON.parse(message!.data) as { b64_json: string }).b64_json).toBe(b64);
  });

  test('a reader that stops early closes the connection', async () => {
    const { stream, state } = body('data: 1\n\ndata: 2\n\ndata: 3\n\n', [3, 10, 20]);
    for await (const message of readSse(stream)) {
      expect(message.data).toBe('1');
      break;
    }
    await new Promise((r) => setTimeout(r, 0));
    expect(state.canceled).toBe(true);
  });
});
