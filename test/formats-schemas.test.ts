import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { REPO } from './helpers/project.js';

const here = { dir: REPO, stateDir: join(REPO, 'state-unused') };
const committed = (name: string) => JSON.parse(readFileSync(join(REPO, 'schemas', `${name}.schema.json`), 'utf8'));

describe('JSON Schemas for editors (schemas/*.schema.json)', () => {
  const commands: Record<string, string[]> = {
    playbook: ['playbook', 'schema'],
    scenario: ['scenario', 'schema'],
    config: ['playbook', 'schema', '--format', 'config'],
    roster: ['playbook', 'schema', '--format', 'roster'],
  };
  for (const [name, args] of Object.entries(commands)) {
    it(`schemas/${name}.schema.json is exactly what \`aiops ${args.join(' ')}\` prints, draft 2020-12, closed objects`, async () => {
      // When the schema is generated from the zod schema (by the binary for the playbook's, in-process for the others)
      const r = await (name === 'playbook' ? aiops : aiopsInProcess)(here, args);
      expect(r.exitCode, r.stderr).toBe(0);
      const generated = r.json();
      // Then the committed file equals it, declares draft 2020-12 and rejects unknown top-level fields
      expect(committed(name)).toEqual(generated);
      expect(generated.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(generated.$id).toBe(`https://aiops.dev/schemas/${name}.schema.json`);
      expect(generated.type).toBe('object');
      expect(generated.additionalProperties).toBe(false);
    });
  }

  it('refuses an unknown schema name with exit 2', async () => {
    const r = await aiops(here, ['playbook', 'schema', '--format', 'incident']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown schema "incident"');
  });

  it('every shipped YAML file carries a modeline pointing at the committed schema of its kind', () => {
    const files: [string, string][] = [
      ['aiops.yaml', './schemas/config.schema.json'],
      ['roster.yaml', './schemas/roster.schema.json'],
      ...readdirSync(join(REPO, 'playbooks')).map((f): [string, string] => [`playbooks/${f}`, '../schemas/playbook.schema.json']),
      ...readdirSync(join(REPO, 'scenarios')).map((f): [string, string] => [`scenarios/${f}`, '../schemas/scenario.schema.json']),
    ];
    for (const [file, schema] of files) {
      const first = readFileSync(join(REPO, file), 'utf8').split('\n')[0];
      expect(first, file).toBe(`# yaml-language-server: $schema=${schema}`);
    }
  });

  it('the schema lists every top-level field the shipped files use', () => {
    const top = (file: string) => readFileSync(join(REPO, file), 'utf8').split('\n').filter((l) => /^[a-z_]+:/.test(l)).map((l) => l.split(':')[0]!);
    const props = (name: string) => Object.keys(committed(name).properties);
    for (const k of top('aiops.yaml')) expect(props('config'), k).toContain(k);
    for (const k of top('roster.yaml')) expect(props('roster'), k).toContain(k);
    for (const f of readdirSync(join(REPO, 'playbooks'))) for (const k of top(`playbooks/${f}`)) expect(props('playbook'), k).toContain(k);
    for (const f of readdirSync(join(REPO, 'scenarios'))) for (const k of top(`scenarios/${f}`)) expect(props('scenario'), k).toContain(k);
  });
});
