import { describe, expect, it } from 'vitest';
import { groupOpenedIn } from '../src/store/append-batch.js';

describe('which incident an alert group opened, read from the openings written meanwhile', () => {
  it('passes over openings edited into text that is no JSON, or into null, and finds the group’s own', () => {
    const opened = [
      { incident_id: 'INC-2026-0001', payload: '{{' },
      { incident_id: 'INC-2026-0002', payload: 'null' },
      { incident_id: 'INC-2026-0003', payload: JSON.stringify({ alert: { key: 'other' } }) },
      { incident_id: 'DRILL-2026-0001', payload: JSON.stringify({ alert: { key: 'k' }, drill: { scenario: 's' } }) },
      { incident_id: 'INC-2026-0004', payload: JSON.stringify({ alert: { key: 'k' } }) },
    ];
    expect(groupOpenedIn(opened, 'k')).toBe('INC-2026-0004');
    expect(groupOpenedIn(opened.slice(0, 3), 'k')).toBeUndefined();
  });
});
