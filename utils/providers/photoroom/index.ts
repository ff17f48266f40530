import type { ModelDef, ParamSpec, ProviderDefinition } from '../types';

/**
 * PhotoRoom's Remove Background API (Basic plan): `POST https://sdk.photoroom.com/v1/segment`,
 * multipart `image_file`, key in `x-api-key`; the answer is the cut-out image itself.
 * Options: https://docs.photoroom.com/api-reference-openapi (remove-background-post-params).
 *
 * Not offered: `format` (Pictor always asks for PNG so the transparency survives and the result can
 * be used as the next input anywhere), `channels` and `bg_color` (a cutout is the point), `despill`
 * (green screens only, and it changes the subject's colours).
 */
const params: readonly ParamSpec[] = [
  {
    kind: 'enum',
    name: 'size',
    label: 'labelSize',
    hint: 'photoRoomSizeHint',
    // preview ≈ 0.25 MP, medium ≈ 1.5 MP, hd ≈ 4 MP, full = up to 36 MP (the API's default).
    values: ['full', 'hd', 'medium', 'preview'],
    default: 'full',
    omit: 'full',
    primary: true,
  },
  // "If true, the image returned is cropped to the cutout border."
  { kind: 'bool', name: 'crop', label: 'photoRoomCropLabel', hint: 'photoRoomCropHint', default: false, sendAs: 'true' },
];

const segment: ModelDef = {
  id: 'segment',
  label: 'Background removal',
  operations: ['remove-background'],
  params,
  maxInputs: 1,
  // Basic plan: $0.02 per image (photoroom.com/api/pricing, as cited by usagepricing.com and
  // api-evangelist, 2026-05). A `preview` result costs a quarter of one (docs FAQ: 0.25 credit).
  price: { unit: 'call', by: { param: 'size', prices: { full: 0.02, hd: 0.02, medium: 0.02, preview: 0.005 }, fallback: 'full' } },
};

/** Sandbox keys are the real key with `sandbox_` in front (docs: remove-background-api-basic-plan/sandbox-mode). */
export const SANDBOX_PREFIX = 'sandbox_';

export const photoroom: ProviderDefinition<'photoroom'> = {
  id: 'photoroom',
  label: 'PhotoRoom',
  // Background removal is on sdk.photoroom.com; the account endpoint behind "Test key" is on image-api.
  hosts: ['https://sdk.photoroom.com/*', 'https://image-api.photoroom.com/*'],
  defaultBaseURL: 'https://sdk.photoroom.com',
  authHeaders: (key) => ({ 'x-api-key': key }),
  // GET /v2/account: the account's remaining credits.
  keyCheck: { path: '/v2/account', baseURL: 'https://image-api.photoroom.com', judge: () => 'accepted', invalid: [401, 403] },
  links: { keys: 'https://app.photoroom.com/api-dashboard' },
  models: [segment],
  // There is one endpoint: a typed id still removes backgrounds the same way, without a price.
  customModel: (id) => ({ ...segment, id, label: id, price: undefined }),
  // Sandbox calls are free but watermarked (1,000 a month, 100 a day).
  keyNote: (key) => (key.trim().startsWith(SANDBOX_PREFIX) ? 'photoRoomSandboxNote' : undefined),
};
