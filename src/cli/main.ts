import { mayOpenTui, tuneV8ForTheScreen } from './tui-heap.js';
import { packageVersion, versionAsked, versionDocument } from './version.js';

export { mayEndPromptly } from './prompt-exit.js';

/** Entry point: `--version` (`-V`, `-v`, `version`), also among global options, answers before commander and the command groups load. */
export async function main(argv: string[]): Promise<void> {
  // `aiops ... | head` closing the pipe early is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  // Nor is a closed or full stderr: warnings and messages are lost, the command and its exit code stand.
  process.stderr.on('error', () => {});
  const args = argv.slice(2);
  if (mayOpenTui(args, Boolean(process.stdin.isTTY), Boolean(process.stdout.isTTY))) tuneV8ForTheScreen();
  const version = versionAsked(args);
  if (version) {
    const { withSchemaVersion } = await import('../core/output-version.js');
    process.stdout.write(version.json ? `${JSON.stringify(withSchemaVersion(versionDocument()), null, 2)}\n` : `${packageVersion()}\n`);
    process.exitCode = 0;
    return;
  }
  const { run } = await import('./index.js');
  await run(argv);
}
