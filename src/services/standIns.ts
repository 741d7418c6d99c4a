import { allPrimitives, agentName } from '../generators/pacemaker/config.ts';
import { pacemakerConfig } from '../generators/pacemaker/fromDesign.ts';
import type { Design } from '../model/types.ts';
import type { StandInsView } from './labDeployContract.ts';

/** Every element name of a design, longest first, to find the one a resource id starts with. */
function elementNames(design: Design): string[] {
  return [
    ...design.drbd,
    ...design.iscsiTargets,
    ...design.iscsiInitiators,
    ...design.vms,
    ...design.floatingIps,
    ...design.filesystems,
    ...design.services,
    ...design.fencing,
  ]
    .map((e) => e.name)
    .sort((a, b) => b.length - a.length);
}

/**
 * What the lab's CIB runs instead of the real agents (the configuration deploy --lab
 * pushes): each resource whose agent is replaced, the element it belongs to and whether
 * fencing is off. The design must be free of errors.
 */
export function standInsOf(design: Design): StandInsView {
  const real = new Map(allPrimitives(pacemakerConfig(design)).map((p) => [p.id, p.agent]));
  const lab = pacemakerConfig(design, { standIns: true });
  const names = elementNames(design);
  const resources = allPrimitives(lab).flatMap((p) => {
    const agent = real.get(p.id);
    if (!agent || agentName(agent) === agentName(p.agent)) return [];
    // Resource ids are the element's name, or the name and a suffix (dns_private, disks_lun0).
    const element = names.find((n) => p.id === n || p.id.startsWith(`${n}_`));
    return [
      {
        resource: p.id,
        ...(element !== undefined ? { element } : {}),
        agent: agentName(agent),
        standIn: agentName(p.agent),
      },
    ];
  });
  const fencingOff = lab.properties.some(
    (a) => a.name === 'stonith-enabled' && a.value === 'false',
  );
  return { resources, fencingOff };
}
