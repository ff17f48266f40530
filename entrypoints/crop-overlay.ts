import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { takeLeftConfig } from '../utils/crop/handover';
import { OVERLAY_CONFIG_KEY, OVERLAY_OPEN_KEY, type OverlayConfig } from '../utils/crop/messages';
import { openOverlay } from '../utils/crop/page/overlay';

// Injected on demand with scripting.executeScript (activeTab), alongside the call that hands over the
// config (utils/crop/background/inject.ts, candidatesOf in utils/crop/background/sources.ts): the two may run in either
// order, in the same isolated world. A fresh config already there is this injection's: it is taken
// and the overlay opens; otherwise the opener is left for the config's call to use.
export default defineUnlistedScript(() => {
  const world = globalThis as Record<string, unknown>;
  const config = takeLeftConfig<OverlayConfig>(world, OVERLAY_CONFIG_KEY, Date.now());
  if (config) void openOverlay(config);
  else world[OVERLAY_OPEN_KEY] = (given: OverlayConfig) => void openOverlay(given);
});
