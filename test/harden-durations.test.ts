import { describe, expect, it } from 'vitest';
import { HookSpec } from '../src/core/schemas/config.js';
import { PlaybookFile } from '../src/core/schemas/playbook.js';

const playbook = (step: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'p',
  version: '1.0.0',
  title: 't',
  ...extra,
  steps: [{ id: 's', kind: 'check', title: 't', owner: 'commander', ...step }],
});

describe('durations that overflow a timer are refused at validation (issue 17)', () => {
  it('a hook timeout past 24 days is refused; 24d and 30s are fine', () => {
    expect(HookSpec.safeParse({ command: ['x'], timeout: '30d' }).error?.issues[0]?.message).toMatch(/at most 24d/);
    expect(HookSpec.safeParse({ command: ['x'], timeout: '24d' }).success).toBe(true);
    expect(HookSpec.safeParse({ command: ['x'], timeout: '30s' }).success).toBe(true);
  });

  it('a step due of 999…m (Infinity-sized or just huge) is refused', () => {
    expect(PlaybookFile.safeParse(playbook({ due: `${'9'.repeat(400)}m` })).success).toBe(false);
    expect(PlaybookFile.safeParse(playbook({ due: '99999999999m' })).success).toBe(false);
    expect(PlaybookFile.safeParse(playbook({ due: '15m' })).success).toBe(true);
  });

  it('a wait step longer than a timer holds is refused', () => {
    expect(PlaybookFile.safeParse(playbook({ kind: 'wait', duration: '1h' })).success).toBe(true);
    expect(PlaybookFile.safeParse(playbook({ kind: 'wait', duration: '25d' })).success).toBe(false);
  });

  it('rehearse_every may be long (90d) but not past ten years', () => {
    expect(PlaybookFile.safeParse(playbook({}, { rehearse_every: '90d' })).success).toBe(true);
    expect(PlaybookFile.safeParse(playbook({}, { rehearse_every: '99999999999m' })).success).toBe(false);
  });
});
