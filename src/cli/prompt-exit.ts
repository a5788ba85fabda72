let promptly = false;

/**
 * A command that is done and left nothing running (no child process, timer, server or open
 * file) says so: bin/aiops.js then ends the process as soon as the command returns, without first
 * tearing down a heap that holds a 7 MB export (~40 ms on 2 cores). In-process runs (tests) are
 * unaffected: only the binary reads this.
 */
export function endPromptly(): void {
  promptly = true;
}

/** Whether the command asked to end promptly and every byte to stdout and stderr has been handed to the OS. */
export function mayEndPromptly(): boolean {
  return promptly && process.stdout.writableLength === 0 && process.stderr.writableLength === 0;
}
