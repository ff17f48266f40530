import { describe, expect, test } from 'vitest';
import { parseInline, parseMarkdown } from '../../utils/privacy/markdown';
import source from '../../PRIVACY.md?raw';

describe('the privacy page reads PRIVACY.md as data, never as markup', () => {
  test('headings, paragraphs and nested lists with continued lines', () => {
    const blocks = parseMarkdown('# Title\n\nSome words\ngo on.\n\n## Part\n- one\n  goes on\n  - inner\n- two\n');
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, inline: [{ text: 'Title' }] },
      { kind: 'paragraph', inline: [{ text: 'Some words go on.' }] },
      { kind: 'heading', level: 2, inline: [{ text: 'Part' }] },
      {
        kind: 'list',
        items: [
          { inline: [{ text: 'one goes on' }], children: [{ inline: [{ text: 'inner' }], children: [] }] },
          { inline: [{ text: 'two' }], children: [] },
        ],
      },
    ]);
  });

  test('code, bold and https links; anything else stays text', () => {
    expect(parseInline('a `x` **b** [c](https://e.com) <img src=x> [d](javascript:alert(1))')).toEqual([
      { text: 'a ' },
      { text: 'x', code: true },
      { text: ' ' },
      { text: 'b', bold: true },
      { text: ' ' },
      { text: 'c', href: 'https://e.com' },
      { text: ' <img src=x> [d](javascript:alert(1))' },
    ]);
  });

  test('PRIVACY.md parses into its sections, and every word of it is on the page', () => {
    const blocks = parseMarkdown(source);
    expect(blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
    // The letters, in order, without Markdown's marks and whitespace.
    const letters = (s: string) => s.replace(/^\s*(- |#+ )/gm, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*\s]/g, '');
    const texts: string[] = [];
    const walk = (items: { inline: { text: string }[]; children: never[] }[]) =>
      items.forEach((i) => (texts.push(i.inline.map((p) => p.text).join('')), walk(i.children)));
    for (const b of blocks) {
      if (b.kind === 'list') walk(b.items as never);
      else texts.push(b.inline.map((p) => p.text).join(''));
    }
    expect(letters(texts.join(' '))).toBe(letters(source));
  });
});
