import { describe, expect, it } from 'vitest';
import { closestName } from '../src/core/closest-name.js';
import { AppIncident } from './helpers/app-incident.js';
import { shippedPlaybook } from './helpers/engine.js';

describe('assigning a person who is not in the roster', () => {
  it('refuses a typo as bad input, suggests the closest person, and records nothing', async () => {
    // Given a data-leakage incident started by alice
    const inc = await AppIncident.start(shippedPlaybook('data-leakage'));
    const before = (await inc.events()).length;
    // When she assigns "bbo" as reviewer
    const { decision, appended } = await inc.run('alice', { kind: 'assign', role: 'reviewer', person: 'bbo' });
    // Then it is invalid input naming bob, and the log is unchanged
    expect(decision.ok).toBe(false);
    expect(decision.ok === false && decision.kind === 'invalid' && decision.message).toBe('bbo is not in the roster (did you mean "bob"?)');
    expect(appended).toEqual([]);
    expect((await inc.events()).length).toBe(before);
  });

  it('still only warns when a roster person lacks the role', async () => {
    const inc = await AppIncident.start(shippedPlaybook('data-leakage'));
    const { decision } = await inc.run('alice', { kind: 'assign', role: 'reviewer', person: 'dan' });
    expect(decision.ok).toBe(true);
    expect(decision.ok && decision.warnings.join()).toContain('dan does not have the reviewer role');
  });

  it('suggests only names within two edits', () => {
    expect(closestName('alcie', ['alice', 'bob'])).toBe('alice');
    expect(closestName('zed', ['alice', 'bob', 'carol'])).toBeNull();
  });
});
