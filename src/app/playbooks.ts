import rcompare from 'semver/functions/rcompare.js';
import { UserError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import { resolvePlaybookRef } from '../core/playbook-ref.js';
import type { LoadedPlaybook, Project } from './project.js';

export interface PlaybookRow {
  id: string;
  version: string;
  title: string;
  file: string;
  sha256: string;
  latest: boolean;
  triggers: { id: string; severity: string }[];
  steps: number;
  reviewBy: string | null;
  reviewOverdue: boolean;
  flags: string[];
}

/** Every loaded playbook version, newest first within an id, with review flags. */
export function listPlaybooks(project: Project, clock: Clock): PlaybookRow[] {
  const today = clock.now().toISOString().slice(0, 10);
  const sorted = [...project.playbooks].sort(
    (a, b) => a.playbook.id.localeCompare(b.playbook.id) || rcompare(a.playbook.version, b.playbook.version),
  );
  return sorted.map((p, i) => {
    const latest = i === 0 || sorted[i - 1]!.playbook.id !== p.playbook.id;
    const reviewBy = p.playbook.review_by ?? null;
    const reviewOverdue = reviewBy !== null && reviewBy < today;
    const flags: string[] = [];
    if (reviewOverdue && latest) flags.push(`review overdue since ${reviewBy}`);
    return {
      id: p.playbook.id,
      version: p.playbook.version,
      title: p.playbook.title,
      file: p.file,
      sha256: p.sha256,
      latest,
      triggers: p.playbook.triggers,
      steps: p.playbook.steps.length,
      reviewBy,
      reviewOverdue,
      flags,
    };
  });
}

/** Finds `ID`, `ID@VERSION` or `ID@RANGE` (newest match), or says what exists. */
export function findPlaybook(project: Project, ref: string): LoadedPlaybook {
  const found = resolvePlaybookRef(ref, project.playbooks);
  if (found) return found;
  const id = ref.split('@')[0]!;
  const versions = project.playbooks.filter((p) => p.playbook.id === id).map((p) => p.playbook.version).sort(rcompare);
  const broken = project.problems.filter((p) => p.file.includes(id));
  const hint = versions.length
    ? `versions of ${id}: ${versions.join(', ')}`
    : `known playbooks: ${[...new Set(project.playbooks.map((p) => p.playbook.id))].join(', ') || 'none'}`;
  throw new UserError(`playbook ${ref} not found`, {
    hint: broken.length ? `${hint}; ${broken.length} problem(s) in matching files — run \`aiops playbook validate\`` : hint,
  });
}
