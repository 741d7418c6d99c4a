#!/bin/sh
# Pacemaker configuration of cluster san-xen, in the pcs dialect.
# Usage: pcs cluster cib cib.xml && sh pcs.sh cib.xml && pcs cluster cib-push cib.xml --config
set -eu
CIB=${1:?usage: pcs.sh CIB_FILE}

# Pacemaker sets cluster-name itself from corosync; pcs refuses it, crm_attribute does not.
CIB_file="$CIB" crm_attribute --type crm_config --name cluster-name --update san-xen
pcs -f "$CIB" property set stonith-enabled=true no-quorum-policy=stop placement-strategy=default
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="1" uname="store1"/>'
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="2" uname="store2"/>'
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="3" uname="xen1"/>'
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="4" uname="xen2"/>'
pcs -f "$CIB" resource defaults update resource-stickiness=100
pcs -f "$CIB" resource op defaults update timeout=60s

pcs -f "$CIB" resource create san-data ocf:linbit:drbd drbd_resource=san-data op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable san-data_clone promoted-max=1 promoted-node-max=1 clone-max=2 clone-node-max=1 notify=true
pcs -f "$CIB" resource create san-portal ocf:heartbeat:IPaddr2 ip=10.22.0.100 cidr_netmask=24 op monitor interval=30s timeout=30s --no-default-ops
pcs -f "$CIB" resource create xen-disks_block ocf:heartbeat:portblock ip=10.22.0.100 portno=3260 protocol=tcp action=block op monitor interval=30s timeout=30s --no-default-ops --group xen-disks_group
pcs -f "$CIB" resource create xen-disks ocf:heartbeat:iSCSITarget implementation=lio-t iqn=iqn.2026-11.com.example.san:xen-disks portals=10.22.0.100:3260 'allowed_initiators=iqn.2026-11.com.example:xen1 iqn.2026-11.com.example:xen2' op monitor interval=30s timeout=30s --no-default-ops --group xen-disks_group
pcs -f "$CIB" resource create xen-disks_lun0 ocf:heartbeat:iSCSILogicalUnit implementation=lio-t target_iqn=iqn.2026-11.com.example.san:xen-disks lun=0 path=/dev/drbd10 op monitor interval=30s timeout=30s --no-default-ops --group xen-disks_group
pcs -f "$CIB" resource create xen-disks_lun1 ocf:heartbeat:iSCSILogicalUnit implementation=lio-t target_iqn=iqn.2026-11.com.example.san:xen-disks lun=1 path=/dev/drbd11 op monitor interval=30s timeout=30s --no-default-ops --group xen-disks_group
pcs -f "$CIB" resource create xen-disks_unblock ocf:heartbeat:portblock ip=10.22.0.100 portno=3260 protocol=tcp action=unblock op monitor interval=30s timeout=30s --no-default-ops --group xen-disks_group
pcs -f "$CIB" resource create mail ocf:heartbeat:Xen xmfile=/etc/xen/mail.cfg op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" resource create erp ocf:heartbeat:Xen xmfile=/etc/xen/erp.cfg op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" stonith create ipmi-store1 fence_ipmilan pcmk_host_list=store1 password_script=/etc/clusterwright/secrets/ipmi-store.sh ip=10.98.0.211 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-store2 fence_ipmilan pcmk_host_list=store2 password_script=/etc/clusterwright/secrets/ipmi-store.sh ip=10.98.0.212 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-xen1 fence_ipmilan pcmk_host_list=xen1 password_script=/etc/clusterwright/secrets/ipmi-xen.sh ip=10.98.0.221 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-xen2 fence_ipmilan pcmk_host_list=xen2 password_script=/etc/clusterwright/secrets/ipmi-xen.sh ip=10.98.0.222 username=admin lanplus=1 op monitor interval=60s --no-default-ops

pcs -f "$CIB" constraint location add loc_san-data_avoid_xen1 san-data_clone xen1 -- -INFINITY
pcs -f "$CIB" constraint location add loc_san-data_avoid_xen2 san-data_clone xen2 -- -INFINITY
pcs -f "$CIB" constraint colocation add xen-disks_group with Promoted san-data_clone -- INFINITY id=col_xen-disks_san-data
pcs -f "$CIB" constraint order promote san-data_clone then start xen-disks_group kind=Mandatory id=ord_san-data_xen-disks
pcs -f "$CIB" constraint colocation add xen-disks_group with san-portal -- INFINITY id=col_xen-disks_san-portal
pcs -f "$CIB" constraint order start san-portal then start xen-disks_group kind=Mandatory id=ord_san-portal_xen-disks
pcs -f "$CIB" constraint location add loc_san-portal_avoid_xen1 san-portal xen1 -- -INFINITY
pcs -f "$CIB" constraint location add loc_san-portal_avoid_xen2 san-portal xen2 -- -INFINITY
pcs -f "$CIB" constraint location add loc_xen-disks_avoid_xen1 xen-disks_group xen1 -- -INFINITY
pcs -f "$CIB" constraint location add loc_xen-disks_avoid_xen2 xen-disks_group xen2 -- -INFINITY
pcs -f "$CIB" constraint order start xen-disks_group then start mail kind=Optional id=ord_xen-disks_mail
pcs -f "$CIB" constraint location add loc_mail_avoid_store1 mail store1 -- -INFINITY
pcs -f "$CIB" constraint location add loc_mail_avoid_store2 mail store2 -- -INFINITY
pcs -f "$CIB" constraint location add loc_mail_prefers_xen1 mail xen1 -- 50
pcs -f "$CIB" constraint order start xen-disks_group then start erp kind=Optional id=ord_xen-disks_erp
pcs -f "$CIB" constraint location add loc_erp_avoid_store1 erp store1 -- -INFINITY
pcs -f "$CIB" constraint location add loc_erp_avoid_store2 erp store2 -- -INFINITY
pcs -f "$CIB" constraint location add loc_erp_prefers_xen2 erp xen2 -- 50
pcs -f "$CIB" constraint location add loc_ipmi-store1_avoid_store1 ipmi-store1 store1 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-store2_avoid_store2 ipmi-store2 store2 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-xen1_avoid_xen1 ipmi-xen1 xen1 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-xen2_avoid_xen2 ipmi-xen2 xen2 -- -INFINITY
