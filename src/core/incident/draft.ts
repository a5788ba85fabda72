import type { IncidentIndex, IncidentState, StepState } from './state.js';
import type { Ownership } from './ownership.js';

type ObjectField = { [K in keyof IncidentState]-?: IncidentState[K] extends object ? K : never }[keyof IncidentState];

/** The state one event is changing: every write goes through here, so it lands on a copy this fold owns. */
export class IncidentDraft {
  constructor(
    private readonly own: Ownership,
    /** Already this fold's own copy: its plain fields may be set directly. */
    readonly s: IncidentState,
  ) {}

  /** A field of the state (array, map or record) that may be changed in place. */
  field<K extends ObjectField>(key: K): IncidentState[K] {
    const value = this.own.writable(this.s[key]);
    this.s[key] = value;
    return value;
  }

  /** One of the lookups, ready to be added to. */
  index<K extends keyof IncidentIndex>(key: K): IncidentIndex[K] {
    const index = this.field('index');
    const value = this.own.writable(index[key]);
    index[key] = value;
    return value;
  }

  /** A list inside a step or run that may be appended to. */
  list<T>(items: T[]): T[] {
    return this.own.writable(items);
  }

  /** Position of the first step with this id; -1 when there is none. */
  stepAt(id: string | null | undefined): number {
    return id ? (this.s.index.steps.get(id) ?? -1) : -1;
  }

  /** The step at `at`, ready to be changed. */
  editStep(at: number): StepState {
    const steps = this.field('steps');
    const step = this.own.writable(steps[at]!);
    steps[at] = step;
    return step;
  }

  /** Puts a step in place of the one at `at`, or appends it (and indexes it) when `at` is -1. */
  putStep(at: number, step: StepState): void {
    const steps = this.field('steps');
    this.own.adopt(step);
    if (at >= 0) {
      steps[at] = step;
      return;
    }
    if (!this.s.index.steps.has(step.id)) this.index('steps').set(step.id, steps.length);
    steps.push(step);
  }

  /** Marks an object the fold just built as its own, so later events of the fold change it in place. */
  adopt<T extends object>(value: T): T {
    return this.own.adopt(value);
  }
}
