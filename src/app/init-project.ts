import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { packageRoot } from './project.js';

interface PlannedFile {
  from: string;
  to: string;
  rewrite?: (text: string) => string;
  executable?: boolean;
}

/** Paths in the shipped aiops.yaml point at fixtures/hooks; a scaffolded project gets them under hooks/. */
const rewriteHookPaths = (text: string) => text.replaceAll('fixtures/hooks/', 'hooks/');

function plan(target: string): PlannedFile[] {
  const root = packageRoot();
  const files: PlannedFile[] = [
    { from: join(root, 'aiops.yaml'), to: join(target, 'aiops.yaml'), rewrite: rewriteHookPaths },
    { from: join(root, 'roster.yaml'), to: join(target, 'roster.yaml') },
  ];
  for (const dir of ['playbooks', 'scenarios', 'schemas']) {
    for (const f of readdirSync(join(root, dir)).sort()) files.push({ from: join(root, dir, f), to: join(target, dir, f) });
  }
  for (const f of readdirSync(join(root, 'fixtures', 'hooks')).sort()) {
    files.push({ from: join(root, 'fixtures', 'hooks', f), to: join(target, 'hooks', f), executable: true });
  }
  return files;
}

/** Scaffolds aiops.yaml, roster.yaml, playbooks/, scenarios/ and example hooks; never overwrites without force. */
export function initProject(dir: string, opts: { force?: boolean } = {}): { written: string[] } {
  const target = resolve(dir);
  const files = plan(target);
  const existing = files.filter((f) => existsSync(f.to)).map((f) => relative(target, f.to));
  if (existing.length > 0 && !opts.force) {
    throw new UserError(`refusing to overwrite ${existing.length} existing file(s) in ${target}`, {
      details: existing.length > 10 ? [...existing.slice(0, 10), `… and ${existing.length - 10} more`] : existing,
      hint: 'aiops init --force overwrites them',
    });
  }
  const written: string[] = [];
  for (const f of files) {
    mkdirSync(resolve(f.to, '..'), { recursive: true });
    if (f.rewrite) writeFileSync(f.to, f.rewrite(readFileSync(f.from, 'utf8')));
    else copyFileSync(f.from, f.to);
    if (f.executable) chmodSync(f.to, 0o755);
    written.push(relative(target, f.to));
  }
  if (ignoreLog(target)) written.push('.gitignore');
  return { written };
}

/** The log holds customer attachments: `.aiops/` goes into .gitignore (added to one that lacks it, never replacing it). */
function ignoreLog(target: string): boolean {
  const file = join(target, '.gitignore');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (text.split(/\r?\n/).some((l) => /^\/?\.aiops\/?$/.test(l.trim()))) return false;
  const entry = '# aiops: the evidence log and hook state (customer data; never commit)\n.aiops/\n';
  writeFileSync(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${entry}`);
  return true;
}
