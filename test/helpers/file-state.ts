import { afterAll } from 'vitest';

// Files share a worker (vitest.config.ts: isolate false): what one file changes in the process
// environment or working directory must not reach the next one, nor the binaries it spawns.
const env = { ...process.env };
const cwd = process.cwd();

afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  process.chdir(cwd);
});
