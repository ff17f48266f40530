import { createJobRunner, serveRunner } from '../../utils/jobs/host';
import { createJobStore } from '../../utils/jobs/store';

// Chrome only: the long-lived context where provider calls run (see utils/jobs/host.ts).
serveRunner(createJobRunner(createJobStore(), () => undefined), 'runJob');
