import { createJobRunner, serveRunner } from '../../utils/jobs/host';
import { createJobStore } from '../../utils/jobs/store';
import { createVault } from '../../utils/vault';
import { remoteSession } from '../../utils/vault-remote';

// Chrome only: the long-lived context where provider calls run (see utils/jobs/host.ts). It has no
// chrome.storage, so an unlocked vault's key comes from the background (utils/vault-session.ts).
const store = createJobStore();
serveRunner(createJobRunner(store, () => undefined, createVault({ session: remoteSession() })), 'runJob', store);
