#!/bin/sh
# Pacemaker configuration of cluster active-passive, in the pcs dialect.
# Usage: pcs cluster cib cib.xml && sh pcs.sh cib.xml && pcs cluster cib-push cib.xml --config
set -eu
CIB=${1:?usage: pcs.sh CIB_FILE}

# Pacemaker sets cluster-name itself from corosync; pcs refuses it, crm_attribute does not.
CIB_file="$CIB" crm_attribute --type crm_config --name cluster-name --update active-passive
pcs -f "$CIB" property set stonith-enabled=true no-quorum-policy=stop placement-strategy=balanced
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="1" uname="node01"/>'
pcs -f "$CIB" node utilization node01 cpu=8 memory=16384
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="2" uname="node02"/>'
pcs -f "$CIB" node utilization node02 cpu=8 memory=16384
pcs -f "$CIB" resource defaults update resource-stickiness=100
pcs -f "$CIB" resource op defaults update timeout=60s

pcs -f "$CIB" resource create disk-vm1 ocf:linbit:drbd drbd_resource=disk-vm1 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-vm1_clone promoted-max=1 promoted-node-max=1 clone-max=2 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-vm2 ocf:linbit:drbd drbd_resource=disk-vm2 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-vm2_clone promoted-max=1 promoted-node-max=1 clone-max=2 clone-node-max=1 notify=true
pcs -f "$CIB" resource create vm1 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/vm1.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization vm1 cpu=2 memory=4096
pcs -f "$CIB" resource create vm2 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/vm2.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization vm2 cpu=2 memory=4096
pcs -f "$CIB" stonith create ipmi-node01 fence_ipmilan pcmk_host_list=node01 password_script=/etc/clusterwright/secrets/ipmi.sh ip=10.95.0.200 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-node02 fence_ipmilan pcmk_host_list=node02 password_script=/etc/clusterwright/secrets/ipmi.sh ip=10.95.0.201 username=admin lanplus=1 op monitor interval=60s --no-default-ops

pcs -f "$CIB" constraint colocation add vm1 with Promoted disk-vm1_clone -- INFINITY id=col_vm1_disk-vm1
pcs -f "$CIB" constraint order promote disk-vm1_clone then start vm1 kind=Mandatory id=ord_disk-vm1_vm1
pcs -f "$CIB" constraint location add loc_vm1_prefers_node01 vm1 node01 -- 50
pcs -f "$CIB" constraint location add loc_vm1_spare_node02 vm1 node02 -- 25
pcs -f "$CIB" constraint colocation add vm2 with Promoted disk-vm2_clone -- INFINITY id=col_vm2_disk-vm2
pcs -f "$CIB" constraint order promote disk-vm2_clone then start vm2 kind=Mandatory id=ord_disk-vm2_vm2
pcs -f "$CIB" constraint location add loc_vm2_prefers_node01 vm2 node01 -- 50
pcs -f "$CIB" constraint location add loc_vm2_spare_node02 vm2 node02 -- 25
pcs -f "$CIB" constraint location add loc_ipmi-node01_avoid_node01 ipmi-node01 node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-node02_avoid_node02 ipmi-node02 node02 -- -INFINITY
pcs -f "$CIB" constraint colocation add vm2 with vm1 -- INFINITY id=vm2-with-vm1
