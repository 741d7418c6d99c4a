#!/bin/sh
# Pacemaker configuration of cluster kvm-pair, in the pcs dialect.
# Usage: pcs cluster cib cib.xml && sh pcs.sh cib.xml && pcs cluster cib-push cib.xml --config
set -eu
CIB=${1:?usage: pcs.sh CIB_FILE}

# Pacemaker sets cluster-name itself from corosync; pcs refuses it, crm_attribute does not.
CIB_file="$CIB" crm_attribute --type crm_config --name cluster-name --update kvm-pair
pcs -f "$CIB" property set stonith-enabled=true no-quorum-policy=stop placement-strategy=default
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="1" uname="alpha"/>'
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="2" uname="beta"/>'
pcs -f "$CIB" resource defaults update resource-stickiness=100
pcs -f "$CIB" resource op defaults update timeout=60s

pcs -f "$CIB" resource create vm-web ocf:linbit:drbd drbd_resource=vm-web op monitor interval=29s timeout=30s role=Promoted op monitor interval=31s timeout=30s role=Unpromoted op start interval=0s timeout=240s op stop interval=0s timeout=100s op promote interval=0s timeout=90s op demote interval=0s timeout=90s --no-default-ops promotable vm-web_clone promoted-max=1 promoted-node-max=1 clone-max=2 clone-node-max=1 notify=true
pcs -f "$CIB" resource create web-ip ocf:heartbeat:IPaddr2 ip=192.168.50.100 cidr_netmask=24 op monitor interval=30s timeout=30s --no-default-ops
pcs -f "$CIB" resource create web ocf:heartbeat:VirtualDomain config=/etc/libvirt/qemu/web.xml hypervisor=qemu:///system migration_transport=ssh op monitor interval=30s timeout=30s op start interval=0s timeout=120s op stop interval=0s timeout=120s --no-default-ops
pcs -f "$CIB" stonith create ipmi-alpha fence_ipmilan pcmk_host_list=alpha password_script=/etc/clusterwright/secrets/ipmi-alpha.sh ip=10.99.0.211 username=admin lanplus=1 op monitor interval=60s --no-default-ops
pcs -f "$CIB" stonith create ipmi-beta fence_ipmilan pcmk_host_list=beta password_script=/etc/clusterwright/secrets/ipmi-beta.sh ip=10.99.0.212 username=admin lanplus=1 op monitor interval=60s --no-default-ops

pcs -f "$CIB" constraint colocation add web with Promoted vm-web_clone -- INFINITY id=col_web_vm-web
pcs -f "$CIB" constraint order promote vm-web_clone then start web kind=Mandatory id=ord_vm-web_web
pcs -f "$CIB" constraint location add loc_web_prefers_alpha web alpha -- 50
pcs -f "$CIB" constraint location add loc_ipmi-alpha_avoid_alpha ipmi-alpha alpha -- -INFINITY
pcs -f "$CIB" constraint location add loc_ipmi-beta_avoid_beta ipmi-beta beta -- -INFINITY
pcs -f "$CIB" constraint colocation add web-ip with web -- INFINITY id=web-ip-with-web
