import type { ProviderDefinition } from '../types';

/** Google's Gemini API (PROVIDERS.md). Models and the call land with the Gemini provider. */
export const google: ProviderDefinition = {
  id: 'google',
  label: 'Google',
  hosts: ['https://generativelanguage.googleapis.com/*'],
  defaultBaseURL: 'https://generativelanguage.googleapis.com',
  authHeaders: (key) => ({ 'x-goog-api-key': key }),
  // GET /v1beta/models; a bad key is 400 API_KEY_INVALID, a restricted one 403.
  keyCheck: {
    path: '/v1beta/models?pageSize=1000',
    judge: (body) => (modelNames(body).some((name) => /image/i.test(name)) ? 'valid' : 'no-image-access'),
    invalid: [400, 401, 403],
  },
  links: { keys: 'https://aistudio.google.com/app/apikey' },
  models: [],
  customModel: (id) => ({ id, label: id, operations: ['generate', 'edit'], params: [] }),
};

function modelNames(body: unknown): string[] {
  const models = (body as { models?: unknown } | null)?.models;
  return Array.isArray(models) ? models.flatMap((m) => (typeof (m as { name?: unknown })?.name === 'string' ? [(m as { name: string }).name] : [])) : [];
}
