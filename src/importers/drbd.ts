import type { DrbdFact, DrbdHostFact, DrbdVolumeFact, InputFile } from './facts.ts';
import type { Notes, Source } from './notes.ts';
import { ImportSyntaxError } from './notes.ts';
import type { DrbdStmt } from './drbdSyntax.ts';
import { parseDrbdConf } from './drbdSyntax.ts';
import { matchInclude } from './paths.ts';

/**
 * DRBD 8.4 and 9 configuration (drbd.conf, global_common.conf, *.res) → DRBD facts. What the
 * model knows: on-host sections (node-id, address, device/minor, disk, meta-disk internal),
 * volumes, protocol, allow-two-primaries, quorum, fencing, connection-mesh. Everything else
 * becomes a note on its resource.
 */
export function importDrbd(
  files: readonly InputFile[],
  allPaths: readonly string[],
  read: (path: string) => string | undefined,
  notes: Notes,
): DrbdFact[] {
  const trees = new Map<string, DrbdStmt[]>();
  const parse = (path: string, text: string): DrbdStmt[] => {
    let tree = trees.get(path);
    if (!tree) {
      tree = parseDrbdConf(text, path);
      trees.set(path, tree);
    }
    return tree;
  };
  for (const f of files) parse(f.path, f.content);

  // Expand includes; a file pulled in by another is not read again on its own.
  const included = new Set<string>();
  const expand = (path: string, stack: readonly string[]): DrbdStmt[] =>
    (trees.get(path) ?? []).flatMap((s) => {
      if (word(s, 0) !== 'include' || s.body) return [s];
      const pattern = word(s, 1);
      if (pattern === undefined)
        throw new ImportSyntaxError(s.file, s.line, 'include names no file');
      const found = matchInclude(pattern, path, allPaths).filter((p) => !stack.includes(p));
      if (found.length === 0)
        notes.add(
          src(s),
          `include "${pattern}" matches none of the files given; pass the included files too`,
        );
      return found.flatMap((p) => {
        included.add(p);
        const text = read(p);
        if (text === undefined) return [];
        parse(p, text);
        return expand(p, [...stack, p]);
      });
    });
  const expanded = files.map((f) => ({ path: f.path, stmts: expand(f.path, [f.path]) }));
  const top = expanded.filter((f) => !included.has(f.path)).flatMap((f) => f.stmts);

  // `common` applies to every resource, whichever file it came from.
  const common = new Map<string, DrbdStmt>();
  for (const s of top) {
    const kind = word(s, 0);
    if (kind === 'common' && s.body) {
      for (const sec of s.body) {
        if (!sec.body) {
          notes.add(src(sec), `common option "${wordsOf(sec)}" is not modelled`);
          continue;
        }
        for (const opt of sec.body) common.set(`${word(sec, 0)}.${word(opt, 0)}`, opt);
      }
    } else if (kind === 'global' && s.body) {
      for (const opt of s.body)
        notes.add(src(opt), `global option "${wordsOf(opt)}" is not modelled`);
    }
  }

  const facts: DrbdFact[] = [];
  for (const s of top) {
    const kind = word(s, 0);
    if (kind === 'resource' && s.body) {
      const fact = resource(s, common, notes);
      if (fact) facts.push(fact);
    } else if (kind !== 'common' && kind !== 'global') {
      notes.add(src(s), `top-level "${wordsOf(s)}" is not modelled`);
    }
  }
  // Common options nobody overrode and the model does not know, once each.
  for (const [key, opt] of common) {
    if (!KNOWN_SECTION_OPTIONS.has(key))
      notes.add(src(opt), `common ${key.split('.')[0]} option "${wordsOf(opt)}" is not modelled`);
  }
  return facts;
}

const KNOWN_SECTION_OPTIONS = new Set([
  'net.protocol',
  'net.allow-two-primaries',
  'net.fencing',
  'disk.fencing',
  'disk.size',
  'options.quorum',
]);

