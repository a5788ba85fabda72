import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';
import { loadProjectFor } from '../load.js';
import { offers } from '../option-values.js';
import { printWarnings } from '../print-warnings.js';

/** What `playbook validate --format` checks the files as. */
const VALIDATE_FORMATS = ['playbook', 'config', 'roster'] as const;

export function registerPlaybook(program: Command): void {
  const pb = program.command('playbook').description('list, show, validate and compare playbooks');
  pb.command('list')
    .description('every playbook version, with review and rehearsal flags')
    .action(action(listCmd));
  pb.command('show')
    .argument('<ref>', 'ID or ID@VERSION (newest when no version)')
    .description('show a playbook step by step')
    .action(action(showCmd));
  const validate = pb.command('validate')
    .argument('[files...]', 'playbook files (default: every file in the playbooks directory)')
    .option('--format <name>', 'the files are playbooks (default), or config (aiops.yaml files) or roster files', 'playbook')
    .description('check playbooks (or --format config|roster files); every problem as FILE:LINE:COL; exit 2 on any')
    .action(action(validateCmd));
  offers(validate, '--format', VALIDATE_FORMATS);
  pb.command('schema')
    .option('--format <name>', 'which file: playbook, scenario, config (aiops.yaml), roster, or output (what --json prints)', 'playbook')
    .description('print the playbook JSON Schema (draft 2020-12); --format config|roster|scenario|output for the others')
    .action(action(schemaCmd('playbook')));
  pb.command('diff')
    .argument('<a>', 'ID@V1')
    .argument('<b>', 'ID@V2')
    .description('what changed step by step between two versions')
    .action(action(diffCmd));
}

async function listCmd(ctx: CliContext): Promise<void> {
  const project = await loadProjectFor(ctx, { listing: true });
  const { listPlaybooksWithDrills } = await import('../../app/playbook-status.js');
  const { rows, warnings } = await listPlaybooksWithDrills(project, ctx.clock);
  printWarnings(ctx, warnings);
  ctx.emit({ playbooks: rows, problems: project.problems, ...(warnings.length ? { warnings } : {}) }, () => {
    if (rows.length === 0) return 'no playbooks found (run `aiops init` to get the shipped ones)';
    const lines = rows.map((r) => {
      const flags = r.flags.length ? `  ⚠ ${r.flags.join('; ')}` : '';
      const drilled = r.lastDrill ? `  drilled ${r.lastDrill.date} (${r.lastDrill.score}/100)` : r.lastScriptCheck ? `  script checked ${r.lastScriptCheck.date} (${r.lastScriptCheck.score}/100)` : '';
      return `${r.latest ? '' : '  '}${`${r.id}@${r.version}`.padEnd(34)} ${r.title}${drilled}${flags}`;
    });
    return lines.join('\n');
  });
}

async function showCmd(ctx: CliContext, ref: string): Promise<void> {
  const project = await loadProjectFor(ctx, { listing: true });
  const { findPlaybook } = await import('../../app/playbooks.js');
  const { requiredApprovals } = await import('../../core/validate-playbook.js');
  const { describeStepSpec } = await import('../../core/step-kinds/index.js');
  const found = findPlaybook(project, ref);
  const pb = found.playbook;
  ctx.emit({ file: found.file, sha256: found.sha256, playbook: pb }, () => {
    const out = [
      `${pb.id}@${pb.version} — ${pb.title}`,
      `file: ${found.file}`,
      `sha256: ${found.sha256}`,
      `triggers: ${pb.triggers.map((t) => `${t.id} (${t.severity})`).join(', ') || 'none'}`,
    ];
    if (pb.review_by) out.push(`review by: ${pb.review_by}`);
    out.push('');
    pb.steps.forEach((s, i) => {
      const due = s.due ? `  due ${s.due}` : '';
      out.push(`${String(i + 1).padStart(2)}. [${s.kind}] ${s.id} — ${s.title}  (owner: ${s.owner}${due})`);
      if (s.instructions) out.push(`      ${s.instructions.trim().replace(/\n/g, '\n      ')}`);
      for (const line of describeStepSpec(s, requiredApprovals(s, project.config))) out.push(`      ${line}`);
    });
    return out.join('\n');
  });
}

