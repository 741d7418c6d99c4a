import type { InputFile, TargetFact } from './facts.ts';
import type { Notes } from './notes.ts';
import { ImportSyntaxError } from './notes.ts';

/** IET's ietd.conf: `Target IQN` starts a target; `Lun N Path=…,Type=…`, `IncomingUser`, … follow. */
export function importIet(file: InputFile, notes: Notes): TargetFact[] {
  const out: TargetFact[] = [];
  let target: TargetFact | undefined;
  file.content.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const s = raw.replace(/#.*$/, '').trim();
    if (s === '') return;
    const at = { file: file.path, line };
    const [k = '', ...rest] = s.split(/\s+/);
    if (k === 'Target') {
      const iqn = rest[0];
      if (!iqn) throw new ImportSyntaxError(file.path, line, 'Target names no IQN');
      target = {
        iqn,
        key: `target:${iqn.toLowerCase()}`,
        source: at,
        implementation: 'iet',
        luns: [],
        allowedInitiators: [],
      };
      out.push(target);
      return;
    }
    if (!target) {
      notes.add(at, `global IET option "${k}" is not modelled`);
      return;
    }
    const key = target.key;
    if (k === 'Lun') {
      const n = Number(rest[0]);
      const opts = Object.fromEntries(
        (rest[1] ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]),
      );
      if (!Number.isInteger(n) || !opts.Path)
        throw new ImportSyntaxError(file.path, line, 'Lun needs a number and Path=…');
      target.luns.push({ number: n, path: opts.Path, source: at });
      for (const [ok, ov] of Object.entries(opts))
        if (ok !== 'Path' && !(ok === 'Type' && ov === 'blockio'))
          notes.add(at, `Lun ${n} option ${ok}=${ov} is not modelled`, { key, label: `Lun ${ok}` });
    } else if (k === 'IncomingUser') {
      target.chapUser = rest[0] ?? '';
      notes.add(
        at,
        'the CHAP secret is not imported; the design refers to a secret named after the target — store it in the keyring',
        { key },
      );
    } else {
      notes.add(
        at,
        `target option "${k} ${/user|password|secret/i.test(k) ? '(secret not shown)' : rest.join(' ')}" is not modelled`,
        { key, label: k },
      );
    }
  });
  return out;
}

/** IET keeps allowed initiators in initiators.allow: `IQN initiator[, initiator…]`. */
export function importIetAllow(
  file: InputFile,
  targets: readonly TargetFact[],
  notes: Notes,
): void {
  file.content.split('\n').forEach((raw, i) => {
    const s = raw.replace(/#.*$/, '').trim();
    if (s === '') return;
    const [iqn = '', ...rest] = s.split(/\s+/);
    const list = rest
      .join(' ')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    const t = targets.find((x) => x.iqn.toLowerCase() === iqn.toLowerCase());
    if (t) t.allowedInitiators.push(...list);
    else
      notes.add(
        { file: file.path, line: i + 1 },
        `initiators.allow names target ${iqn}, which no ietd.conf given defines`,
      );
  });
}
