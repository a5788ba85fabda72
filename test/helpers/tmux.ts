import { execFileSync } from 'node:child_process';
import { patience } from './patience.js';

let servers = 0;

/**
 * A private tmux server for one test file: start a session, type, read the screen, wait for text.
 * After `kill` the next session gets a server (socket) of its own: `kill-server` returns before the
 * old server has exited, and a new session on its socket could reach it dying ("server exited
 * unexpectedly", seen under a loaded suite).
 */
export function tmuxSession(name: string) {
  const freshSocket = () => `aiops-${name}-${process.pid}-${++servers}`;
  let socket = freshSocket();
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', name);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    tmux,
    screen,
    start: (cwd: string, cmd: string, size = { x: 100, y: 30 }) =>
      void tmux('new-session', '-d', '-s', name, '-x', String(size.x), '-y', String(size.y), '-c', cwd, cmd),
    keys: (...k: string[]) => void tmux('send-keys', '-t', name, ...k),
    async waitFor(text: string, timeoutMs = 8000): Promise<string> {
      const until = Date.now() + patience(timeoutMs);
      for (;;) {
        const s = screen();
        if (s.includes(text)) return s;
        if (Date.now() > until) throw new Error(`timed out waiting for "${text}" on screen:\n${s}`);
        await sleep(60);
      }
    },
    /** Ends the server; it also exits by itself once its last session is gone. */
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
      socket = freshSocket();
    },
  };
}
