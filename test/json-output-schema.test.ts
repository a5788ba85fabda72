import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IncidentViewOutput, JsonOutput } from '../src/core/schemas/output.js';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess as cli } from './helpers/cli-in-process.js';
import { makeProject, REPO } from './helpers/project.js';

const project = makeProject({ withScenarios: false });
afterAll(() => project.cleanup());

/** Given a --json document, then it leads with schemaVersion 1 and fits schemas/output.schema.json's source. */
function documented(stdout: string): any {
  const doc = JSON.parse(stdout);
  expect(Object.keys(doc)[0]).toBe('schemaVersion');
  expect(doc.schemaVersion).toBe(1);
  const parsed = JsonOutput.safeParse(doc);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  return doc;
}

describe('--json documents carry schemaVersion and are described by schemas/output.schema.json', () => {
  it('the committed schema is what `aiops playbook schema --format output` prints', async () => {
    const r = await cli(project, ['playbook', 'schema', '--format', 'output']);
    expect(r.exitCode, r.stderr).toBe(0);
    const committed = JSON.parse(readFileSync(join(REPO, 'schemas', 'output.schema.json'), 'utf8'));
    expect(r.json()).toEqual(committed);
    expect(committed.anyOf.every((s: any) => s.required.includes('schemaVersion') && s.properties.schemaVersion.const === 1)).toBe(true);
  });

  it('incident, list, validate, verify, version and error documents all fit it', async () => {
    const start = documented((await cli(project, ['incident', 'start', '--trigger', 'data_leakage', '--json'], { as: 'alice' })).stdout);
    // The incident view is checked field by field, not only as "some document with a schemaVersion"
    expect(IncidentViewOutput.strict().safeParse(start.incident).error?.issues).toBeUndefined();
    const id = start.incident.id as string;
    const approved = documented((await cli(project, ['incident', 'approve', id, 'pause', '--note', 'ok', '--json'], { as: 'alice' })).stdout);
    expect(IncidentViewOutput.strict().safeParse(approved.incident).error?.issues).toBeUndefined();
    expect(documented((await cli(project, ['incident', 'list', '--json'])).stdout).incidents).toHaveLength(1);
    expect(documented((await cli(project, ['playbook', 'validate', '--json'])).stdout).ok).toBe(true);
    expect(documented((await cli(project, ['evidence', 'verify', '--json'])).stdout).ok).toBe(true);
    expect(documented((await cli(project, ['version', '--json'])).stdout).version).toMatch(/^\d+\.\d+\.\d+/);
    const refused = documented((await cli(project, ['incident', 'close', id, '--summary', 'x', '--json'], { as: 'bob' })).stdout);
    expect(refused.error.kind).toBe('refused');
    const usage = documented((await cli(project, ['incident', 'close', id, '--json'], { as: 'alice' })).stdout);
    expect(usage.error.kind).toBe('invalid-input');
  });

  it('an incident whose model_owner came from the service owner, and scenario record, fit it too', async () => {
    // Given a service with a technical owner (roster.yaml: shop-assistant's is alice) and --assign-oncall
    const start = documented((await cli(project, ['incident', 'start', '--trigger', 'cost_spike', '--title', 't', '--service', 'shop-assistant', '--assign-oncall', '--json'], { as: 'alice' })).stdout);
    expect(start.incident.roles.model_owner.source).toBe('owner');
    expect(IncidentViewOutput.strict().safeParse(start.incident).error?.issues).toBeUndefined();
    // And `scenario record --json` is a document like the others (it led with `ok` and had no schemaVersion)
    const rec = documented((await cli(project, ['scenario', 'record', start.incident.id, '--json'])).stdout);
    expect(rec.scenario.injects.length).toBeGreaterThan(0);
  });

  it('a document with an incident view that does not fit, or an error of no known shape, fails it', () => {
    // The union's "any other document" branch no longer takes whatever carries a schemaVersion
    expect(JsonOutput.safeParse({ schemaVersion: 1, ok: true, incident: { id: 'INC-2026-0001' } }).success).toBe(false);
    expect(JsonOutput.safeParse({ schemaVersion: 1, ok: false, error: 'boom' }).success).toBe(false);
    // While a document naming an incident by its id is still "another command's"
    expect(JsonOutput.safeParse({ schemaVersion: 1, ok: true, file: 'x.md', incident: 'INC-2026-0001' }).success).toBe(true);
  });

  it('the installed binary prints schemaVersion too, also for an error', async () => {
    const r = await aiops(project, ['incident', 'show', 'INC-1999-0001', '--json']);
    expect(r.exitCode).toBe(2);
    expect(documented(r.stdout).ok).toBe(false);
  });
});
