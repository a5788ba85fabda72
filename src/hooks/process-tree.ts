import { readdirSync, readFileSync } from 'node:fs';

interface ProcEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** Start time in clock ticks since boot: tells a process from a later one that reused its pid. */
  start: string;
}

function readProc(pid: number): ProcEntry | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19] ?? '' };
  } catch {
    return null;
  }
}

function allProcs(): ProcEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcEntry[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const p = readProc(Number(n));
    if (p) out.push(p);
  }
  return out;
}

/**
 * The processes a hook started: its process group plus every descendant, even one that moved to
 * a session of its own (setsid) while its parent was still alive. Where /proc is missing only the
 * group is known.
 */
export class ProcessTree {
  private readonly known = new Map<number, string>();

  constructor(private readonly rootPid: number) {}

  /** Records the current members; call it before signalling, while parents still link children. */
  snapshot(): void {
    const procs = allProcs();
    const roots = new Set<number>([this.rootPid, ...this.known.keys()]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of procs) {
        if (roots.has(p.pid)) continue;
        if (roots.has(p.ppid) || p.pgid === this.rootPid) {
          roots.add(p.pid);
          grew = true;
        }
      }
    }
    for (const p of procs) if (roots.has(p.pid)) this.known.set(p.pid, p.start);
  }

  /** Signals the group and every recorded member that is still the same process. */
  signal(sig: NodeJS.Signals): void {
    try {
      process.kill(-this.rootPid, sig);
    } catch {
      // the group is gone
    }
    for (const [pid, start] of this.known) {
      const now = readProc(pid);
      if (!now || now.start !== start) {
        this.known.delete(pid);
        continue;
      }
      try {
        process.kill(pid, sig);
      } catch {
        this.known.delete(pid);
      }
    }
  }

  /** Pids recorded so far (for tests and diagnostics). */
  pids(): number[] {
    return [...this.known.keys()];
  }
}

/** Whether a process with this pid exists (it may belong to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
