/** Readers for tgt's targets.conf, IET's ietd.conf and targetcli scripts (space-split words). */
export interface TgtTarget {
  readonly iqn: string;
  readonly backingStores: { path: string; lun: number }[];
  readonly options: [string, string[]][];
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

export function parseTgtConf(text: string): TgtTarget[] {
  const out: TgtTarget[] = [];
  let target: TgtTarget | undefined;
  let store: { path: string; lun: number } | undefined;
  for (const line of lines(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^<target (\S+)>$/.exec(line))) {
      target = { iqn: m[1] as string, backingStores: [], options: [] };
      out.push(target);
    } else if ((m = /^<backing-store (\S+)>$/.exec(line))) {
      store = { path: m[1] as string, lun: -1 };
      target?.backingStores.push(store);
    } else if (line === '</backing-store>') {
      store = undefined;
    } else if (line === '</target>') {
      target = undefined;
    } else {
      const [key, ...values] = line.split(/\s+/);
      if (store && key === 'lun') store.lun = Number(values[0]);
      else if (target) target.options.push([key as string, values]);
      else throw new Error(`line outside a target: ${line}`);
    }
  }
  return out;
}

export interface IetTarget {
  readonly iqn: string;
  readonly luns: { number: number; params: Record<string, string> }[];
  readonly incomingUsers: string[][];
}

export function parseIetdConf(text: string): IetTarget[] {
  const out: IetTarget[] = [];
  for (const line of lines(text)) {
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'Target') {
      out.push({ iqn: rest[0] as string, luns: [], incomingUsers: [] });
      continue;
    }
    const t = out[out.length - 1];
    if (!t) throw new Error(`line outside a Target: ${line}`);
    if (key === 'Lun') {
      const params = Object.fromEntries(
        (rest[1] ?? '').split(',').map((p) => p.split('=') as [string, string]),
      );
      t.luns.push({ number: Number(rest[0]), params });
    } else if (key === 'IncomingUser') {
      t.incomingUsers.push(rest);
    } else {
      throw new Error(`unknown IET line: ${line}`);
    }
  }
  return out;
}

/** A targetcli script as commands: path, then words. */
export function parseTargetcli(text: string): string[][] {
  return lines(text).map((l) => l.split(' '));
}
