import type { ProviderDefinition } from '../types';

/** PhotoRoom background removal (PROVIDERS.md). The call lands with the PhotoRoom provider. */
export const photoroom: ProviderDefinition = {
  id: 'photoroom',
  label: 'PhotoRoom',
  // Background removal is on sdk.photoroom.com; the account endpoint behind "Test key" is on image-api.
  hosts: ['https://sdk.photoroom.com/*', 'https://image-api.photoroom.com/*'],
  defaultBaseURL: 'https://sdk.photoroom.com',
  authHeaders: (key) => ({ 'x-api-key': key }),
  // GET /v2/account: the account's remaining credits.
  keyCheck: { path: '/v2/account', baseURL: 'https://image-api.photoroom.com', judge: () => 'accepted', invalid: [401, 403] },
  links: { keys: 'https://app.photoroom.com/api-dashboard' },
  models: [],
  customModel: (id) => ({ id, label: id, operations: ['remove-background'], params: [] }),
};
