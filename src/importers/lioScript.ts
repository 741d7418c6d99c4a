import type { InputFile, TargetFact } from './facts.ts';
import type { Notes } from './notes.ts';
import { ImportSyntaxError } from './notes.ts';

/**
 * A targetcli batch script (one command per line, as `targetcli < script` runs it): block
 * backstores, the target, its LUNs, portal, ACLs and CHAP user. Other commands are noted.
 */
export function importLioScript(file: InputFile, notes: Notes): TargetFact[] {
  const stores = new Map<string, string>();
  const targets = new Map<string, TargetFact>();
  const targetOf = (iqn: string, line: number): TargetFact => {
    const t = targets.get(iqn);
    if (!t)
      throw new ImportSyntaxError(
        file.path,
        line,
        `target ${iqn} is used before "/iscsi create ${iqn}"`,
      );
    return t;
  };
  file.content.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const s = raw.replace(/#.*$/, '').trim();
    if (s === '' || s === '/ saveconfig' || s === 'saveconfig' || s === 'exit') return;
    const at = { file: file.path, line };
    const words = s.split(/\s+/);
    const [path = '', cmd = '', ...args] = words;
    const kv = Object.fromEntries(
      args.filter((a) => a.includes('=')).map((a) => a.split('=', 2) as [string, string]),
    );
    let m: RegExpExecArray | null;
    if (path === '/backstores/block' && cmd === 'create' && kv.name && kv.dev) {
      stores.set(`/backstores/block/${kv.name}`, kv.dev);
    } else if (path === '/iscsi' && cmd === 'create' && args[0] !== undefined) {
      const iqn = args[0];
      targets.set(iqn, {
        iqn,
        key: `target:${iqn.toLowerCase()}`,
        source: at,
        implementation: 'lio',
        luns: [],
        allowedInitiators: [],
      });
    } else if ((m = /^\/iscsi\/([^/]+)\/tpg1\/(luns|portals|acls)$/.exec(path))) {
      const t = targetOf(m[1] ?? '', line);
      const what = m[2];
      if (what === 'luns' && cmd === 'create') {
        const dev = stores.get(args[0] ?? '');
        const lun = Number(kv.lun);
        if (dev === undefined || !Number.isInteger(lun))
          notes.add(
            at,
            `LUN from ${args[0] ?? '?'} is not a block backstore created in this script; not modelled`,
            { key: t.key, label: 'non-block LUN' },
          );
        else t.luns.push({ number: lun, path: dev, source: at });
      } else if (what === 'portals' && cmd === 'create' && args[0] !== undefined) {
        t.portal = {
          address: args[0],
          ...(args[1] !== undefined ? { port: Number(args[1]) } : {}),
        };
      } else if (what === 'portals' && cmd === 'delete' && args[0] === '0.0.0.0') {
        // The default portal on every address, replaced by the one created next.
      } else if (what === 'acls' && cmd === 'create' && args[0] !== undefined) {
        t.allowedInitiators.push(args[0]);
      } else
        notes.add(at, `targetcli "${s}" is not modelled`, {
          key: t.key,
          label: `targetcli ${what ?? ''} ${cmd}`,
        });
    } else if ((m = /^\/iscsi\/([^/]+)\/tpg1$/.exec(path)) && cmd === 'set') {
      const t = targetOf(m[1] ?? '', line);
      if (args[0] === 'auth' && kv.userid !== undefined) t.chapUser = kv.userid;
      else if (!(
        args[0] === 'attribute' &&
        kv.authentication !== undefined &&
        kv.userid === undefined &&
        args.length === 2
      ))
        notes.add(
          at,
          `targetcli "${/password/i.test(s) ? `${path} set ${args[0] ?? ''} (secret not shown)` : s}" is not modelled`,
          { key: t.key, label: `targetcli set ${args[0] ?? ''}` },
        );
    } else {
      notes.add(
        at,
        `targetcli "${/password/i.test(s) ? '(a command with a secret)' : s}" is not modelled`,
      );
    }
  });
  return [...targets.values()];
}

/**
 * An initiator's login script (iscsiadm discovery, node update, login): which target the node
 * logs into. The node comes from the bundle path; the name from the generated header, if any.
 */
export function parseLoginScript(file: InputFile): { iqns: string[]; element?: string } {
  const iqns = [...file.content.matchAll(/iscsiadm\s+-m\s+node\s+-T\s+(\S+).*--login/g)].map(
    (m) => m[1] ?? '',
  );
  const element = /\(element ([a-z][a-z0-9-]*)\)/.exec(file.content)?.[1];
  return { iqns: [...new Set(iqns)], ...(element !== undefined ? { element } : {}) };
}
