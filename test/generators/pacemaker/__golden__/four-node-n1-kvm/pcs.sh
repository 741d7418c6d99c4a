#!/bin/sh
# Pacemaker configuration of cluster kvm-n1, in the pcs dialect.
# Usage: pcs cluster cib cib.xml && sh pcs.sh cib.xml && pcs cluster cib-push cib.xml --config
set -eu
CIB=${1:?usage: pcs.sh CIB_FILE}

# Pacemaker sets cluster-name itself from corosync; pcs refuses it, crm_attribute does not.
CIB_file="$CIB" crm_attribute --type crm_config --name cluster-name --update kvm-n1
pcs -f "$CIB" property set stonith-enabled=true no-quorum-policy=stop placement-strategy=balanced
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="1" uname="kvm1"/>'
pcs -f "$CIB" node utilization kvm1 cpu=16 memory=65536
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="2" uname="kvm2"/>'
pcs -f "$CIB" node utilization kvm2 cpu=16 memory=65536
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="3" uname="kvm3"/>'
pcs -f "$CIB" node utilization kvm3 cpu=16 memory=65536
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="4" uname="kvm4"/>'
pcs -f "$CIB" node utilization kvm4 cpu=16 memory=65536
pcs -f "$CIB" resource defaults update resource-stickiness=100
pcs -f "$CIB" resource op defaults update timeout=60s

pcs -f "$CIB" resource create disk-web1 ocf:linbit:drbd drbd_resource=disk-web1 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-web1_clone promoted-max=1 promoted-node-max=1 clone-max=4 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-web2 ocf:linbit:drbd drbd_resource=disk-web2 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-web2_clone promoted-max=1 promoted-node-max=1 clone-max=4 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-db1 ocf:linbit:drbd drbd_resource=disk-db1 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-db1_clone promoted-max=1 promoted-node-max=1 clone-max=4 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-db2 ocf:linbit:drbd drbd_resource=disk-db2 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-db2_clone promoted-max=1 promoted-node-max=1 clone-max=4 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-app1 ocf:linbit:drbd drbd_resource=disk-app1 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-app1_clone promoted-max=1 promoted-node-max=1 clone-max=4 clone-node-max=1 notify=true
pcs -f "$CIB" resource create disk-app2 ocf:linbit:drbd drbd_resource=disk-app2 op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable disk-app2_clone promoted-max=1 promoted-node-max=1 clone-max=4 clone-node-max=1 notify=true
pcs -f "$CIB" resource create web1 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/web1.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization web1 cpu=4 memory=16384
pcs -f "$CIB" resource create web2 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/web2.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization web2 cpu=4 memory=16384
pcs -f "$CIB" resource create db1 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/db1.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization db1 cpu=4 memory=16384
pcs -f "$CIB" resource create db2 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/db2.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization db2 cpu=4 memory=16384
pcs -f "$CIB" resource create app1 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/app1.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization app1 cpu=4 memory=16384
pcs -f "$CIB" resource create app2 ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/app2.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource utilization app2 cpu=4 memory=16384
pcs -f "$CIB" stonith create ipmi-kvm1 fence_ipmilan pcmk_host_list=kvm1 password_script=/etc/clusterwright/secrets/ipmi-kvm.sh ip=10.96.0.211 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-kvm2 fence_ipmilan pcmk_host_list=kvm2 password_script=/etc/clusterwright/secrets/ipmi-kvm.sh ip=10.96.0.212 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-kvm3 fence_ipmilan pcmk_host_list=kvm3 password_script=/etc/clusterwright/secrets/ipmi-kvm.sh ip=10.96.0.213 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-kvm4 fence_ipmilan pcmk_host_list=kvm4 password_script=/etc/clusterwright/secrets/ipmi-kvm.sh ip=10.96.0.214 username=admin lanplus=1 op monitor interval=60s --no-default-ops

pcs -f "$CIB" constraint colocation add web1 with Promoted disk-web1_clone -- INFINITY id=col_web1_disk-web1
pcs -f "$CIB" constraint order promote disk-web1_clone then start web1 kind=Mandatory id=ord_disk-web1_web1
pcs -f "$CIB" constraint location add loc_web1_prefers_kvm1 web1 kvm1 -- 50
pcs -f "$CIB" constraint location add loc_web1_spare_kvm4 web1 kvm4 -- 25
pcs -f "$CIB" constraint colocation add web2 with Promoted disk-web2_clone -- INFINITY id=col_web2_disk-web2
pcs -f "$CIB" constraint order promote disk-web2_clone then start web2 kind=Mandatory id=ord_disk-web2_web2
pcs -f "$CIB" constraint location add loc_web2_prefers_kvm1 web2 kvm1 -- 50
pcs -f "$CIB" constraint location add loc_web2_spare_kvm4 web2 kvm4 -- 25
pcs -f "$CIB" constraint colocation add db1 with Promoted disk-db1_clone -- INFINITY id=col_db1_disk-db1
pcs -f "$CIB" constraint order promote disk-db1_clone then start db1 kind=Mandatory id=ord_disk-db1_db1
pcs -f "$CIB" constraint location add loc_db1_prefers_kvm2 db1 kvm2 -- 50
pcs -f "$CIB" constraint location add loc_db1_spare_kvm4 db1 kvm4 -- 25
pcs -f "$CIB" constraint colocation add db2 with Promoted disk-db2_clone -- INFINITY id=col_db2_disk-db2
pcs -f "$CIB" constraint order promote disk-db2_clone then start db2 kind=Mandatory id=ord_disk-db2_db2
pcs -f "$CIB" constraint location add loc_db2_prefers_kvm2 db2 kvm2 -- 50
pcs -f "$CIB" constraint location add loc_db2_spare_kvm4 db2 kvm4 -- 25
pcs -f "$CIB" constraint colocation add app1 with Promoted disk-app1_clone -- INFINITY id=col_app1_disk-app1
pcs -f "$CIB" constraint order promote disk-app1_clone then start app1 kind=Mandatory id=ord_disk-app1_app1
pcs -f "$CIB" constraint location add loc_app1_prefers_kvm3 app1 kvm3 -- 50
pcs -f "$CIB" constraint location add loc_app1_spare_kvm4 app1 kvm4 -- 25
pcs -f "$CIB" constraint colocation add app2 with Promoted disk-app2_clone -- INFINITY id=col_app2_disk-app2
pcs -f "$CIB" constraint order promote disk-app2_clone then start app2 kind=Mandatory id=ord_disk-app2_app2
pcs -f "$CIB" constraint location add loc_app2_prefers_kvm3 app2 kvm3 -- 50
pcs -f "$CIB" constraint location add loc_app2_spare_kvm4 app2 kvm4 -- 25
pcs -f "$CIB" constraint location add loc_ipmi-kvm1_avoid_kvm1 ipmi-kvm1 kvm1 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-kvm2_avoid_kvm2 ipmi-kvm2 kvm2 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-kvm3_avoid_kvm3 ipmi-kvm3 kvm3 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-kvm4_avoid_kvm4 ipmi-kvm4 kvm4 -- -INFINITY
