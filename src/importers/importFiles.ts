import { checkDesignData } from '../model/designFile.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import { assemble, bundleNode } from './assemble.ts';
import type { Facts } from './assemble.ts';
import { importCib } from './cib.ts';
import { importCorosync } from './corosync.ts';
import { importDrbd } from './drbd.ts';
import type { InputFile } from './facts.ts';
import { importIet, importIetAllow } from './iet.ts';
import { importLibvirt } from './libvirt.ts';
import { importLio } from './lio.ts';
import { importLioScript, parseLoginScript } from './lioScript.ts';
import type { ImportError, ImportNote } from './notes.ts';
import { ImportSyntaxError, Notes } from './notes.ts';
import { importOpenvz } from './openvz.ts';
import { baseOf } from './paths.ts';
import { importTgt } from './tgt.ts';
import { importXl } from './xl.ts';

export type FileKind =
  | 'drbd'
  | 'corosync'
  | 'cib'
  | 'libvirt'
  | 'xl'
  | 'openvz'
  | 'tgt'
  | 'iet'
  | 'iet-allow'
  | 'lio'
  | 'lio-script'
  | 'iscsi-login'
  | 'initiator-name';

export type ImportResult =
  | {
      readonly ok: true;
      readonly design: Design;
      readonly notes: readonly ImportNote[];
      /** Model problems of the result; empty unless the importer has a bug. */
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly errors: readonly ImportError[] };

/**
 * What kind of configuration a file holds: by its name first (the names these files have on
 * a node), then by what it starts with. Undefined: not a format Clusterwright imports.
 */
