#!/bin/sh
# Pacemaker configuration of cluster n-plus-m, in the pcs dialect.
# Usage: pcs cluster cib cib.xml && sh pcs.sh cib.xml && pcs cluster cib-push cib.xml --config
set -eu
CIB=${1:?usage: pcs.sh CIB_FILE}

# Pacemaker sets cluster-name itself from corosync; pcs refuses it, crm_attribute does not.
CIB_file="$CIB" crm_attribute --type crm_config --name cluster-name --update n-plus-m
pcs -f "$CIB" property set stonith-enabled=true no-quorum-policy=stop placement-strategy=balanced
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="1" uname="node01"/>'
pcs -f "$CIB" node utilization node01 cpu=8 memory=16384
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="2" uname="node02"/>'
pcs -f "$CIB" node utilization node02 cpu=8 memory=16384
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="3" uname="node03"/>'
pcs -f "$CIB" node utilization node03 cpu=8 memory=16384
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="4" uname="node04"/>'
pcs -f "$CIB" node utilization node04 cpu=8 memory=16384
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="5" uname="node05"/>'
pcs -f "$CIB" node utilization node05 cpu=8 memory=16384
pcs -f "$CIB" resource defaults update resource-stickiness=100
pcs -f "$CIB" resource op defaults update timeout=60s

pcs -f "$CIB" resource create disk-vm1 ocf:linbit:drbd drbd_resource=disk-vm1 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-vm1_clone promoted-max=1 promoted-node-max=1 clone-max=3 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-vm2 ocf:linbit:drbd drbd_resource=disk-vm2 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-vm2_clone promoted-max=1 promoted-node-max=1 clone-max=3 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-vm3 ocf:linbit:drbd drbd_resource=disk-vm3 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-vm3_clone promoted-max=1 promoted-node-max=1 clone-max=3 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-vm4 ocf:linbit:drbd drbd_resource=disk-vm4 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-vm4_clone promoted-max=1 promoted-node-max=1 clone-max=3 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-vm5 ocf:linbit:drbd drbd_resource=disk-vm5 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-vm5_clone promoted-max=1 promoted-node-max=1 clone-max=3 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-vm6 ocf:linbit:drbd drbd_resource=disk-vm6 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-vm6_clone promoted-max=1 promoted-node-max=1 clone-max=3 clone-node-max=1 notify=true
pcs -f "$CIB" resource create vm1 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/vm1.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization vm1 cpu=2 memory=4096
pcs -f "$CIB" resource create vm2 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/vm2.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization vm2 cpu=2 memory=4096
pcs -f "$CIB" resource create vm3 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/vm3.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization vm3 cpu=2 memory=4096
pcs -f "$CIB" resource create vm4 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/vm4.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization vm4 cpu=2 memory=4096
pcs -f "$CIB" resource create vm5 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/vm5.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization vm5 cpu=2 memory=4096
pcs -f "$CIB" resource create vm6 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/vm6.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization vm6 cpu=2 memory=4096
pcs -f "$CIB" stonith create ipmi-node01 fence_ipmilan pcmk_host_list=node01 password_script=/etc/clusterwright/secrets/ipmi.sh ip=10.95.0.200 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-node02 fence_ipmilan pcmk_host_list=node02 password_script=/etc/clusterwright/secrets/ipmi.sh ip=10.95.0.201 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-node03 fence_ipmilan pcmk_host_list=node03 password_script=/etc/clusterwright/secrets/ipmi.sh ip=10.95.0.202 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-node04 fence_ipmilan pcmk_host_list=node04 password_script=/etc/clusterwright/secrets/ipmi.sh ip=10.95.0.203 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-node05 fence_ipmilan pcmk_host_list=node05 password_script=/etc/clusterwright/secrets/ipmi.sh ip=10.95.0.204 username=admin lanplus=1 op monitor interval=60s --no-default-ops

