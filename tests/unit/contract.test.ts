// @vitest-environment node
// Real HTTP on loopback to the fake providers: Node's fetch, not happy-dom's (which enforces CORS).
import { contractSuite } from './contract/harness';
import { googleContract } from './contract/google';
import { ideogramContract } from './contract/ideogram';
import { openaiContract } from './contract/openai';
import { photoroomContract } from './contract/photoroom';

for (const subject of [openaiContract, googleContract, ideogramContract, photoroomContract]) contractSuite(subject);
