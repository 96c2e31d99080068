// Which processes on this machine belong to one system: devcluster carries its kubeconfig path on its
// command line, and it gives every pod process `KUBECONFIG=<that path>` in its environment. Scanning /proc for
// that path finds them all, whoever started them, so "no orphans" is checked without trusting the code that
// should have stopped them.
import { readdirSync, readFileSync } from 'node:fs';

export interface FoundProcess {
  readonly pid: number;
  readonly command: string;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

function isZombie(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return true;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}

/** Live processes (not zombies, not this one) whose command line or environment mentions `text`. */
export function processesMentioning(text: string): FoundProcess[] {
  const found: FoundProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const cmdline = read(`/proc/${pid}/cmdline`) ?? '';
    const environ = read(`/proc/${pid}/environ`) ?? '';
    if (!cmdline.includes(text) && !environ.includes(text)) continue;
    if (isZombie(pid)) continue;
    found.push({ pid, command: cmdline.split('\0').join(' ').trim() });
  }
  return found;
}
