import type { ServiceId } from './types';

/**
 * The model a new install starts with. Kept apart from the catalog so that storage (read by every
 * page's first screen) does not pull the whole catalog in; tests/unit/params.test.ts checks that the
 * catalog has it.
 */
export const DEFAULT_CHOICE = { provider: 'openai', model: 'gpt-image-2' } as const satisfies { provider: ServiceId; model: string };
