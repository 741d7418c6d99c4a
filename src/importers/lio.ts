import type { InputFile, TargetFact } from './facts.ts';
import type { Notes } from './notes.ts';
import { ImportSyntaxError } from './notes.ts';

interface LioStorage {
  name?: string;
  plugin?: string;
  dev?: string;
}

interface LioTpg {
  tag?: number;
  luns?: { index?: number; storage_object?: string }[];
  node_acls?: { node_wwn?: string; chap_userid?: string }[];
  portals?: { ip_address?: string; port?: number }[];
  attributes?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  enable?: boolean | number;
}

/** targetcli's saveconfig.json → iSCSI targets: LUNs by backstore device, ACLs, portal. */
export function importLio(file: InputFile, notes: Notes): TargetFact[] {
  let json: {
    storage_objects?: LioStorage[];
    targets?: { wwn?: string; fabric?: string; tpgs?: LioTpg[] }[];
  };
  try {
    json = JSON.parse(file.content) as typeof json;
  } catch (e) {
    const pos = /position (\d+)/.exec(String(e))?.[1];
    const line = pos === undefined ? 1 : file.content.slice(0, Number(pos)).split('\n').length;
    throw new ImportSyntaxError(file.path, line, `not valid JSON: ${(e as Error).message}`);
  }
  const src = { file: file.path };
  const stores = new Map<string, LioStorage>();
  for (const so of json.storage_objects ?? []) {
    if (so.name && so.plugin) stores.set(`/backstores/${so.plugin}/${so.name}`, so);
  }
  const out: TargetFact[] = [];
  for (const t of json.targets ?? []) {
    if (t.fabric !== 'iscsi' || !t.wwn) {
      notes.add(src, `a ${t.fabric ?? '?'} target ${t.wwn ?? ''} is not modelled (only iSCSI)`);
      continue;
    }
    const key = `target:${t.wwn.toLowerCase()}`;
    const fact: TargetFact = {
      iqn: t.wwn,
      key,
      source: src,
      implementation: 'lio',
      luns: [],
      allowedInitiators: [],
    };
    (t.tpgs ?? []).forEach((tpg, n) => {
      if (n > 0) {
        notes.add(src, `${t.wwn}: TPG ${tpg.tag ?? n + 1} is not modelled (one TPG per target)`, {
          key,
          label: 'extra TPG',
        });
        return;
      }
      for (const lun of tpg.luns ?? []) {
        const so = stores.get(lun.storage_object ?? '');
        if (so?.plugin === 'block' && so.dev && lun.index !== undefined)
          fact.luns.push({ number: lun.index, path: so.dev, source: src });
        else
          notes.add(
            src,
            `${t.wwn}: LUN ${lun.index ?? '?'} on ${lun.storage_object ?? '?'} is not a block backstore; not modelled`,
            { key, label: 'non-block LUN' },
          );
      }
      for (const acl of tpg.node_acls ?? []) {
        if (acl.node_wwn) fact.allowedInitiators.push(acl.node_wwn);
        if (acl.chap_userid) fact.chapUser = acl.chap_userid;
      }
      const portal = tpg.portals?.[0];
      if (portal?.ip_address && portal.ip_address !== '0.0.0.0')
        fact.portal = {
          address: portal.ip_address,
          ...(portal.port !== undefined ? { port: portal.port } : {}),
        };
      if ((tpg.portals?.length ?? 0) > 1)
        notes.add(src, `${t.wwn}: only the first portal is modelled`, { key, label: 'portals' });
      if (tpg.attributes && Object.keys(tpg.attributes).length > 0)
        notes.add(
          src,
          `${t.wwn}: TPG attributes (${Object.keys(tpg.attributes).join(', ')}) are not modelled`,
          { key },
        );
      if (tpg.parameters && Object.keys(tpg.parameters).length > 0)
        notes.add(
          src,
          `${t.wwn}: TPG parameters (${Object.keys(tpg.parameters).join(', ')}) are not modelled`,
          { key },
        );
    });
    out.push(fact);
  }
  return out;
}
