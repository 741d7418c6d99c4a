import type { InputFile, TargetFact } from './facts.ts';
import type { Notes } from './notes.ts';
import { ImportSyntaxError } from './notes.ts';

/**
 * tgt's targets.conf: `<target IQN> … </target>` blocks (nested `<backing-store PATH>`
 * blocks too) with `backing-store`, `initiator-name`, `incominguser` lines. tgt numbers the
 * backing stores as LUN 1, 2, … in order (LUN 0 is its controller) unless `lun N` says so.
 */
export function importTgt(file: InputFile, notes: Notes): TargetFact[] {
  const out: TargetFact[] = [];
  let target: TargetFact | undefined;
  let store: { path: string; lun?: number; line: number } | undefined;
  let targetLine = 0;
  const lines = file.content.split('\n');
  const addLun = (t: TargetFact, path: string, lun: number | undefined, line: number): void => {
    const number = lun ?? Math.max(0, ...t.luns.map((l) => l.number)) + 1;
    t.luns.push({ number, path, source: { file: file.path, line } });
  };
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.replace(/#.*$/, '').trim();
    if (s === '') return;
    const at = { file: file.path, line };
    const open = /^<target\s+(\S+)\s*>$/i.exec(s);
    if (open) {
      if (target)
        throw new ImportSyntaxError(file.path, line, 'a <target> inside another <target>');
      const iqn = open[1] ?? '';
      target = {
        iqn,
        key: `target:${iqn.toLowerCase()}`,
        source: at,
        implementation: 'tgt',
        luns: [],
        allowedInitiators: [],
      };
      targetLine = line;
      return;
    }
    if (/^<\/target>$/i.test(s)) {
      if (!target || store)
        throw new ImportSyntaxError(file.path, line, 'a </target> closes no <target>');
      out.push(target);
      target = undefined;
      return;
    }
    if (!target) {
      const [k] = s.split(/\s+/);
      notes.add(at, `global tgt option "${k}" is not modelled`);
      return;
    }
    const key = target.key;
    const openStore = /^<(?:backing-store|direct-store)\s+(\S+)\s*>$/i.exec(s);
    if (openStore) {
      store = { path: openStore[1] ?? '', line };
      return;
    }
    if (/^<\/(?:backing-store|direct-store)>$/i.test(s)) {
      if (!store) throw new ImportSyntaxError(file.path, line, 'a </backing-store> closes nothing');
      addLun(target, store.path, store.lun, store.line);
      store = undefined;
      return;
    }
    const [k = '', ...rest] = s.split(/\s+/);
    const v = rest.join(' ');
    if (store) {
      if (k === 'lun' && /^\d+$/.test(v)) store.lun = Number(v);
      else
        notes.add(at, `backing-store ${store.path} option "${k} ${v}" is not modelled`, {
          key,
          label: `backing-store ${k}`,
        });
      return;
    }
    switch (k) {
      case 'backing-store':
      case 'direct-store':
        addLun(target, v, undefined, line);
        break;
      case 'initiator-name':
        target.allowedInitiators.push(v);
        break;
      case 'incominguser':
        target.chapUser = rest[0] ?? '';
        notes.add(
          at,
          'the CHAP secret is not imported; the design refers to a secret named after the target — store it in the keyring',
          { key },
        );
        break;
      default:
        notes.add(
          at,
          `target option "${k} ${/user|password|secret/i.test(k) ? '(secret not shown)' : v}" is not modelled`,
          { key, label: k },
        );
    }
  });
  if (target)
    throw new ImportSyntaxError(
      file.path,
      targetLine,
      'this <target> is never closed (</target> is missing)',
    );
  return out;
}
