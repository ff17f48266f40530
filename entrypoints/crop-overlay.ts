import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { OVERLAY_CONFIG_KEY, type OverlayConfig } from '../utils/crop/messages';
import { openOverlay } from '../utils/crop/overlay';

// Injected on demand with scripting.executeScript (activeTab), after the background has set the
// config on the content script's global (see utils/crop/inject.ts).
export default defineUnlistedScript(() => {
  const config = (globalThis as Record<string, unknown>)[OVERLAY_CONFIG_KEY] as OverlayConfig | undefined;
  if (config) void openOverlay(config);
});