function word(s: DrbdStmt, i: number): string | undefined {
  return s.words[i]?.text;
}

function wordsOf(s: DrbdStmt): string {
  const secret = /secret|password/i.test(word(s, 0) ?? '');
  const shown = s.words.map((w, i) => (secret && i > 0 ? '(secret not shown)' : w.text)).join(' ');
  return s.body ? `${shown} { … }` : shown;
}

function src(s: DrbdStmt): Source {
  return { file: s.file, line: s.line };
}

function resource(
  s: DrbdStmt,
  common: ReadonlyMap<string, DrbdStmt>,
  notes: Notes,
): DrbdFact | undefined {
  const name = word(s, 1);
  if (name === undefined) throw new ImportSyntaxError(s.file, s.line, 'resource has no name');
  const key = `drbd:${name}`;
  const note = (at: DrbdStmt, what: string, label?: string): void =>
    notes.add(src(at), what, { key, ...(label !== undefined ? { label } : {}) });
  const fact: DrbdFact = { name, source: src(s), version: '8.4', hosts: [], volumes: [] };
  const resourceVolumes = new Map<number, DrbdVolumeFact>();
  const hostVolumes = new Map<string, Map<number, DrbdVolumeFact>>();
  const options = new Map<string, DrbdStmt>(common);
  let meshHosts: string[] | undefined;
  const connections: DrbdStmt[] = [];

  const volumeField = (into: Map<number, DrbdVolumeFact>, n: number, opt: DrbdStmt): boolean => {
    const k = word(opt, 0);
    if (k !== 'device' && k !== 'disk' && k !== 'meta-disk' && k !== 'flexible-meta-disk')
      return false;
    let vol = into.get(n);
    if (!vol) {
      vol = { number: n, source: src(opt) };
      into.set(n, vol);
    }
    if (k === 'device') {
      const minor = deviceMinor(opt);
      if (minor === undefined)
        note(opt, `device "${wordsOf(opt)}" names no minor number; the volume is left out`);
      else vol.minor = minor;
    } else if (k === 'disk') {
      if (opt.body) {
        // A `disk { … }` section inside a volume: options of the disk, not a path.
        for (const o of opt.body) sectionOption('disk', o);
        return true;
      }
      const path = word(opt, 1);
      if (path === 'none') note(opt, 'a diskless volume (disk none) is not modelled', 'diskless');
      else if (path !== undefined) vol.disk = path;
    } else if (word(opt, 1) !== 'internal') {
      note(
        opt,
        `external meta-disk "${wordsOf(opt)}" is not modelled (the model uses internal)`,
        'external meta-disk',
      );
    }
    return true;
  };

  const sectionOption = (section: string, opt: DrbdStmt): void => {
    options.set(`${section}.${word(opt, 0)}`, opt);
  };

  const readVolumes = (
    stmts: readonly DrbdStmt[],
    into: Map<number, DrbdVolumeFact>,
    where: string,
  ): DrbdStmt[] => {
    const rest: DrbdStmt[] = [];
    for (const opt of stmts) {
      if (word(opt, 0) === 'volume' && opt.body) {
        const n = Number(word(opt, 1));
        if (!Number.isInteger(n) || n < 0)
          throw new ImportSyntaxError(
            opt.file,
            opt.line,
            `volume number "${word(opt, 1)}" is not a number`,
          );
        for (const v of opt.body) {
          if (!volumeField(into, n, v))
            note(
              v,
              `volume ${n} option "${wordsOf(v)}" ${where} is not modelled`,
              `volume.${word(v, 0)}`,
            );
        }
      } else if (!volumeField(into, 0, opt)) rest.push(opt);
    }
    return rest;
  };

  for (const opt of readVolumes(s.body ?? [], resourceVolumes, 'in the resource')) {
    const k = word(opt, 0);
    if (k === 'on' && opt.body) {
      const hostNames = opt.words.slice(1).map((w) => w.text);
      const host: DrbdHostFact = { name: hostNames[0] ?? '', source: src(opt) };
      if (hostNames.length !== 1)
        note(
          opt,
          `"on" with ${hostNames.length} host names; only "${host.name}" is modelled`,
          'multi-host on',
        );
      const vols = new Map<number, DrbdVolumeFact>();
      hostVolumes.set(host.name, vols);
      for (const h of readVolumes(opt.body, vols, `on ${host.name}`)) {
        const hk = word(h, 0);
        if (hk === 'node-id') {
          host.nodeId = Number(word(h, 1));
          fact.version = '9';
        } else if (hk === 'address') {
          const addr = parseAddress(h);
          if (addr) {
            host.address = addr.ip;
            host.port = addr.port;
          } else
            note(
              h,
              `address "${wordsOf(h)}" is not an IPv4 address and port; not modelled`,
              'address',
            );
        } else note(h, `"${wordsOf(h)}" on ${host.name} is not modelled`, `on.${hk ?? ''}`);
      }
      fact.hosts.push(host);
    } else if (k === 'protocol' && !opt.body) {
      sectionOption('net', opt);
    } else if ((k === 'net' || k === 'disk' || k === 'options') && opt.body) {
      for (const o of opt.body) sectionOption(k, o);
    } else if (k === 'connection-mesh' && opt.body) {
      fact.version = '9';
      for (const m of opt.body) {
        if (word(m, 0) === 'hosts') meshHosts = m.words.slice(1).map((w) => w.text);
        else
          note(
            m,
            `connection-mesh option "${wordsOf(m)}" is not modelled`,
            `connection-mesh.${word(m, 0) ?? ''}`,
          );
      }
    } else if (k === 'connection' && opt.body) {
      connections.push(opt);
    } else {
      note(opt, `"${wordsOf(opt)}" is not modelled`, k ?? '');
    }
  }

  for (const c of connections) connection(c, fact, note);

  // The options the model holds; the rest become notes (a resource's own, and common's once).
  for (const [k, opt] of options) {
    const v = word(opt, 1);
    const fromCommon = common.get(k) === opt;
    switch (k) {
      case 'net.protocol':
        if (v === 'A' || v === 'B' || v === 'C') fact.protocol = v;
        else note(opt, `protocol "${v}" is not A, B or C`, 'protocol');
        break;
      case 'net.allow-two-primaries':
        fact.dualPrimary = v === undefined || v === 'yes';
        break;
      case 'net.fencing':
      case 'disk.fencing':
        if (v === 'dont-care' || v === 'resource-only' || v === 'resource-and-stonith')
          fact.fencing = v;
        else note(opt, `fencing "${v}" is not modelled`, 'fencing');
        break;
      case 'options.quorum':
        if (v === 'off' || v === 'majority' || v === 'all') fact.quorum = v;
        else
          note(opt, `quorum "${v}" (a node count) is not modelled; use majority or all`, 'quorum');
        break;
      case 'disk.size':
        if (sizeGiB(v) === undefined) note(opt, `size "${v}" is not understood`, 'size');
        break;
      default:
        if (!fromCommon)
          note(opt, `${k.split('.')[0]} option "${wordsOf(opt)}" is not modelled`, k);
    }
  }
  if (meshHosts) {
    const known = new Set(fact.hosts.map((h) => h.name));
    for (const h of meshHosts)
      if (!known.has(h))
        notes.add(fact.source, `connection-mesh names "${h}", which has no on-section`, { key });
  }

  // Volumes: the resource's, completed by each host's; the first host's path wins.
  const numbers = new Set<number>([...resourceVolumes.keys()]);
  for (const vols of hostVolumes.values()) for (const n of vols.keys()) numbers.add(n);
  const size = options.get('disk.size');
  const gib = size ? sizeGiB(word(size, 1)) : undefined;
  for (const n of [...numbers].sort((a, b) => a - b)) {
    const merged: DrbdVolumeFact = {
      ...(resourceVolumes.get(n) ?? { number: n, source: fact.source }),
    };
    for (const host of fact.hosts) {
      const hv = hostVolumes.get(host.name)?.get(n);
      if (!hv) continue;
      if (hv.minor !== undefined) {
        if (merged.minor !== undefined && merged.minor !== hv.minor)
          notes.add(
            hv.source,
            `volume ${n} uses minor ${hv.minor} on ${host.name} but ${merged.minor} elsewhere; the model uses ${merged.minor} on every node`,
            { key, label: 'per-host minor', replaced: true },
          );
        else merged.minor = hv.minor;
      }
      if (hv.disk !== undefined) {
        if (merged.disk !== undefined && merged.disk !== hv.disk)
          notes.add(
            hv.source,
            `volume ${n} uses disk ${hv.disk} on ${host.name} but ${merged.disk} elsewhere; the model uses ${merged.disk} on every node`,
            { key, label: 'per-host disk', replaced: true },
          );
        else merged.disk = hv.disk;
      }
    }
    if (gib !== undefined) merged.sizeGiB = gib;
    fact.volumes.push(merged);
  }

  const ports = new Set(fact.hosts.map((h) => h.port).filter((p) => p !== undefined));
  if (ports.size > 1)
    notes.add(
      fact.source,
      `hosts listen on different ports (${[...ports].join(', ')}); the model uses ${[...ports][0]} for all`,
      { key, label: 'per-host ports', replaced: true },
    );
  return fact;
}

