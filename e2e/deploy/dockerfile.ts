// A small Dockerfile reader for the structure tests: instructions with their continuation lines joined and
// comments dropped, grouped into build stages, with `${ARG}` references in FROM resolved from the global
// ARG defaults the way the builder resolves them.
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  readonly globalArgs: Readonly<Record<string, string>>;
  readonly stages: readonly Stage[];
}

export function instructionsOf(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    const space = full.search(/\s/);
    out.push({
      keyword: (space < 0 ? full : full.slice(0, space)).toUpperCase(),
      args: space < 0 ? '' : full.slice(space + 1).trim(),
    });
  }
  return out;
}

const substitute = (text: string, args: Readonly<Record<string, string>>) =>
  text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name: string) => args[name] ?? m);

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: { from: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const ins of instructionsOf(text)) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--platform='));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        from: substitute(words[0] ?? '', globalArgs),
        name: as >= 0 ? words[as + 1] : undefined,
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        const [name, value] = ins.args.split('=', 2);
        globalArgs[name as string] = value ?? '';
      }
    } else {
      stages.at(-1)?.instructions.push(ins);
    }
  }
  return { globalArgs, stages };
}

/** `KEY=value` pairs of LABEL and ENV instructions (quotes removed). */
export function keyValues(instructions: readonly Instruction[], keyword: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ins of instructions.filter((i) => i.keyword === keyword)) {
    for (const m of ins.args.matchAll(/([A-Za-z0-9_.-]+)=("([^"]*)"|(\S+))/g)) {
      out[m[1] as string] = m[3] ?? m[4] ?? '';
    }
  }
  return out;
}
