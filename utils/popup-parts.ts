/**
 * What the popup loads after its first screen (the crop and the prompt), as one chunk: the catalog
 * behind the composer, the key vault, the job store and messaging. The popup asks for it as it opens, so it
 * arrives while the first screen is read (utils/popup-state.svelte.ts).
 */
export { createJobStore } from './jobs/store';
export { prepareJob, submitFailure, submitJob } from './jobs/submit';
export { ComposerState } from './composer-state.svelte';
export { KeysState } from './keys-state.svelte';
export { paramsForModel } from './providers/params';
export { provider } from './providers/registry';
export { updateBadge } from './badge';
export { onMessage, sendMessage } from './messaging';
export { onCropMessage, sendCropMessage } from './crop/messages';
export { guarded } from './message-rules';
export { unsavedJobs } from './storage';
