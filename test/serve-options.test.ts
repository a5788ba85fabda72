import { afterAll, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { editProjectFile, makeProject } from './helpers/project.js';

const project = makeProject({ withScenarios: false });
afterAll(() => project.cleanup());

// No AIOPS_SERVE_TOKEN: a value these checks let through is refused next for the missing secret,
// so a serve that would have started never does.
const serve = (args: string[]) => aiops(project, ['serve', '--listen', '127.0.0.1:0', ...args], { as: 'alice' });

describe('serve refuses option values no timer or body limit can honour, before it listens', () => {
  it('--tick longer than a timer holds (24d) is refused as every timer duration is, not run every millisecond', async () => {
    for (const tick of ['25d', '4w']) {
      const r = await serve(['--tick', tick]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toBe(`aiops: --tick ${tick} is too long (at most 24d: longer does not fit a timer)`);
    }
    // the floor is as before
    expect((await serve(['--tick', '1ms'])).stderr).toBe('aiops: --tick wants a duration of at least 50ms (e.g. 15s), got "1ms"');
    // 24d itself passes these checks and reaches the next one
    expect((await serve(['--tick', '24d'])).stderr).toContain('needs a secret');
  });

  it('--max-body and serve.max_body are at most 64 MiB: a mistyped byte count does not lift the limit', async () => {
    const over = await serve(['--max-body', '99999999999999', '--json']);
    expect(over.exitCode).toBe(2);
    expect(over.json().error.message).toBe('--max-body 99999999999999 is more than a request body may be: at most 67108864 (64 MiB)');
    expect((await serve(['--max-body', '67108865'])).exitCode).toBe(2);
    expect((await serve(['--max-body', '67108864'])).stderr).toContain('needs a secret');
    // the same bound in aiops.yaml, with file:line:col
    editProjectFile(project, 'aiops.yaml', (text) => `${text}\nserve:\n  max_body: 99999999999999\n`);
    const config = await aiops(project, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    expect(config.exitCode).toBe(2);
    expect(config.stdout + config.stderr).toMatch(/aiops\.yaml:\d+:\d+: serve\.max_body: at most 67108864 bytes \(64 MiB\)/);
  });
});
