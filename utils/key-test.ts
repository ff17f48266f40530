import type { ServiceId } from './providers/types';

/**
 * "Test key": the cheapest authenticated call each service documents, run from the options page
 * (an extension page with host permission, so no CORS). None of them makes an image or costs credit.
 */
export type KeyTestOutcome =
  /** The key works and can reach image models. */
  | 'valid'
  /** The key works, but the account lists no image model. */
  | 'no-image-access'
  /** The key works; this service's test can't tell more than that. */
  | 'accepted'
  | 'invalid'
  | 'network'
  | 'error';

export interface KeyTestResult {
  outcome: KeyTestOutcome;
  status?: number;
}

export const DEFAULT_BASE_URLS: Record<ServiceId, string> = {
  openai: 'https://api.openai.com/v1',
  google: 'https://generativelanguage.googleapis.com',
  ideogram: 'https://api.ideogram.ai',
  // Background removal itself is on sdk.photoroom.com; the account endpoint is here.
  photoroom: 'https://image-api.photoroom.com',
};

interface Probe {
  path: string;
  headers(key: string): Record<string, string>;
  /** Reads a 2xx answer. */
  judge(body: unknown): KeyTestOutcome;
  /** Statuses that mean "the key is wrong", and those that mean "the key is right but this call is not allowed". */
  invalid: number[];
  acceptedOn?: number[];
}

const isImageModel = (id: string) => /image|imagen/i.test(id);

const PROBES: Record<ServiceId, Probe> = {
  // GET /v1/models lists the models the key may use (PROVIDERS.md).
  openai: {
    path: '/models',
    headers: (key) => ({ authorization: `Bearer ${key}` }),
    judge: (body) => (ids(body, 'data', 'id').some(isImageModel) ? 'valid' : 'no-image-access'),
    invalid: [401, 403],
  },
  // GET /v1beta/models with x-goog-api-key; a bad key is 400 API_KEY_INVALID, a restricted one 403.
  google: {
    path: '/v1beta/models?pageSize=1000',
    headers: (key) => ({ 'x-goog-api-key': key }),
    judge: (body) => (ids(body, 'models', 'name').some(isImageModel) ? 'valid' : 'no-image-access'),
    invalid: [400, 401, 403],
  },
  // Ideogram has no free model list. Listing the organization's keys needs an admin key; any other
  // valid key gets 404 ("no organization with billing access"), an invalid one 401.
  ideogram: {
    path: '/v2/account/api-keys',
    headers: (key) => ({ 'Api-Key': key }),
    judge: () => 'accepted',
    invalid: [401, 403],
    acceptedOn: [404],
  },
  // GET /v2/account: the account's remaining credits.
  photoroom: {
    path: '/v2/account',
    headers: (key) => ({ 'x-api-key': key }),
    judge: () => 'accepted',
    invalid: [401, 403],
  },
};

function ids(body: unknown, list: string, field: string): string[] {
  const items = (body as Record<string, unknown> | null)?.[list];
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const value = (item as Record<string, unknown> | null)?.[field];
    return typeof value === 'string' ? [value] : [];
  });
}

export function probeUrl(service: ServiceId, baseURL?: string): string {
  return (baseURL || DEFAULT_BASE_URLS[service]).replace(/\/+$/, '') + PROBES[service].path;
}

export async function testKey(service: ServiceId, key: string, baseURL?: string, fetcher: typeof fetch = fetch): Promise<KeyTestResult> {
  const probe = PROBES[service];
  let response: Response;
  try {
    // No cookies: the key alone says who the user is.
    response = await fetcher(probeUrl(service, baseURL), { headers: probe.headers(key), credentials: 'omit' });
  } catch {
    return { outcome: 'network' };
  }
  const status = response.status;
  if (response.ok) {
    const body: unknown = await response.json().catch(() => null);
    return { outcome: probe.judge(body), status };
  }
  if (probe.acceptedOn?.includes(status)) return { outcome: 'accepted', status };
  if (probe.invalid.includes(status)) return { outcome: 'invalid', status };
  return { outcome: 'error', status };
}
