import type { CorosyncFact, CorosyncNodeFact, InputFile } from './facts.ts';
import type { Notes } from './notes.ts';
import type { CorosyncItem } from './corosyncSyntax.ts';
import { parseCorosyncConf } from './corosyncSyntax.ts';

const CIPHERS = ['none', 'aes256', 'aes192', 'aes128'] as const;
const HASHES = ['none', 'sha256', 'sha384', 'sha512', 'sha1'] as const;

/**
 * corosync.conf → cluster name, transport, crypto, token, links, nodes and quorum. Options the
 * model has no field for (logging, knet tuning, multicast) become notes on the cluster.
 */
export function importCorosync(file: InputFile, notes: Notes): CorosyncFact {
  const items = parseCorosyncConf(file.content, file.path);
  const fact: CorosyncFact = { source: { file: file.path }, nodes: [] };
  const at = (item: CorosyncItem) => ({ file: file.path, line: item.line });
  const note = (item: CorosyncItem, where: string, label = true): void =>
    notes.add(
      at(item),
      `${where} ${item.body ? `section "${item.key}"` : `option "${item.key}: ${shown(item)}"`} is not modelled`,
      { key: 'cluster', ...(label ? { label: `corosync ${where}.${item.key}` } : {}) },
    );

  for (const top of items) {
    if (!top.body) {
      note(top, 'top-level');
      continue;
    }
    switch (top.key) {
      case 'totem':
        totem(top.body, fact, notes, at, note);
        break;
      case 'nodelist':
        for (const n of top.body) {
          if (n.key !== 'node' || !n.body) {
            note(n, 'nodelist');
            continue;
          }
          fact.nodes.push(node(n, at, note));
        }
        break;
      case 'quorum':
        quorum(top.body, fact, notes, at, note);
        break;
      default:
        // logging, system, resources…: every option is noted, without crowding the description.
        for (const opt of flatten(top.body)) note(opt, top.key, false);
        if (top.body.length === 0) note(top, 'top-level', false);
    }
  }
  return fact;
}

type At = (item: CorosyncItem) => { file: string; line: number };
type Note = (item: CorosyncItem, where: string, label?: boolean) => void;

function shown(item: CorosyncItem): string {
  return /key|secret|password/i.test(item.key) ? '(secret not shown)' : (item.value ?? '');
}

function flatten(items: readonly CorosyncItem[]): CorosyncItem[] {
  return items.flatMap((i) => (i.body ? flatten(i.body) : [i]));
}

function totem(
  body: readonly CorosyncItem[],
  fact: CorosyncFact,
  notes: Notes,
  at: At,
  note: Note,
): void {
  for (const opt of body) {
    const v = opt.value ?? '';
    switch (opt.body ? `${opt.key}{}` : opt.key) {
      case 'version':
        if (v !== '2') note(opt, 'totem');
        break;
      case 'cluster_name':
        fact.clusterName = v;
        break;
      case 'transport':
        if (v === 'knet' || v === 'udpu') fact.transport = v;
        else {
          fact.transport = 'udpu';
          notes.add(at(opt), `transport "${v}" is not modelled; the design uses udpu`, {
            key: 'cluster',
            label: `corosync transport ${v}`,
            replaced: true,
          });
        }
        break;
      case 'crypto_cipher':
        if ((CIPHERS as readonly string[]).includes(v)) fact.cipher = v as CorosyncFact['cipher'];
        else note(opt, 'totem');
        break;
      case 'crypto_hash':
        if ((HASHES as readonly string[]).includes(v)) fact.hash = v as CorosyncFact['hash'];
        else note(opt, 'totem');
        break;
      case 'token': {
        const ms = Number(v);
        if (Number.isInteger(ms) && ms >= 1000 && ms <= 60000) fact.tokenMs = ms;
        else note(opt, 'totem');
        break;
      }
      case 'interface{}':
        for (const i of opt.body ?? []) {
          // The link number and bind address follow from the node addresses.
          if (i.key !== 'linknumber' && i.key !== 'ringnumber' && i.key !== 'bindnetaddr')
            note(i, 'totem.interface');
        }
        break;
      default:
        if (opt.body) for (const i of flatten(opt.body)) note(i, `totem.${opt.key}`);
        else note(opt, 'totem');
    }
  }
}

function node(n: CorosyncItem, at: At, note: Note): CorosyncNodeFact {
  const fact: CorosyncNodeFact = { addresses: new Map(), source: at(n) };
  for (const opt of n.body ?? []) {
    const ring = /^ring(\d+)_addr$/.exec(opt.key);
    if (ring && opt.value) fact.addresses.set(Number(ring[1]), opt.value);
    else if (opt.key === 'name' && opt.value) fact.name = opt.value;
    else if (opt.key === 'nodeid' && /^\d+$/.test(opt.value ?? '')) fact.nodeId = Number(opt.value);
    else note(opt, 'nodelist.node');
  }
  return fact;
}

function quorum(
  body: readonly CorosyncItem[],
  fact: CorosyncFact,
  notes: Notes,
  at: At,
  note: Note,
): void {
  const flag = (v: string | undefined): boolean => v === '1' || v === 'yes' || v === 'on';
  for (const opt of body) {
    switch (opt.body ? `${opt.key}{}` : opt.key) {
      case 'provider':
        if (opt.value !== 'corosync_votequorum') note(opt, 'quorum');
        break;
      case 'two_node':
        fact.twoNode = flag(opt.value);
        break;
      case 'wait_for_all':
        fact.waitForAll = flag(opt.value);
        break;
      case 'device{}': {
        let host: string | undefined;
        let algorithm: 'ffsplit' | 'lms' = 'ffsplit';
        for (const d of opt.body ?? []) {
          if (d.key === 'model' && d.value === 'net') continue;
          if (d.key === 'net' && d.body) {
            for (const x of d.body) {
              if (x.key === 'host' && x.value) host = x.value;
              else if (x.key === 'algorithm' && (x.value === 'ffsplit' || x.value === 'lms'))
                algorithm = x.value;
              else note(x, 'quorum.device.net');
            }
          } else if (d.body) for (const x of flatten(d.body)) note(x, `quorum.device.${d.key}`);
          else note(d, 'quorum.device');
        }
        if (host !== undefined && /^\d{1,3}(\.\d{1,3}){3}$/.test(host))
          fact.qdevice = { host, algorithm };
        else
          notes.add(
            at(opt),
            `quorum device host "${host ?? '(none)'}" is not an IPv4 address; the qdevice is not modelled`,
            { key: 'cluster', label: 'qdevice' },
          );
        break;
      }
      default:
        if (opt.body) for (const x of flatten(opt.body)) note(x, `quorum.${opt.key}`);
        else note(opt, 'quorum');
    }
  }
}
