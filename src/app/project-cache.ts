import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSealed, sealText } from './cache-seal.js';
import { findConfig, resolveDbPath, yamlFilesIn } from './find-config.js';
import type { Project, ProjectOptions } from './project.js';

/**
 * A validated project kept beside aiops.yaml so read commands skip YAML parsing and schema
 * checks (most of a command's start-up). An entry is used only when every file it was built
 * from has the same sha256 and every directory the same YAML files; anything else reloads.
 * Only clean loads are cached, so a broken file is always reported afresh. The file holds the
 * roster's contact details, so it is 0600 like the evidence log. An entry carries the seal of its
 * writer (cache-seal.ts): a command that acts re-checks an unsealed or foreign-sealed entry against
 * the YAML files before it trusts who may run what.
 */
const FORMAT = 2;

interface CacheEntry {
  format: number;
  aiops: string;
  cwd: string;
  configFile: string | null;
  files: Record<string, string | null>;
  dirs: Record<string, string[]>;
  project: Omit<Project, 'dbPath'>;
}

/**
 * Identifies the code that validated an entry: the version plus the size and mtime of every
 * compiled module under core/ (schemas and rules) and verbs/ (how a drill script entry is read),
 * so a rebuilt aiops never trusts old results.
 */
function codeStamp(version: string): string {
  const h = createHash('sha256').update(version);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else h.update(`${name}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  try {
    for (const dir of ['../core/', '../verbs/']) walk(fileURLToPath(new URL(dir, import.meta.url)));
  } catch {
    return `${version}:unknown`;
  }
  return h.digest('hex');
}

function cachePath(root: string): string {
  return join(root, '.aiops', 'project-cache.json');
}

function hashFile(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return null;
  }
}

function listYaml(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return [];
  }
}

function inputsOf(project: Project): { files: string[]; dirs: string[] } {
  const root = project.root;
  const dirs = [resolve(root, project.config.playbooks ?? 'playbooks'), resolve(root, project.config.scenarios ?? 'scenarios')];
  const files = [
    ...(project.configFile ? [project.configFile] : []),
    resolve(root, project.config.roster ?? 'roster.yaml'),
    ...dirs.flatMap((d) => yamlFilesIn(d)),
  ];
  return { files, dirs };
}

/**
 * The cached project for these options, when nothing it was built from has changed. `pinned`: the
 * command acts on an incident already open, so only aiops.yaml and the roster are re-read.
 */
export async function readCachedProject(opts: ProjectOptions & { pinned?: boolean }, version: string): Promise<Project | null> {
  if (opts.config) return null;
  const cwd = resolve(opts.cwd);
  const configFile = findConfig(cwd);
  const root = configFile ? dirname(configFile) : cwd;
  let entry: CacheEntry;
  let seal: unknown;
  try {
    ({ seal, ...entry } = JSON.parse(readFileSync(cachePath(root), 'utf8')) as CacheEntry & { seal?: unknown });
  } catch {
    return null;
  }
  if (entry.format !== FORMAT || entry.aiops !== codeStamp(version) || entry.cwd !== cwd || entry.configFile !== configFile) return null;
  for (const [dir, names] of Object.entries(entry.dirs)) if (listYaml(dir).join('\n') !== names.join('\n')) return null;
  for (const [file, sha] of Object.entries(entry.files)) if (hashFile(file) !== sha) return null;
  // Listings may trust the cache; a command that acts trusts only an entry this user sealed, and
  // re-reads who may run what from the files for any other.
  // (loaded here: the re-check parses YAML, which a listing never needs)
  if (!opts.readOnly && !isSealed(dirname(cachePath(root)), JSON.stringify(entry), seal)) {
    const { cacheMatchesFiles } = await import('./cache-recheck.js');
    if (!cacheMatchesFiles(entry.project, cwd, { playbooks: !opts.pinned })) return null;
  }
  const env = opts.env ?? process.env;
  return { ...entry.project, dbPath: resolveDbPath({ cwd, db: opts.db, env, root, configDb: entry.project.config.db }) };
}

/** Keeps a clean load for the next command; silently skipped where the directory is not writable. */
export function writeCachedProject(opts: ProjectOptions, project: Project, version: string): void {
  // Outside a project there is nothing worth keeping, and no reason to create .aiops/ there.
  if (opts.config || !project.configFile || project.problems.length > 0) return;
  const { files, dirs } = inputsOf(project);
  const { dbPath: _db, ...rest } = project;
  const entry: CacheEntry = {
    format: FORMAT,
    aiops: codeStamp(version),
    cwd: resolve(opts.cwd),
    configFile: project.configFile,
    files: Object.fromEntries(files.map((f) => [f, hashFile(f)])),
    dirs: Object.fromEntries(dirs.map((d) => [d, listYaml(d)])),
    project: rest,
  };
  const target = cachePath(project.root);
  try {
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    // The seal covers the entry's text as readCachedProject re-serialises it after taking the seal out.
    const text = JSON.stringify(entry);
    const seal = sealText(dirname(target), text);
    writeFileSync(tmp, seal ? JSON.stringify({ seal, ...entry }) : text, { mode: 0o600 });
    renameSync(tmp, target);
  } catch {
    // A read-only checkout still works; it just loads from YAML every time.
  }
}
