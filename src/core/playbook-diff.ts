import type { Playbook, Step } from './schemas/playbook.js';
import { approversOf, messageTemplateOf } from './step-kinds/index.js';

export type StepChange =
  | { kind: 'added'; step: string; title: string; index: number }
  | { kind: 'removed'; step: string; title: string }
  | { kind: 'reworded'; step: string; field: 'title' | 'instructions' | 'template'; from: string | null; to: string | null }
  | { kind: 're-owned'; step: string; from: string; to: string }
  | { kind: 'approvals-changed'; step: string; from: string[]; to: string[] }
  | { kind: 'changed'; step: string; field: string; from: unknown; to: unknown }
  | { kind: 'moved'; step: string; from: number; to: number };

export interface PlaybookDiff {
  from: string;
  to: string;
  header: { field: string; from: unknown; to: unknown }[];
  steps: StepChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What changed between two versions of a playbook, step by step. */
export function diffPlaybooks(a: Playbook, b: Playbook): PlaybookDiff {
  const header: PlaybookDiff['header'] = [];
  for (const field of ['title', 'owner', 'triggers', 'roles', 'review_by', 'rehearse_every'] as const) {
    if (!same(a[field], b[field])) header.push({ field, from: a[field] ?? null, to: b[field] ?? null });
  }
  const steps: StepChange[] = [];
  const before = new Map(a.steps.map((s, i) => [s.id, { s, i }]));
  const after = new Map(b.steps.map((s, i) => [s.id, { s, i }]));
  for (const { s } of before.values()) if (!after.has(s.id)) steps.push({ kind: 'removed', step: s.id, title: s.title });
  const keptOrderA = a.steps.filter((s) => after.has(s.id)).map((s) => s.id);
  const keptOrderB = b.steps.filter((s) => before.has(s.id)).map((s) => s.id);
  b.steps.forEach((s, i) => {
    const old = before.get(s.id);
    if (!old) {
      steps.push({ kind: 'added', step: s.id, title: s.title, index: i });
      return;
    }
    steps.push(...compareStep(old.s, s));
    const ia = keptOrderA.indexOf(s.id);
    const ib = keptOrderB.indexOf(s.id);
    if (ia !== ib) steps.push({ kind: 'moved', step: s.id, from: old.i + 1, to: i + 1 });
  });
  return { from: `${a.id}@${a.version}`, to: `${b.id}@${b.version}`, header, steps };
}

function field(s: Step, name: string): unknown {
  return (s as Record<string, unknown>)[name];
}

function compareStep(a: Step, b: Step): StepChange[] {
  const out: StepChange[] = [];
  const wording = { title: (s: Step) => s.title, instructions: (s: Step) => s.instructions ?? null, template: messageTemplateOf };
  for (const f of ['title', 'instructions', 'template'] as const) {
    const x = wording[f](a);
    const y = wording[f](b);
    if (x !== y) out.push({ kind: 'reworded', step: b.id, field: f, from: x, to: y });
  }
  if (a.owner !== b.owner) out.push({ kind: 're-owned', step: b.id, from: a.owner, to: b.owner });
  const ap = approversOf(a);
  const bp = approversOf(b);
  if (!same(ap, bp)) out.push({ kind: 'approvals-changed', step: b.id, from: ap, to: bp });
  for (const f of ['kind', 'hook', 'params', 'due', 'options', 'duration']) {
    if (!same(field(a, f), field(b, f))) out.push({ kind: 'changed', step: b.id, field: f, from: field(a, f) ?? null, to: field(b, f) ?? null });
  }
  return out;
}

export function describeStepChange(c: StepChange): string {
  switch (c.kind) {
    case 'added':
      return `+ ${c.step}: added at position ${c.index + 1} — "${c.title}"`;
    case 'removed':
      return `- ${c.step}: removed — "${c.title}"`;
    case 'reworded':
      return `~ ${c.step}: ${c.field} reworded\n    was: ${c.from ?? '(none)'}\n    now: ${c.to ?? '(none)'}`;
    case 're-owned':
      return `~ ${c.step}: owner ${c.from} → ${c.to}`;
    case 'approvals-changed':
      return `! ${c.step}: approvals [${c.from.join(', ')}] → [${c.to.join(', ')}]`;
    case 'changed':
      return `~ ${c.step}: ${c.field} ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`;
    case 'moved':
      return `~ ${c.step}: moved from position ${c.from} to ${c.to}`;
  }
}
