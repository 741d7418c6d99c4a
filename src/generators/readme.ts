import { nodeHostname } from '../model/elements.ts';
import type { ClusterNode, Design } from '../model/types.ts';
import type { BundleFile, FileKind } from './bundleFile.ts';
import { SECRET_MARK, SECRET_PLACEHOLDER, bundlePath } from './bundleFile.ts';
import { isLoginScript } from './ansible/inventory.ts';
import { nodePackages } from './ansible/packages.ts';
import { DRBDADM } from './ansible/validateCommands.ts';

/** What a kind of file is, in the README's words. */
const KIND_TEXT: Record<FileKind, string> = {
  drbd: 'DRBD configuration',
  corosync: 'Corosync configuration',
  'pacemaker-cib': 'Pacemaker CIB (XML)',
  'pacemaker-crm': 'the same configuration as a crm shell script',
  'pacemaker-pcs': 'the same configuration as a pcs script',
  libvirt: 'libvirt domain (KVM, or Xen through libvirt)',
  'xen-xl': 'Xen xl guest configuration',
  openvz: 'OpenVZ container configuration',
  'iscsi-lio': 'iSCSI target (LIO, targetcli script)',
  'iscsi-tgt': 'iSCSI target (tgt)',
  'iscsi-iet': 'iSCSI target (IET)',
  'iscsi-initiator': 'iSCSI initiator',
  ansible: 'Ansible',
  manifest: 'manifest',
  readme: 'this file',
};

