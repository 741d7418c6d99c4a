import { XMLParser } from 'fast-xml-parser';

interface CrmMonResource {
  id: string;
  role: string;
  node?: { name: string }[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'node' || name === 'resource',
});

/** Where crm_mon's XML says a primitive is started: node names (empty when stopped). */
export function startedOn(xml: string, resourceId: string): string[] {
  const doc = parser.parse(xml) as {
    'pacemaker-result'?: { resources?: { resource?: CrmMonResource[] } };
  };
  const rsc = doc['pacemaker-result']?.resources?.resource?.find((r) => r.id === resourceId);
  if (!rsc || rsc.role !== 'Started') return [];
  return (rsc.node ?? []).map((n) => n.name);
}