/**
 * A DRBD 9 `connection { host A address IP:PORT; host B address …; }`: the addresses are the
 * hosts' own when their on-sections have none; anything else in it is noted.
 */
function connection(
  sec: DrbdStmt,
  fact: DrbdFact,
  note: (at: DrbdStmt, what: string, label?: string) => void,
): void {
  for (const c of sec.body ?? []) {
    const hostName = word(c, 1);
    const a = c.words.findIndex((w) => w.text === 'address');
    const host = fact.hosts.find((h) => h.name === hostName);
    if (word(c, 0) === 'host' && host && a > 0 && c.words.length === a + 2) {
      const addr = parseAddress({ ...c, words: c.words.slice(a) });
      if (addr && host.address === undefined) {
        host.address = addr.ip;
        host.port = addr.port;
        continue;
      }
    }
    note(c, `connection option "${wordsOf(c)}" is not modelled`, `connection.${word(c, 0) ?? ''}`);
  }
}

/** `device /dev/drbd1`, `device minor 1`, `device /dev/drbd_r0 minor 1`. */
function deviceMinor(opt: DrbdStmt): number | undefined {
  const words = opt.words.slice(1).map((w) => w.text);
  const m = words.indexOf('minor');
  if (m >= 0) {
    const n = Number(words[m + 1]);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  }
  const path = /^\/dev\/drbd(\d+)$/.exec(words[0] ?? '');
  return path ? Number(path[1]) : undefined;
}

/** `address 10.0.0.1:7789` or `address ipv4 10.0.0.1:7789`. */
function parseAddress(opt: DrbdStmt): { ip: string; port: number } | undefined {
  const words = opt.words.slice(1).map((w) => w.text);
  const text = words[0] === 'ipv4' ? words[1] : words.length === 1 ? words[0] : undefined;
  const m = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(text ?? '');
  return m ? { ip: m[1] ?? '', port: Number(m[2]) } : undefined;
}

/** DRBD sizes: a number with K, M, G or T (bytes ×1024ⁿ), or plain sectors of 512 bytes. */
function sizeGiB(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kKmMgGtTsS]?)$/.exec(text ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toUpperCase();
  const bytes =
    unit === 'K'
      ? n * 1024
      : unit === 'M'
        ? n * 1024 ** 2
        : unit === 'G'
          ? n * 1024 ** 3
          : unit === 'T'
            ? n * 1024 ** 4
            : n * 512;
  const gib = bytes / 1024 ** 3;
  return gib > 0 ? Math.round(gib * 1000) / 1000 : undefined;
}