export function fileKind(file: InputFile): FileKind | undefined {
  const path = file.path;
  const base = baseOf(path);
  const head = file.content.replace(/^\uFEFF/, '').trimStart();
  if (
    /\.res$/.test(base) ||
    base === 'drbd.conf' ||
    base === 'global_common.conf' ||
    /(^|\/)drbd\.d\//.test(path)
  )
    return 'drbd';
  if (base === 'corosync.conf') return 'corosync';
  if (base === 'targets.conf' || /(^|\/)tgt\/conf\.d\/[^/]+\.conf$/.test(path)) return 'tgt';
  if (base === 'ietd.conf') return 'iet';
  if (base === 'initiators.allow') return 'iet-allow';
  if (base === 'initiatorname.iscsi') return 'initiator-name';
  if (base === 'saveconfig.json') return 'lio';
  if (/\.targetcli$/.test(base) || /^\/(backstores|iscsi)\S*\s+create\s/m.test(head))
    return 'lio-script';
  if (/^#!\/bin\/sh/.test(head) && /iscsiadm\s+-m\s+node\s.*--login/.test(head))
    return 'iscsi-login';
  if (
    /(^|\/)vz\/conf\/\d+\.conf$/.test(path) ||
    (/^\d+\.conf$/.test(base) && /^\s*[A-Z_]+=/m.test(head))
  )
    return 'openvz';
  if (head.startsWith('<')) {
    const root = /<(?!\?|!)([A-Za-z_][\w.-]*)/.exec(head)?.[1];
    if (root === 'cib') return 'cib';
    if (root === 'domain') return 'libvirt';
    if (/<target\s/i.test(head)) return 'tgt';
    return undefined;
  }
  if (head.startsWith('{') && /"targets"|"storage_objects"/.test(head)) return 'lio';
  if (/^\s*totem\s*\{/m.test(head)) return 'corosync';
  if (/^\s*(resource|common|global)\s+[^\n]*\{/m.test(head)) return 'drbd';
  if (/^\s*Target\s+iqn\./m.test(head)) return 'iet';
  if (/\.cfg$/.test(base) || /(^|\/)xen\//.test(path)) return 'xl';
  if (/^\s*name\s*=\s*["']/m.test(head)) return 'xl';
  return undefined;
}

/**
 * Reads existing configuration files into one design. `files` is every file the caller read
 * (a DRBD include resolves against their paths). Unreadable input gives errors naming the file
 * and line; everything else gives a design and the notes of what the model could not hold.
 */
export function importFiles(files: readonly InputFile[]): ImportResult {
  const notes = new Notes();
  const facts: Facts = {
    corosync: [],
    drbd: [],
    cib: [],
    vms: [],
    targets: [],
    initiatorNames: [],
    logins: [],
  };
  const errors: ImportError[] = [];
  const kinds = files.map((f) => ({ file: f, kind: fileKind(f) }));
  for (const { file, kind } of kinds)
    if (kind === undefined)
      errors.push({
        file: file.path,
        line: 1,
        message:
          'not a configuration Clusterwright imports (DRBD, corosync.conf, a CIB, libvirt XML, xl.cfg, OpenVZ CTID.conf, targets.conf, ietd.conf, saveconfig.json)',
      });
  const guard = (run: () => void): void => {
    try {
      run();
    } catch (e) {
      if (e instanceof ImportSyntaxError) errors.push(e.toImportError());
      else throw e;
    }
  };
  const of = (k: FileKind): InputFile[] => kinds.filter((x) => x.kind === k).map((x) => x.file);
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  // Each node's copy of the DRBD files is imported on its own, so includes stay per node.
  const drbdByNode = new Map<string, InputFile[]>();
  for (const f of of('drbd')) {
    const node = bundleNode(f.path) ?? f.node ?? '';
    drbdByNode.set(node, [...(drbdByNode.get(node) ?? []), f]);
  }
  for (const group of drbdByNode.values())
    guard(() =>
      facts.drbd.push(...importDrbd(group, [...byPath.keys()], (p) => byPath.get(p), notes)),
    );
  for (const f of of('corosync')) guard(() => facts.corosync.push(importCorosync(f, notes)));
  for (const f of of('cib')) guard(() => facts.cib.push(importCib(f, notes)));
  for (const f of of('libvirt')) guard(() => facts.vms.push(importLibvirt(f, notes)));
  for (const f of of('xl')) guard(() => facts.vms.push(importXl(f, notes)));
  for (const f of of('openvz')) guard(() => facts.vms.push(importOpenvz(f, notes)));
  for (const f of of('tgt')) guard(() => facts.targets.push(...importTgt(f, notes)));
  for (const f of of('iet')) guard(() => facts.targets.push(...importIet(f, notes)));
  for (const f of of('iet-allow')) guard(() => importIetAllow(f, facts.targets, notes));
  for (const f of of('lio')) guard(() => facts.targets.push(...importLio(f, notes)));
  for (const f of of('lio-script')) guard(() => facts.targets.push(...importLioScript(f, notes)));
  for (const f of of('iscsi-login')) {
    const node = bundleNode(f.path) ?? f.node;
    const login = parseLoginScript(f);
    if (node === undefined) {
      notes.add(
        { file: f.path },
        'an iSCSI login script whose path does not say which node runs it (nodes/<node>/…); not imported',
      );
      continue;
    }
    for (const targetIqn of login.iqns)
      facts.logins.push({
        node,
        targetIqn,
        ...(login.element !== undefined ? { element: login.element } : {}),
        source: { file: f.path },
      });
  }
  for (const f of of('initiator-name'))
    guard(() => {
      const iqn = /^\s*InitiatorName\s*=\s*(\S+)/m.exec(f.content)?.[1];
      const node = bundleNode(f.path) ?? f.node;
      if (iqn === undefined) throw new ImportSyntaxError(f.path, 1, 'no InitiatorName= line');
      if (node === undefined)
        notes.add(
          { file: f.path },
          `initiator name ${iqn}: the path does not say which node it belongs to (nodes/<node>/etc/iscsi/…); not imported`,
        );
      else facts.initiatorNames.push({ node, iqn, source: { file: f.path } });
    });
  if (errors.length > 0) return { ok: false, errors };
  if (files.length === 0)
    return { ok: false, errors: [{ file: '(none)', message: 'no files to import' }] };
  const { design, notes: final } = assemble(facts, notes);
  const checked = checkDesignData(design);
  if (!checked.design)
    return {
      ok: false,
      errors: checked.diagnostics.map((d) => ({
        file: '(imported design)',
        message: `${d.message} (${d.path?.join('.') ?? ''}) — this is a bug in the importer`,
      })),
    };
  return { ok: true, design: checked.design, notes: final, diagnostics: checked.diagnostics };
}