pcs -f "$CIB" constraint location add loc_disk-vm1_avoid_node02 disk-vm1_clone node02 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm1_avoid_node03 disk-vm1_clone node03 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm2_avoid_node01 disk-vm2_clone node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm2_avoid_node03 disk-vm2_clone node03 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm3_avoid_node01 disk-vm3_clone node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm3_avoid_node02 disk-vm3_clone node02 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm4_avoid_node02 disk-vm4_clone node02 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm4_avoid_node03 disk-vm4_clone node03 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm5_avoid_node01 disk-vm5_clone node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm5_avoid_node03 disk-vm5_clone node03 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm6_avoid_node01 disk-vm6_clone node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_disk-vm6_avoid_node02 disk-vm6_clone node02 -- -INFINITY
pcs -f "$CIB" constraint colocation add Promoted disk-vm1_clone with vm1 -- INFINITY id=col_disk-vm1_with_vm1
pcs -f "$CIB" constraint order promote disk-vm1_clone then start vm1 kind=Mandatory id=ord_disk-vm1_vm1
pcs -f "$CIB" constraint location add loc_vm1_avoid_node02 vm1 node02 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm1_avoid_node03 vm1 node03 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm1_prefers_node01 vm1 node01 -- 50
pcs -f "$CIB" constraint location add loc_vm1_spare_node04 vm1 node04 -- 25
pcs -f "$CIB" constraint location add loc_vm1_spare_node05 vm1 node05 -- 25
pcs -f "$CIB" constraint colocation add Promoted disk-vm2_clone with vm2 -- INFINITY id=col_disk-vm2_with_vm2
pcs -f "$CIB" constraint order promote disk-vm2_clone then start vm2 kind=Mandatory id=ord_disk-vm2_vm2
pcs -f "$CIB" constraint location add loc_vm2_avoid_node01 vm2 node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm2_avoid_node03 vm2 node03 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm2_prefers_node02 vm2 node02 -- 50
pcs -f "$CIB" constraint location add loc_vm2_spare_node04 vm2 node04 -- 25
pcs -f "$CIB" constraint location add loc_vm2_spare_node05 vm2 node05 -- 25
pcs -f "$CIB" constraint colocation add Promoted disk-vm3_clone with vm3 -- INFINITY id=col_disk-vm3_with_vm3
pcs -f "$CIB" constraint order promote disk-vm3_clone then start vm3 kind=Mandatory id=ord_disk-vm3_vm3
pcs -f "$CIB" constraint location add loc_vm3_avoid_node01 vm3 node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm3_avoid_node02 vm3 node02 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm3_prefers_node03 vm3 node03 -- 50
pcs -f "$CIB" constraint location add loc_vm3_spare_node04 vm3 node04 -- 25
pcs -f "$CIB" constraint location add loc_vm3_spare_node05 vm3 node05 -- 25
pcs -f "$CIB" constraint colocation add Promoted disk-vm4_clone with vm4 -- INFINITY id=col_disk-vm4_with_vm4
pcs -f "$CIB" constraint order promote disk-vm4_clone then start vm4 kind=Mandatory id=ord_disk-vm4_vm4
pcs -f "$CIB" constraint location add loc_vm4_avoid_node02 vm4 node02 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm4_avoid_node03 vm4 node03 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm4_prefers_node01 vm4 node01 -- 50
pcs -f "$CIB" constraint location add loc_vm4_spare_node04 vm4 node04 -- 25
pcs -f "$CIB" constraint location add loc_vm4_spare_node05 vm4 node05 -- 25
pcs -f "$CIB" constraint colocation add Promoted disk-vm5_clone with vm5 -- INFINITY id=col_disk-vm5_with_vm5
pcs -f "$CIB" constraint order promote disk-vm5_clone then start vm5 kind=Mandatory id=ord_disk-vm5_vm5
pcs -f "$CIB" constraint location add loc_vm5_avoid_node01 vm5 node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm5_avoid_node03 vm5 node03 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm5_prefers_node02 vm5 node02 -- 50
pcs -f "$CIB" constraint location add loc_vm5_spare_node04 vm5 node04 -- 25
pcs -f "$CIB" constraint location add loc_vm5_spare_node05 vm5 node05 -- 25
pcs -f "$CIB" constraint colocation add Promoted disk-vm6_clone with vm6 -- INFINITY id=col_disk-vm6_with_vm6
pcs -f "$CIB" constraint order promote disk-vm6_clone then start vm6 kind=Mandatory id=ord_disk-vm6_vm6
pcs -f "$CIB" constraint location add loc_vm6_avoid_node01 vm6 node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm6_avoid_node02 vm6 node02 -- -INFINITY
pcs -f "$CIB" constraint location add loc_vm6_prefers_node03 vm6 node03 -- 50
pcs -f "$CIB" constraint location add loc_vm6_spare_node04 vm6 node04 -- 25
pcs -f "$CIB" constraint location add loc_vm6_spare_node05 vm6 node05 -- 25
pcs -f "$CIB" constraint location add loc_ipmi-node01_avoid_node01 ipmi-node01 node01 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-node02_avoid_node02 ipmi-node02 node02 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-node03_avoid_node03 ipmi-node03 node03 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-node04_avoid_node04 ipmi-node04 node04 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-node05_avoid_node05 ipmi-node05 node05 -- -INFINITY
