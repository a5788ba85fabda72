import rcompare from 'semver/functions/rcompare.js';
import satisfies from 'semver/functions/satisfies.js';
import type { Playbook } from './schemas/playbook.js';

/** Resolves `id`, `id@version` or `id@range` to the newest matching playbook. */
export function resolvePlaybookRef<T extends { playbook: Playbook }>(ref: string, playbooks: T[]): T | undefined {
  const at = ref.indexOf('@');
  const id = at < 0 ? ref : ref.slice(0, at);
  const range = at < 0 ? '*' : ref.slice(at + 1);
  const candidates = playbooks
    .filter((p) => p.playbook.id === id)
    .filter((p) => p.playbook.version === range || satisfies(p.playbook.version, range, { includePrerelease: true }));
  return candidates.sort((a, b) => rcompare(a.playbook.version, b.playbook.version))[0];
}
