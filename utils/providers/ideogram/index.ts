import type { ProviderDefinition } from '../types';

/** Ideogram's REST API (PROVIDERS.md). Models and the call land with the Ideogram provider. */
export const ideogram: ProviderDefinition = {
  id: 'ideogram',
  label: 'Ideogram',
  // Result images are served from ideogram.ai, not the API host: the job downloads them at once.
  hosts: ['https://api.ideogram.ai/*', 'https://ideogram.ai/*'],
  defaultBaseURL: 'https://api.ideogram.ai',
  authHeaders: (key) => ({ 'Api-Key': key }),
  // Ideogram has no free model list. Listing the organization's keys needs an admin key; any other
  // valid key gets 404 ("no organization with billing access"), an invalid one 401.
  keyCheck: { path: '/v2/account/api-keys', judge: () => 'accepted', invalid: [401, 403], acceptedOn: [404] },
  links: { keys: 'https://ideogram.ai/manage-api' },
  models: [],
  customModel: (id) => ({ id, label: id, operations: ['generate'], params: [] }),
};
