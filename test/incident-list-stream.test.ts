import { describe, expect, it } from 'vitest';
import { summaryTextPasses } from '../src/core/incident/summary-filter.js';
import type { IncidentSummary } from '../src/core/incident/summary-row.js';

const row = (over: Partial<IncidentSummary> = {}): string =>
  JSON.stringify({ id: 'INC-1', title: 't', service: 's', severity: 'SEV1', status: 'open', trigger: null, playbook: 'p@1.0.0', openedAt: '2026-03-01T00:00:00.000Z', drill: false, scenario: null, drillEnded: false, commander: null, closedAt: null, ...over });

describe('incident list filters stored summary rows without parsing them', () => {
  it('shows open work by default: not closed, no ended drill', () => {
    expect(summaryTextPasses(row(), {})).toBe(true);
    expect(summaryTextPasses(row({ status: 'mitigated' }), {})).toBe(true);
    expect(summaryTextPasses(row({ status: 'closed' }), {})).toBe(false);
    expect(summaryTextPasses(row({ drill: true, drillEnded: true }), {})).toBe(false);
    expect(summaryTextPasses(row({ status: 'closed' }), { all: true })).toBe(true);
  });

  it('matches one status, and drills or real incidents', () => {
    expect(summaryTextPasses(row({ status: 'resolved' }), { status: 'resolved' })).toBe(true);
    expect(summaryTextPasses(row({ status: 'open' }), { status: 'resolved' })).toBe(false);
    expect(summaryTextPasses(row({ drill: true }), { drills: true })).toBe(true);
    expect(summaryTextPasses(row({ drill: true }), { drills: false })).toBe(false);
    expect(summaryTextPasses(row(), { drills: true })).toBe(false);
  });

  it('is not fooled by a title or service that spells a field: JSON escapes its quotes', () => {
    const hostile = row({ title: 'x","status":"closed","drillEnded":true,"drill":true', service: '"status":"closed"' });
    expect(summaryTextPasses(hostile, {})).toBe(true);
    expect(summaryTextPasses(hostile, { drills: true })).toBe(false);
    expect(summaryTextPasses(hostile, { status: 'closed' })).toBe(false);
  });
});
