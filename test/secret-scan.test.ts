import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { presetScanner, secretScanner } from '../src/app/secret-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'aiops-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A worker script speaking the scan protocol; `body` handles one message `m`. */
const script = (name: string, body: string) => {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\nconst found = new Map();\nparentPort.on('message', (m) => {\n${body}\n});\n`);
  return pathToFileURL(file);
};

// Finds words that start with SECRET- and counts the texts it was sent.
const FINDER = `
  const s = found.get(m.scan) ?? { secrets: new Set(), texts: 0 };
  found.set(m.scan, s);
  if (m.text !== undefined) { s.texts += m.text.split('\\n').length; for (const w of m.text.match(/SECRET-\\w+/g) ?? []) s.secrets.add(w); }
  if (m.request !== undefined) parentPort.postMessage({ scan: m.scan, request: m.request, finds: [...s.secrets, 'texts:' + s.texts] });
`;

describe('the secret scanner fed while the log is read', () => {
  it('sends each distinct text once, in batches, and answers with everything found so far', async () => {
    const scanner = secretScanner(Worker, script('finder', FINDER));
    // A hook's output repeated on every retry, nested values, and a secret among them
    for (let i = 0; i < 500; i++) scanner.add({ stdout: 'assistant paused', argv: ['./pause.sh', '--tenant', 'b'], n: i });
    scanner.add({ note: { text: 'pasted SECRET-one by mistake' } });
    expect(await scanner.finds()).toEqual(['SECRET-one', 'texts:5']);
    // Texts added after a first answer are scanned too; seen ones are not sent again
    scanner.add({ note: 'and SECRET-two', again: 'assistant paused' });
    expect(await scanner.finds()).toEqual(['SECRET-one', 'SECRET-two', 'texts:6']);
    scanner.close();
  });

  it('answers null (not scanned) when its worker fails to start, so the caller scans on its own thread', async () => {
    const scanner = secretScanner(Worker, script('broken', "throw new Error('cannot load');"));
    scanner.add({ note: 'SECRET-x' });
    expect(await scanner.finds()).toBeNull();
  });

  it('answers null when its worker dies in the middle of a scan', async () => {
    const scanner = secretScanner(Worker, script('dies', 'if (m.text !== undefined) process.exit(3);'));
    scanner.add({ note: 'SECRET-x' });
    expect(await scanner.finds()).toBeNull();
  });

  it('scans on this thread with the preset when there is no worker script', async () => {
    const token = 'ghp_Zq8vLm2pRtXw4Yb6Nc0Ud3Ke5Jf7Hg9Ia1Sb';
    const missing = pathToFileURL(join(dir, 'absent.mjs'));
    for (const scanner of [secretScanner(Worker, missing), secretScanner(undefined), presetScanner()]) {
      scanner.add({ stdout: `cloning with ${token}` });
      expect(await scanner.finds()).toEqual([token]);
    }
  });
});
