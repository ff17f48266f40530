/**
 * The little Markdown that PRIVACY.md uses, as data for a Svelte page to render (no HTML strings,
 * so nothing from the file is ever parsed as markup): headings, paragraphs, lists nested by two
 * spaces, `code`, **bold** and [links](https://…).
 */

export type Inline = { text: string; code?: true; bold?: true; href?: string };
export interface ListItem {
  inline: Inline[];
  children: ListItem[];
}
export type Block = { kind: 'heading'; level: 1 | 2 | 3; inline: Inline[] } | { kind: 'paragraph'; inline: Inline[] } | { kind: 'list'; items: ListItem[] };

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\((https:\/\/[^)\s]+)\)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ text: m[1], code: true });
    else if (m[2] !== undefined) out.push({ text: m[2], bold: true });
    else out.push({ text: m[3]!, href: m[4]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

interface RawItem {
  depth: number;
  text: string;
}

function nest(raw: RawItem[]): ListItem[] {
  const root: ListItem[] = [];
  const stack: { depth: number; children: ListItem[] }[] = [{ depth: -1, children: root }];
  for (const r of raw) {
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= r.depth) stack.pop();
    const item: ListItem = { inline: parseInline(r.text), children: [] };
    stack[stack.length - 1]!.children.push(item);
    stack.push({ depth: r.depth, children: item.children });
  }
  return root;
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: RawItem[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', inline: parseInline(paragraph.join(' ')) });
    if (list.length) blocks.push({ kind: 'list', items: nest(list) });
    paragraph = [];
    list = [];
  };
  for (const line of source.split(/\r?\n/)) {
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    const item = /^( *)- (.*)$/.exec(line);
    if (!line.trim()) flush();
    else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length as 1 | 2 | 3, inline: parseInline(heading[2]!.trim()) });
    } else if (item) {
      if (paragraph.length) flush();
      list.push({ depth: item[1]!.length, text: item[2]!.trim() });
    } else if (list.length && /^ {2,}\S/.test(line)) {
      // A list item's text goes on, indented, on the next line.
      list[list.length - 1]!.text += ` ${line.trim()}`;
    } else {
      if (list.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}
