import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

describe("README's drift watch walkthrough (issue 19)", () => {
  it('telemetry file → drift incident whose approvals carry the live versions and whose rollback resolves previous from the inventory', async () => {
    const p = makeProject({ withScenarios: false });
    projects.push(p);
    const ok = async (args: string[], as?: string) => {
      const r = await aiopsInProcess(p, args, as ? { as } : {});
      expect(r.exitCode, `${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r;
    };
    await ok(['inventory', 'set', 'shop-assistant', 'model=model-2026-09', 'prompt=p6', '--reason', 'deploy 2026-02-20.1'], 'alice');
    await ok(['inventory', 'set', 'shop-assistant', 'prompt=p7', '--reason', 'deploy 2026-03-02.1'], 'alice');
    const gen = await execa('node', [join(REPO, 'tools', 'gen-telemetry.mjs'), 'hallucinated-refund']);
    writeFileSync(join(p.dir, 'telemetry.jsonl'), gen.stdout);
    const watched = await ok(['watch', 'telemetry.jsonl'], 'alice');
    expect(watched.stdout).toContain('rejections-up fired on shop-assistant: rejection_rate 0.2042 above 0.2 over 10m (29 of 142) - opened INC-2026-0001');
    await ok(['incident', 'assign', 'INC-2026-0001', 'model_owner', 'carol'], 'alice');
    await ok(['incident', 'approve', 'INC-2026-0001', 'rollback', '--note', 'p7 live, back to p6'], 'alice');
    const ran = await ok(['incident', 'approve', 'INC-2026-0001', 'rollback', '--note', 'p7 live, back to p6'], 'carol');
    expect(ran.stdout).toContain('rollback-prompt: ok');
    const events = (await ok(['evidence', 'export', 'INC-2026-0001'])).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
    const opened = events.find((e) => e.type === 'incident.opened');
    expect(opened.payload).toMatchObject({ trigger: 'hallucinated_commitment', service: 'shop-assistant', context: { watch_rule: 'rejections-up' } });
    const grants = events.filter((e) => e.type === 'approval.granted');
    expect(grants).toHaveLength(2);
    for (const g of grants) {
      expect(g.payload.inventory).toEqual({ model: 'model-2026-09', prompt: 'p7' });
      expect(g.payload.argv).toEqual(expect.arrayContaining(['--kind', 'prompt', '--service', 'shop-assistant', '--to', 'p6']));
    }
    const finished = events.find((e) => e.type === 'hook.finished');
    expect(finished.payload).toMatchObject({ hook: 'rollback-prompt', ok: true });
    const report = await ok(['report', '--telemetry', 'telemetry.jsonl', '--since', 'all']);
    expect(report.stdout).toContain('OVERSIGHT (telemetry telemetry.jsonl: 400 requests)');
    expect(report.stdout).toContain('  shop-assistant  week of 2026-03-02: 400 requests, 0 escalated');
  });

  it('the generator stops quietly when its reader does (| head), as the README pipes it', async () => {
    const r = await execa('bash', ['-c', `node ${JSON.stringify(join(REPO, 'tools', 'gen-telemetry.mjs'))} --all --records 5000 | head -1 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`], { reject: false });
    expect(r.stderr).toBe('exit 0');
  });
});