/** Markdown text: free text (descriptions) must not become markup. */
function mdText(text: string): string {
  const inline = text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
  // #, -, + and "1." only make markup at the start of a line.
  return /^(?:[#+-]|\d+\.)/.test(inline) ? `\\${inline}` : inline;
}

/** An inline code span; names and paths are model-checked and hold no backtick. */
function code(text: string): string {
  return text.includes('`') ? mdText(text) : `\`${text}\``;
}

function nodeSection(node: ClusterNode, files: readonly BundleFile[]): string[] {
  const jump = node.ssh?.jump;
  const via = jump ? ` through ${code(`${jump.user}@${jump.host}:${jump.port}`)}` : '';
  const ssh = node.ssh
    ? ` (SSH ${code(`${node.ssh.user}@${node.ssh.host}:${node.ssh.port}`)}${via})`
    : '';
  const out = [`### ${node.name}${ssh}`, ''];
  if (files.length === 0) return [...out, 'No files for this node.', ''];
  out.push('| on the node | mode | what | element |', '| --- | --- | --- | --- |');
  for (const f of files)
    out.push(
      `| ${code(f.path)} | ${f.mode.toString(8)} | ${KIND_TEXT[f.kind]} | ${code(f.element)} |`,
    );
  return [...out, ''];
}

function bringUp(design: Design, byNode: ReadonlyMap<string, BundleFile[]>): string[] {
  const first = design.nodes[0];
  const c = design.cluster.corosync;
  const out = ['## Bring-up order', ''];
  out.push(
    'The Ansible playbook runs these steps in this order (`cd ansible && ansible-playbook -i inventory.yml site.yml`); by hand:',
    '',
  );
  let step = 0;
  const head = (text: string): void => {
    out.push(`${++step}. ${text}`, '');
  };
  head('**Packages**, on each node:');
  for (const node of design.nodes)
    out.push(
      `   - ${node.name}: ${code(`apt-get install -y ${nodePackages(design, node, byNode.get(node.name) ?? []).join(' ')}`)}`,
    );
  out.push('');
  if ((c.cipher !== 'none' || c.hash !== 'none') && first) {
    head(
      `**Corosync authkey**: on ${first.name} run ${code('corosync-keygen')}, then copy ${code('/etc/corosync/authkey')} to every other node (owner root, mode 0400). The key is never part of the design or of this bundle.`,
    );
  }
  head(
    `**Files**: copy ${code('nodes/<node>/…')} to each node at the same absolute path, with the mode the manifest lists.`,
  );
  if (design.drbd.length > 0) {
    head('**DRBD**, on every node of each resource:');
    for (const r of design.drbd) {
      const adm = DRBDADM[r.version];
      out.push(
        `   - ${r.name} (DRBD ${r.version}, on ${r.nodes.join(', ')}): ${code(`${adm} create-md ${r.name}`)} on a new disk only, then ${code(`${adm} up ${r.name}`)}; on ${r.nodes[0] ?? '?'}, for a new resource, ${code(`${adm} primary --force ${r.name}`)} then ${code(`${adm} secondary ${r.name}`)} to start the initial sync.`,
      );
    }
    out.push('');
  }
  head(`**Cluster stack**: ${code('systemctl enable --now corosync pacemaker')} on every node.`);
  head(`**Quorum**: wait until ${code('crm_node --quorum')} prints 1.`);
  head(
    `**Pacemaker configuration**, on one node: push ${code('cluster/cib.xml')} as a patch (${code('crm_diff --no-version --original live.xml --new cib.xml')}, then ${code('cibadmin --patch --xml-pipe')}), or load one of the other dialects: ${code('crm configure load update cluster/crm.txt')} or ${code('sh cluster/pcs.sh')}.`,
  );
  const logins = design.nodes.flatMap((n) =>
    (byNode.get(n.name) ?? []).filter(isLoginScript).map((f) => `${n.name}: ${code(f.path)}`),
  );
  if (logins.length > 0) {
    head('**iSCSI initiators**, once Pacemaker runs the targets, log in with:');
    out.push(...logins.map((l) => `   - ${l}`), '');
  }
  head(
    `**Check**: ${code('crm_verify --live-check')}, ${code('crm_mon --one-shot')}${design.drbd.length > 0 ? ` and ${code('drbdadm status')}` : ''}.`,
  );
  return out;
}

/** README.md: what is inside the bundle, per node, and the bring-up order. */
export function generateReadme(design: Design, files: readonly BundleFile[]): BundleFile {
  const byNode = new Map<string, BundleFile[]>();
  for (const f of files) {
    if (f.node === undefined) continue;
    const list = byNode.get(f.node) ?? [];
    list.push(f);
    byNode.set(f.node, list);
  }
  const clusterWide = files.filter((f) => f.node === undefined);
  const secrets = files.filter(
    (f) => f.content.includes(SECRET_MARK) && f.content.search(SECRET_PLACEHOLDER) >= 0,
  );
  const out = [`# Clusterwright bundle: ${design.cluster.name}`, ''];
  if (design.cluster.description) out.push(mdText(design.cluster.description), '');
  out.push(
    'Generated by Clusterwright from the design. Do not edit these files: change the design and generate again. Prove them on this machine with `clusterwright check <this folder>`.',
    '',
    '## What is inside',
    '',
    '- `README.md`: this file.',
    '- `manifest.json`: every file with its node, path on the node, mode, SHA-256 and the design element that produced it.',
    '- `nodes/<node>/…`: the files of each node; the path under `nodes/<node>` is the absolute path on that node.',
  );
  for (const f of clusterWide) out.push(`- ${code(bundlePath(f))}: ${KIND_TEXT[f.kind]}.`);
  out.push('', '## Per node', '');
  for (const node of design.nodes) {
    const hostname = nodeHostname(node);
    if (hostname !== node.name) out.push(`Host name of ${node.name}: ${code(hostname)}.`, '');
    out.push(...nodeSection(node, byNode.get(node.name) ?? []));
  }
  out.push(...bringUp(design, byNode));
  if (secrets.length > 0) {
    out.push(
      '## Secrets',
      '',
      `These files hold ${code('@@CW_SECRET:<name>@@')} placeholders instead of secrets; ${code('clusterwright deploy')} fills them in on the node from your keyring (Ansible users: fill them in with your vault before copying):`,
      '',
      ...secrets.map((f) => `- ${code(bundlePath(f))}`),
      '',
    );
  }
  const kinds = new Set(files.map((f) => f.kind));
  if (kinds.has('openvz') || kinds.has('iscsi-iet')) {
    out.push(
      '## Not packaged in Debian 12',
      '',
      `${[kinds.has('openvz') ? 'OpenVZ (vzctl)' : '', kinds.has('iscsi-iet') ? 'IET (iscsitarget)' : ''].filter(Boolean).join(' and ')} must be installed from outside Debian before bring-up.`,
      '',
    );
  }
  return {
    path: 'README.md',
    mode: 0o644,
    content: `${out.join('\n').trimEnd()}\n`,
    element: design.cluster.name,
    kind: 'readme',
  };
}
