/** How long a starting lab node waits for a DC before holding an election (Pacemaker's default is 20 s). */
export const LAB_DC_DEADTIME = '3s';

/**
 * The CIB every lab node starts from. A fresh cluster only elects its DC after
 * dc-deadtime; lab nodes share one machine, so a short wait is enough and the lab comes
 * up in seconds rather than after 20 s. Fencing is switched off here only when the
 * design itself says so. Whatever deploy pushes later replaces this configuration.
 */
export function labInitialCib(stonithEnabled: boolean): string {
  const nvpair = (name: string, value: string): string =>
    `        <nvpair id="cib-bootstrap-options-${name}" name="${name}" value="${value}"/>`;
  return [
    '<cib validate-with="pacemaker-3.0" epoch="1" num_updates="0" admin_epoch="0">',
    '  <configuration>',
    '    <crm_config>',
    '      <cluster_property_set id="cib-bootstrap-options">',
    nvpair('dc-deadtime', LAB_DC_DEADTIME),
    ...(stonithEnabled ? [] : [nvpair('stonith-enabled', 'false')]),
    '      </cluster_property_set>',
    '    </crm_config>',
    '    <nodes/>',
    '    <resources/>',
    '    <constraints/>',
    '  </configuration>',
    '  <status/>',
    '</cib>',
    '',
  ].join('\n');
}
