import { extensionFor } from '../image/blob';

/** Values a file-name template may use: {date} {time} {provider} {model} {prompt} {n} {size}. */
export interface TemplateValues {
  date: Date;
  provider: string;
  model: string;
  prompt: string;
  n: number;
  /** The saved image's pixel size, when known (a result put back into its original: the original's). */
  size?: { width: number; height: number };
}

// Characters no OS accepts in a file name, control characters, and Windows' reserved names.
const ILLEGAL = /[<>:"/\\|?*\u0000-\u001f\u007f]+/g;
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** One path segment that every OS accepts: no separators, no trailing dot or space, not too long. */
export function sanitizeSegment(raw: string, maxLength = 80): string {
  let s = raw.normalize('NFC').replace(ILLEGAL, ' ').replace(/\s+/g, ' ').trim();
  s = s.slice(0, maxLength).replace(/[. ]+$/, '').replace(/^\.+/, '');
  if (RESERVED.test(s)) s = `_${s}`;
  return s;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Words of the prompt joined by dashes, letters of any script kept: "Make it a watercolor!" → "Make-it-a-watercolor". */
function slug(text: string): string {
  return text.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 48).replace(/^-+|-+$/g, '');
}

export function expandTemplate(template: string, v: TemplateValues): string {
  const d = v.date;
  const values: Record<string, string> = {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`,
    provider: v.provider,
    model: v.model,
    prompt: slug(v.prompt),
    n: String(v.n),
    size: v.size ? `${v.size.width}x${v.size.height}` : '',
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The path handed to downloads.download: relative to the Downloads folder, never empty or escaping it. */
export function downloadPath(folder: string, template: string, v: TemplateValues, mimeType: string): string {
  const folders = folder.split(/[/\\]+/).map((f) => sanitizeSegment(f)).filter((f) => f && f !== '..');
  const name = sanitizeSegment(expandTemplate(template, v), 120) || 'pictor';
  return [...folders, `${name}.${extensionFor(mimeType)}`].join('/');
}
