import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/project.js';

const SRC = join(REPO, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const rel = (f: string) => relative(REPO, f);

/** Static value imports (type-only imports are erased and cannot form a load-time cycle). */
function staticImports(file: string): string[] {
  const out: string[] = [];
  for (const m of text.get(file)!.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'(\.[^']+)'/gm)) {
    const target = resolve(dirname(file), m[1]!).replace(/\.js$/, '');
    const found = [`${target}.ts`, `${target}.tsx`].find((p) => text.has(p));
    if (found) out.push(found);
  }
  return out;
}

describe('the code keeps its rooms', () => {
  it('has no file in src/ over 400 lines', () => {
    const long = files.map((f) => ({ file: rel(f), lines: text.get(f)!.split('\n').length })).filter((x) => x.lines > 400);
    expect(long).toEqual([]);
  });

  it('has no import cycle between modules', () => {
    const graph = new Map(files.map((f) => [f, staticImports(f)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map(rel).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const g of graph.get(f)!) walk(g, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) walk(f, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the store behind app: src/ui imports nothing from src/store', () => {
    const leaks = files.filter((f) => f.startsWith(join(SRC, 'ui'))).filter((f) => /from '(\.\.\/)+store\//.test(text.get(f)!));
    expect(leaks.map(rel)).toEqual([]);
  });

  it('decides what a step kind does only in the step-kind modules', () => {
    const branch = /\bkind\s*[!=]==\s*'(check|decision|action|notify|wait)'/;
    const outside = files
      .filter((f) => !f.startsWith(join(SRC, 'core', 'step-kinds')))
      .flatMap((f) => text.get(f)!.split('\n').flatMap((line, i) => (branch.test(line) ? [`${rel(f)}:${i + 1}: ${line.trim()}`] : [])));
    expect(outside).toEqual([]);
  });

  it('lets only src/store open a database and only src/hooks start a process', () => {
    const importers = (pkg: string) => files.filter((f) => new RegExp(`from '${pkg}'`).test(text.get(f)!)).map(rel);
    expect(importers('better-sqlite3').every((f) => f.startsWith('src/store/'))).toBe(true);
    expect(importers('execa').every((f) => f.startsWith('src/hooks/'))).toBe(true);
    expect(importers('pg').every((f) => f.startsWith('src/store/postgres/'))).toBe(true);
  });
});
