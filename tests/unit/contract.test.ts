// @vitest-environment node
// Real HTTP on loopback to the fake providers: Node's fetch, not happy-dom's (which enforces CORS).
import { contractSuite } from './contract/harness';
import { ideogramContract } from './contract/ideogram';
import { openaiContract } from './contract/openai';

for (const subject of [openaiContract, ideogramContract]) contractSuite(subject);
