// How long a user waits for the quick commands, against the floor of any Node program (`node -e 0`).
// Each command runs once to warm the project cache (as after any earlier command), then all run
// 21 times interleaved and are compared by their medians.
import { BIN, interleavedMedians, slowdownRow, tempProject, timeCommand } from '../lib.js';

const ROUNDS = 21;

export default async function cliStartup() {
  const project = tempProject();
  try {
    const node = process.execPath;
    timeCommand([node, BIN, '--as', 'alice', 'incident', 'start', '--trigger', 'data_leakage', '--title', 'bench', '--service', 'svc'], { cwd: project.dir });
    const run = (...args) => () => timeCommand([node, ...args], { cwd: project.dir });
    const m = await interleavedMedians(ROUNDS, {
      node: run('-e', '0'),
      version: run(BIN, '--version'),
      incidents: run(BIN, 'incident', 'list', '--json'),
      playbooks: run(BIN, 'playbook', 'list', '--json'),
    });
    const baseline = 'node -e 0';
    return [
      slowdownRow({ name: 'CLI startup: --version', baseline, subject: 'aiops --version', baseline_ms: m.node, subject_ms: m.version, max: 2 }),
      slowdownRow({ name: 'CLI startup: incident list', baseline, subject: 'aiops incident list --json', baseline_ms: m.node, subject_ms: m.incidents, max: 3 }),
      slowdownRow({ name: 'CLI startup: playbook list', baseline, subject: 'aiops playbook list --json', baseline_ms: m.node, subject_ms: m.playbooks, max: 3 }),
    ];
  } finally {
    project.cleanup();
  }
}