async function validateCmd(ctx: CliContext, files: string[], opts: { format: string }): Promise<void> {
  const validate = await import('../../app/validate-files.js');
  const { UserError } = await import('../../core/errors.js');
  const byFormat: Record<(typeof VALIDATE_FORMATS)[number], typeof validate.validatePlaybookFiles> = { playbook: validate.validatePlaybookFiles, config: validate.validateConfigFiles, roster: validate.validateRosterFiles };
  const fn = byFormat[opts.format as keyof typeof byFormat];
  if (!fn) throw new UserError(`unknown format "${opts.format}"`, { hint: `use --format ${VALIDATE_FORMATS.join(' | ')}` });
  if (opts.format !== 'playbook' && files.length === 0) throw new UserError(`--format ${opts.format} needs the files to check`);
  await reportValidation(ctx, fn(ctx, files));
}

/** Prints a validation result: ok lines on stdout, every problem as FILE:LINE:COL on stderr; exit 2 on any. */
export async function reportValidation(
  ctx: CliContext,
  result: { files: { file: string; ok: boolean; label?: string }[]; problems: import('../../core/yaml-source.js').Problem[]; warnings?: import('../../core/yaml-source.js').Problem[] },
): Promise<void> {
  const { formatProblem } = await import('../../core/yaml-source.js');
  const ok = result.problems.length === 0;
  const bad = new Set(result.problems.map((p) => p.file)).size;
  const warnings = result.warnings ?? [];
  if (ctx.json) {
    ctx.emit({ ok, files: result.files, problems: result.problems, ...(warnings.length ? { warnings } : {}) }, () => '');
  } else {
    const lines = result.files.filter((f) => f.ok).map((f) => `ok  ${f.file}${f.label ? `  (${f.label})` : ''}`);
    if (result.files.length === 0) lines.push('no files to validate');
    if (lines.length > 0) ctx.out(lines.join('\n'));
    // Warnings never fail the files: they are said first, each located, with the word in front.
    for (const w of warnings) ctx.err(formatProblem({ ...w, message: `warning: ${w.message}` }));
    for (const p of result.problems) ctx.err(formatProblem(p));
    if (!ok) ctx.err(`aiops: ${result.problems.length} problem(s) in ${bad} file(s)`);
  }
  // One JSON document even on failure, so the exit code is set rather than thrown.
  if (!ok) process.exitCode = 2;
}

export function schemaCmd(defaultName: 'playbook' | 'scenario' | 'config' | 'roster') {
  return async (ctx: CliContext, opts: { format?: string }) => {
    const { jsonSchemaFor, SCHEMA_NAMES } = await import('../../core/json-schemas.js');
    const name = opts.format ?? defaultName;
    if (!(SCHEMA_NAMES as string[]).includes(name)) {
      const { UserError } = await import('../../core/errors.js');
      throw new UserError(`unknown schema "${name}"`, { hint: `use --format ${SCHEMA_NAMES.join(' | ')}` });
    }
    ctx.out(JSON.stringify(jsonSchemaFor(name as (typeof SCHEMA_NAMES)[number]), null, 2));
  };
}

async function diffCmd(ctx: CliContext, a: string, b: string): Promise<void> {
  const project = await loadProjectFor(ctx, { listing: true });
  const { findPlaybook } = await import('../../app/playbooks.js');
  const { diffPlaybooks } = await import('../../core/playbook-diff.js');
  const { describeStepChange } = await import('../../core/playbook-diff.js');
  const diff = diffPlaybooks(findPlaybook(project, a).playbook, findPlaybook(project, b).playbook);
  ctx.emit(diff, () => {
    const out = [`${diff.from} → ${diff.to}`];
    for (const h of diff.header) out.push(`~ ${h.field}: ${JSON.stringify(h.from)} → ${JSON.stringify(h.to)}`);
    if (diff.steps.length === 0 && diff.header.length === 0) out.push('no differences');
    for (const c of diff.steps) out.push(describeStepChange(c));
    return out.join('\n');
  });
}
