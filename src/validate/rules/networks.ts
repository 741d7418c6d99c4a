import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import type { DesignIndex } from '../designIndex.ts';
import { diag } from '../diag.ts';
import { cidrContains, ipToNumber, isReservedInCidr } from '../ipv4.ts';
import type { Rule } from '../rule.ts';

/** Addresses: inside their networks, unique, and networks that do not overlap. */
export const networksRule: Rule = {
  codes: [
    'net-address-outside',
    'net-address-reserved',
    'net-address-duplicate',
    'fip-outside',
    'fip-address-collision',
    'fip-no-node',
    'net-overlap',
  ],
  check(design: Design, index: DesignIndex): Diagnostic[] {
    const out: Diagnostic[] = [];
    /** address → who holds it first */
    const holders = new Map<number, string>();
    const withAddress = new Set<string>();
    design.nodes.forEach((node, i) => {
      for (const [netName, address] of Object.entries(node.addresses)) {
        withAddress.add(netName);
        const net = index.cidrs.get(netName);
        const path = ['nodes', i, 'addresses', netName];
        const ip = ipToNumber(address);
        if (net && !cidrContains(net, ip)) {
          out.push(
            diag(
              'net-address-outside',
              'error',
              [node.name, netName],
              path,
              `node "${node.name}" has address ${address} on network "${netName}", which is outside ${index.networks.get(netName)?.cidr}`,
              `use an address inside ${index.networks.get(netName)?.cidr}, or correct the network's cidr`,
            ),
          );
        } else if (net && isReservedInCidr(net, ip)) {
          out.push(
            diag(
              'net-address-reserved',
              'error',
              [node.name, netName],
              path,
              `node "${node.name}" has address ${address}, the ${ip === net.start ? 'network' : 'broadcast'} address of "${netName}"`,
              'use a host address inside the network',
            ),
          );
        }
        const other = holders.get(ip);
        if (other !== undefined) {
          out.push(
            diag(
              'net-address-duplicate',
              'error',
              [node.name, other],
              path,
              `address ${address} of node "${node.name}" is already used by "${other}"`,
              'give every node its own address on each network',
            ),
          );
        } else holders.set(ip, node.name);
      }
    });
    design.floatingIps.forEach((fip, i) => {
      const net = index.cidrs.get(fip.network);
      const ip = ipToNumber(fip.address);
      const path = ['floatingIps', i, 'address'];
      if (net && (!cidrContains(net, ip) || isReservedInCidr(net, ip))) {
        out.push(
          diag(
            'fip-outside',
            'error',
            [fip.name, fip.network],
            path,
            `floating IP "${fip.name}" (${fip.address}) is not a host address of its network "${fip.network}" (${index.networks.get(fip.network)?.cidr}): IPaddr2 finds no interface for it`,
            `use a free host address inside ${index.networks.get(fip.network)?.cidr}`,
          ),
        );
      }
      const other = holders.get(ip);
      if (other !== undefined) {
        out.push(
          diag(
            'fip-address-collision',
            'error',
            [fip.name, other],
            path,
            `floating IP "${fip.name}" (${fip.address}) is already the address of "${other}": both answer ARP for it`,
            'pick an address no node and no other floating IP uses',
          ),
        );
      } else holders.set(ip, fip.name);
      if (!withAddress.has(fip.network)) {
        out.push(
          diag(
            'fip-no-node',
            'error',
            [fip.name, fip.network],
            ['floatingIps', i, 'network'],
            `no node has an address on network "${fip.network}", so floating IP "${fip.name}" can be brought up nowhere`,
            `give the nodes that should carry it an address on ${fip.network}`,
          ),
        );
      }
    });
    // Overlaps: sort by first address and sweep, so this stays O(n log n).
    const nets = design.networks
      .map((net, i) => ({ net, i, cidr: index.cidrs.get(net.name) }))
      .filter((x) => x.cidr !== undefined)
      .sort((a, b) => (a.cidr?.start ?? 0) - (b.cidr?.start ?? 0) || a.i - b.i);
    let widest: (typeof nets)[number] | undefined;
    for (const cur of nets) {
      if (widest && (cur.cidr?.start ?? 0) <= (widest.cidr?.end ?? -1)) {
        out.push(
          diag(
            'net-overlap',
            'error',
            [cur.net.name, widest.net.name],
            ['networks', cur.i, 'cidr'],
            `network "${cur.net.name}" (${cur.net.cidr}) overlaps "${widest.net.name}" (${widest.net.cidr}): nodes cannot tell which interface to use`,
            'give every network its own, non-overlapping range',
          ),
        );
      }
      if (!widest || (cur.cidr?.end ?? 0) > (widest.cidr?.end ?? 0)) widest = cur;
    }
    return out;
  },
};
