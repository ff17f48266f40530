import { describe, expect, test } from 'vitest';
import { downloadPath, expandTemplate, sanitizeSegment } from '../../utils/results/downloads';

const values = { date: new Date(2026, 10, 23, 9, 5, 7), provider: 'openai', model: 'gpt-image-2', prompt: 'make it a watercolor', n: 2 };

describe('file-name templates', () => {
  test('expands every placeholder', () => {
    expect(expandTemplate('{date}_{time}_{provider}_{model}_{prompt}_{n}', values)).toBe(
      '2026-11-23_090507_openai_gpt-image-2_make-it-a-watercolor_2',
    );
  });

  test('{size} is the saved image’s size: the original’s for an edit put back into it', () => {
    expect(expandTemplate('{prompt}-{size}', { ...values, size: { width: 3000, height: 2000 } })).toBe('make-it-a-watercolor-3000x2000');
    expect(expandTemplate('{n}{size}', values)).toBe('2');
  });

  test('leaves unknown placeholders as written, so a typo is visible', () => {
    expect(expandTemplate('{dat}-{n}', values)).toBe('{dat}-2');
  });

  test('builds a relative path under the chosen folder with the right extension', () => {
    expect(downloadPath('Pictor/edits', 'pictor-{n}', values, 'image/webp')).toBe('Pictor/edits/pictor-2.webp');
    expect(downloadPath('', '{prompt}', values, 'image/jpeg')).toBe('make-it-a-watercolor.jpg');
  });

  test('never escapes the Downloads folder or produces an empty name', () => {
    expect(downloadPath('../../etc', '{prompt}', { ...values, prompt: '../../passwd' }, 'image/png')).toBe('etc/passwd.png');
    expect(downloadPath('/abs/../x', '', values, 'image/png')).toBe('abs/x/pictor.png');
    expect(downloadPath('a', '{prompt}', { ...values, prompt: '???' }, 'image/png')).toBe('a/pictor.png');
  });
});

describe('sanitizeSegment', () => {
  test.each([
    ['a:b*c?"d<e>f|g', 'a b c d e f g'],
    ['trailing dots...', 'trailing dots'],
    ['CON', '_CON'],
    ['lpt1', '_lpt1'],
    ['tab\there\nnewline', 'tab here newline'],
    ['  spaced   out  ', 'spaced out'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeSegment(input)).toBe(expected);
  });

  test('cuts long names without leaving a trailing space', () => {
    expect(sanitizeSegment('word '.repeat(40), 12)).toBe('word word wo');
  });
});
