#!/bin/sh
# Pacemaker configuration of cluster vz-trio, in the pcs dialect.
# Usage: pcs cluster cib cib.xml && sh pcs.sh cib.xml && pcs cluster cib-push cib.xml --config
set -eu
CIB=${1:?usage: pcs.sh CIB_FILE}

# Pacemaker sets cluster-name itself from corosync; pcs refuses it, crm_attribute does not.
CIB_file="$CIB" crm_attribute --type crm_config --name cluster-name --update vz-trio
pcs -f "$CIB" property set stonith-enabled=true no-quorum-policy=stop placement-strategy=default
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="1" uname="vz1"/>'
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="2" uname="vz2"/>'
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="3" uname="vz3"/>'
pcs -f "$CIB" resource defaults update resource-stickiness=100
pcs -f "$CIB" resource op defaults update timeout=60s

pcs -f "$CIB" resource create ct-dns ocf:linbit:drbd drbd_resource=ct-dns op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable ct-dns_clone promoted-max=1 promoted-node-max=1 clone-max=3 clone-node-max=1 notify=true
pcs -f "$CIB" resource create ct-proxy ocf:linbit:drbd drbd_resource=ct-proxy op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable ct-proxy_clone promoted-max=1 promoted-node-max=1 clone-max=3 clone-node-max=1 notify=true
pcs -f "$CIB" resource create dns-ip ocf:heartbeat:IPaddr2 ip=192.168.70.53 cidr_netmask=24 op monitor interval=30s timeout=30s --no-default-ops
pcs -f "$CIB" resource create dns_private ocf:heartbeat:Filesystem device=/dev/drbd20 directory=/vz/private/101 fstype=ext4 op monitor interval=20s timeout=40s op start interval=0s timeout=60s op stop interval=0s timeout=60s --no-default-ops --group dns_group
pcs -f "$CIB" resource create dns ocf:heartbeat:ManageVE veid=101 op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops --group dns_group
pcs -f "$CIB" resource create proxy_private ocf:heartbeat:Filesystem device=/dev/drbd21 directory=/vz/private/102 fstype=ext4 op monitor interval=20s timeout=40s op start interval=0s timeout=60s op stop interval=0s timeout=60s --no-default-ops --group proxy_group
pcs -f "$CIB" resource create proxy ocf:heartbeat:ManageVE veid=102 op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops --group proxy_group
pcs -f "$CIB" stonith create ipmi-vz1 fence_ipmilan pcmk_host_list=vz1 password_script=/etc/clusterwright/secrets/ipmi-vz.sh ip=10.97.0.211 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-vz2 fence_ipmilan pcmk_host_list=vz2 password_script=/etc/clusterwright/secrets/ipmi-vz.sh ip=10.97.0.212 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-vz3 fence_ipmilan pcmk_host_list=vz3 password_script=/etc/clusterwright/secrets/ipmi-vz.sh ip=10.97.0.213 username=admin lanplus=1 op monitor interval=60s --no-default-ops

pcs -f "$CIB" constraint colocation add dns_group with Promoted ct-dns_clone -- INFINITY id=col_dns_ct-dns
pcs -f "$CIB" constraint order promote ct-dns_clone then start dns_group kind=Mandatory id=ord_ct-dns_dns
pcs -f "$CIB" constraint location add loc_dns_prefers_vz1 dns_group vz1 -- 50
pcs -f "$CIB" constraint colocation add proxy_group with Promoted ct-proxy_clone -- INFINITY id=col_proxy_ct-proxy
pcs -f "$CIB" constraint order promote ct-proxy_clone then start proxy_group kind=Mandatory id=ord_ct-proxy_proxy
pcs -f "$CIB" constraint location add loc_proxy_prefers_vz2 proxy_group vz2 -- 50
pcs -f "$CIB" constraint location add loc_ipmi-vz1_avoid_vz1 ipmi-vz1 vz1 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-vz2_avoid_vz2 ipmi-vz2 vz2 -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-vz3_avoid_vz3 ipmi-vz3 vz3 -- -INFINITY
pcs -f "$CIB" constraint colocation add dns-ip with dns_group -- INFINITY id=dns-ip-with-dns
