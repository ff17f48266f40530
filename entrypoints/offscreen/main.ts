import { createJobRunner, sendUnsaved, serveRunner } from '../../utils/jobs/host';
import { sendMessage } from '../../utils/platform/messaging';
import { createJobStore } from '../../utils/jobs/store';
import { createVault } from '../../utils/keys/vault';
import { remoteSession } from '../../utils/keys/vault-remote';

// Chrome only: the long-lived context where provider calls run (see utils/jobs/host.ts). It has no
// chrome.storage, so an unlocked vault's key comes from the background (utils/keys/vault-session.ts).
const store = createJobStore();
const runner = createJobRunner(store, () => undefined, sendUnsaved, createVault({ session: remoteSession() }));
// A job that resumes after a restart goes back through the background's gateway.
serveRunner(runner, store, (jobId) => void sendMessage('startJob', jobId).catch(() => undefined));
