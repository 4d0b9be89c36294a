/**
 * The `cilium` provider (Cilium LB-IPAM with L2 announcements or the BGP control plane). Facts: loadbalancers.md §9
 * (one mixed Service; classes `io.cilium/l2-announcer` / `io.cilium/bgp-control-plane` or unset; `lbipam.cilium.io/ips`,
 * up to 1.15 `io.cilium/lb-ipam-ips`; sharing key only with protocol-aware LB-IPAM, PR #34691, 1.17+ by merge date,
 * protocol differentiation flag removed in 1.19; otherwise a second IP, cilium/cilium #39172), §0.2, §16, §17, §18;
 * Cilium l2-announcements.rst "Limitations" (externalTrafficPolicy Local).
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { ciliumProvider } from '../../lib/providers/cilium';
import { MixedProtocolLayout } from '../../lib/providers/provider';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

/** synthesize the load balancer with the provider and collect its manifests */
function lb(provider: unknown, extra: Partial<MixedProtocolLoadBalancerOptions> = {}) {
  const result = synthesizeMixedProtocolLoadBalancer({
    name: 'edge',
    namespace: 'web',
    selector: { app: 'edge' },
    port: 443,
    targetPort: 8443,
    provider: provider as MixedProtocolLoadBalancerOptions['provider'],
    ...extra,
  });
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

/** synthesize an Http3Gateway with the provider and collect its manifests */
function gateway(implementation: 'istio' | 'envoy-gateway', provider: unknown, extra: Partial<Http3GatewayOptions> = {}) {
  const result = synthesizeHttp3Gateway({
    name: 'shop',
    namespace: 'web',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 8080 },
    gateway: implementation,
    provider: provider as Http3GatewayOptions['provider'],
    tls: { secretName: 'shop-cert' },
    ...extra,
  });
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

/** the manifest with the role */
function byRole(result: { resources: ReadonlyArray<{ role: string; manifest: KubeManifest }> }, role: string): KubeManifest {
  const found = result.resources.find((r) => r.role === role);
  if (!found) throw new Error(`no resource with role ${role}: ${result.resources.map((r) => r.role).join(', ')}`);
  return found.manifest;
}

/** the error thrown by fn, asserted to be a Http3ConfigError */
function errorOf(fn: () => unknown): Http3ConfigError {
  try {
    fn();
  } catch (e) {
    expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
    return e as Http3ConfigError;
  }
  throw new Error('expected a Http3ConfigError, nothing was thrown');
}

const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
// loadbalancers.md §0.5 / §17.1: same port, same numeric targetPort, TCP first
const TCP = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const UDP = { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' };

/** an expected Service */
function service(name: string, ports: object[], annotations?: Record<string, string>, spec: Record<string, string> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'web', labels: LABELS, ...(annotations ? { annotations } : {}) },
    spec: { type: 'LoadBalancer', ...spec, externalTrafficPolicy: spec.externalTrafficPolicy ?? 'Local', selector: { app: 'edge' }, ports },
  };
}

const L2 = 'io.cilium/l2-announcer';
const BGP = 'io.cilium/bgp-control-plane';
const CLUSTER = { externalTrafficPolicy: 'Cluster' } as const;

// §9 (a) one mixed Service, (b) keys and the sharing pair, (e) classes; §0.3 lbipam.cilium.io/ips instead of spec.loadBalancerIP
describe('cilium Service shapes', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object[]]>([
    ['nothing set: one mixed Service, class unset', { name: 'cilium' }, {}, [service('edge', [TCP, UDP])]],
    ['shorthand', 'cilium', {}, [service('edge', [TCP, UDP])]],
    [
      'address pinned (no version: lbipam.cilium.io/)',
      { name: 'cilium', address: '198.51.100.10' },
      {},
      [service('edge', [TCP, UDP], { 'lbipam.cilium.io/ips': '198.51.100.10' })],
    ],
    [
      'Cilium 1.15 spells the key io.cilium/lb-ipam-ips',
      { name: 'cilium', version: '1.15', address: '198.51.100.10' },
      {},
      [service('edge', [TCP, UDP], { 'io.cilium/lb-ipam-ips': '198.51.100.10' })],
    ],
    [
      'Cilium 1.16.0 reads lbipam.cilium.io/',
      { name: 'cilium', version: 'v1.16.0', address: '2001:db8::10' },
      {},
      [service('edge', [TCP, UDP], { 'lbipam.cilium.io/ips': '2001:db8::10' })],
    ],
    [
      'BGP control plane class, Local',
      { name: 'cilium', loadBalancerClass: BGP, address: '198.51.100.10' },
      {},
      [service('edge', [TCP, UDP], { 'lbipam.cilium.io/ips': '198.51.100.10' }, { loadBalancerClass: BGP })],
    ],
    [
      'L2 announcer class, Cluster',
      { name: 'cilium', loadBalancerClass: L2 },
      CLUSTER,
      [service('edge', [TCP, UDP], undefined, { loadBalancerClass: L2, externalTrafficPolicy: 'Cluster' })],
    ],
    [
      'two Services on 1.19: sharing key defaults to the base name',
      { name: 'cilium', mixedProtocol: 'two-services', version: '1.19' },
      {},
      [
        service('edge-tcp', [TCP], { 'lbipam.cilium.io/sharing-key': 'edge' }),
        service('edge-udp', [UDP], { 'lbipam.cilium.io/sharing-key': 'edge' }),
      ],
    ],
    [
      'two Services on 1.17 with protocol differentiation, pinned, own key, cross-namespace',
      {
        name: 'cilium',
        mixedProtocol: 'two-services',
        version: '1.17.2',
        protocolDifferentiation: true,
        address: '198.51.100.10',
        sharingKey: 'edge-443',
        sharingCrossNamespace: ['web', 'redirects'],
        loadBalancerClass: BGP,
      },
      {},
      ['edge-tcp', 'edge-udp'].map((name) => service(name, name.endsWith('tcp') ? [TCP] : [UDP], {
        'lbipam.cilium.io/ips': '198.51.100.10',
        'lbipam.cilium.io/sharing-key': 'edge-443',
        'lbipam.cilium.io/sharing-cross-namespace': 'web,redirects',
      }, { loadBalancerClass: BGP })),
    ],
    [
      'two Services on 1.18, every namespace, L2 with Cluster',
      {
        name: 'cilium',
        mixedProtocol: 'two-services',
        version: '1.18',
        protocolDifferentiation: true,
        sharingCrossNamespace: ['*'],
        loadBalancerClass: L2,
      },
      CLUSTER,
      ['edge-tcp', 'edge-udp'].map((name) => service(name, name.endsWith('tcp') ? [TCP] : [UDP], {
        'lbipam.cilium.io/sharing-key': 'edge',
        'lbipam.cilium.io/sharing-cross-namespace': '*',
      }, { loadBalancerClass: L2, externalTrafficPolicy: 'Cluster' })),
    ],
  ])('%s', (_label, provider, extra, expected) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual(expected);
    expect(result.serviceNames).toEqual(expected.map((s) => (s as { metadata: { name: string } }).metadata.name));
    expect(result.shape.layout).toBe(expected.length === 2 ? MixedProtocolLayout.TWO_SERVICES : MixedProtocolLayout.SINGLE_SERVICE);
    expect(result.artifacts).toEqual([]);
  });

  test('no nodePort is needed: LB-IPAM addresses are served by the datapath, not through a nodePort', () => {
    const result = lb({ name: 'cilium' });
    expect(result.resources).toHaveLength(1);
    expect((result.resources[0].manifest.spec as { ports: object[] }).ports).toStrictEqual([TCP, UDP]);
  });

  test.each<[string, string]>([
    ['1.13', 'io.cilium/lb-ipam-ips'],
    ['1.15.9', 'io.cilium/lb-ipam-ips'],
    ['1.16', 'lbipam.cilium.io/ips'],
    ['1.19.1', 'lbipam.cilium.io/ips'],
  ])('version %s pins with %s', (version, key) => {
    const result = lb({ name: 'cilium', version, address: '198.51.100.10' });
    expect(result.resources[0].manifest.metadata.annotations).toStrictEqual({ [key]: '198.51.100.10' });
  });
});

const SECOND_IP =
  'LB-IPAM lets a TCP and a UDP Service with the same port share an address only from the release with cilium/cilium PR #34691 (1.17 by merge '
  + 'date, unverified) and with protocol differentiation on; otherwise it silently gives the second Service another address (cilium/cilium #39172)';

// §9 (b): two Services only where the user states a version with protocol-aware LB-IPAM; §9 (e) and l2-announcements.rst
describe('cilium refusals', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, string, string]>([
    [
      'two Services without a stated version',
      { name: 'cilium', mixedProtocol: 'two-services' },
      {},
      'provider.version',
      `provider.version must be the Cilium version (1.17 or later) when mixedProtocol is "two-services", got undefined; ${SECOND_IP}; state the `
        + 'version, or use one mixed Service (mixedProtocol "single-service")',
    ],
    [
      'two Services on 1.16',
      { name: 'cilium', mixedProtocol: 'two-services', version: '1.16.5' },
      {},
      'provider.mixedProtocol',
      `provider.mixedProtocol "two-services" cannot be combined with provider.version "1.16.5": ${SECOND_IP}; use one mixed Service (mixedProtocol `
        + '"single-service"), or upgrade Cilium to 1.17 or later',
    ],
    [
      'two Services on 1.17 without protocol differentiation stated',
      { name: 'cilium', mixedProtocol: 'two-services', version: '1.17' },
      {},
      'provider.protocolDifferentiation',
      'provider.protocolDifferentiation must be true when mixedProtocol is "two-services" on Cilium 1.17 or 1.18, got undefined; '
        + `${SECOND_IP}; turn it on (Helm loadBalancer.protocolDifferentiation.enabled, agent --bpf-lb-proto-diff) and state `
        + 'protocolDifferentiation: true, or use one mixed Service (mixedProtocol "single-service")',
    ],
    [
      'two Services on 1.18 with protocol differentiation off',
      { name: 'cilium', mixedProtocol: 'two-services', version: '1.18.3', protocolDifferentiation: false },
      {},
      'provider.protocolDifferentiation',
      'provider.protocolDifferentiation must be true when mixedProtocol is "two-services" on Cilium 1.17 or 1.18, got false; '
        + `${SECOND_IP}; turn it on (Helm loadBalancer.protocolDifferentiation.enabled, agent --bpf-lb-proto-diff) and state `
        + 'protocolDifferentiation: true, or use one mixed Service (mixedProtocol "single-service")',
    ],
    [
      'protocol differentiation before 1.17',
      { name: 'cilium', version: '1.16', protocolDifferentiation: true },
      {},
      'provider.protocolDifferentiation',
      'provider.protocolDifferentiation true cannot be combined with provider.version "1.16": Cilium\'s datapath tells TCP from UDP on one port only '
        + 'from 1.17 (cilium/cilium #33434, by merge date); remove protocolDifferentiation, or upgrade Cilium',
    ],
    [
      'protocol differentiation off on 1.19',
      { name: 'cilium', version: '1.19', protocolDifferentiation: false },
      {},
      'provider.protocolDifferentiation',
      'provider.protocolDifferentiation false cannot be combined with provider.version "1.19": Cilium 1.19 removed the --bpf-lb-proto-diff flag: '
        + 'protocol differentiation is always on; remove protocolDifferentiation',
    ],
    [
      'a class LB-IPAM does not serve',
      { name: 'cilium', loadBalancerClass: 'metallb.io/metallb' },
      {},
      'provider.loadBalancerClass',
      'provider.loadBalancerClass must be one of "io.cilium/l2-announcer", "io.cilium/bgp-control-plane", got "metallb.io/metallb"; Cilium\'s '
        + 'LB-IPAM '
        + 'ignores a Service with any other class entirely (lb-ipam.rst); leave it unset to let any Cilium announcer announce it',
    ],
    [
      'L2 announcements with externalTrafficPolicy Local',
      { name: 'cilium', loadBalancerClass: L2 },
      {},
      'provider.loadBalancerClass',
      'provider.loadBalancerClass "io.cilium/l2-announcer" cannot be combined with externalTrafficPolicy "Local": Cilium L2 announcements ignore the '
        + 'traffic policy, so the node that holds the address may run no gateway pod and drop the traffic (Cilium docs, l2-announcements.rst '
        + '"Limitations"); set externalTrafficPolicy "Cluster", or announce the address over BGP with loadBalancerClass '
        + '"io.cilium/bgp-control-plane"',
    ],
    [
      'a sharing key on one mixed Service',
      { name: 'cilium', sharingKey: 'edge' },
      {},
      'provider.sharingKey',
      'provider.sharingKey "edge" cannot be combined with provider.mixedProtocol "single-service": a sharing key only joins the two Services of '
        + 'mixedProtocol "two-services" on one address; remove sharingKey (to share the address of the mixed Service with other Services, set '
        + 'lbipam.cilium.io/sharing-key through provider.annotations), or set mixedProtocol to "two-services"',
    ],
    [
      'cross-namespace sharing on one mixed Service',
      { name: 'cilium', sharingCrossNamespace: ['*'] },
      {},
      'provider.sharingCrossNamespace',
      'provider.sharingCrossNamespace ["*"] cannot be combined with provider.mixedProtocol "single-service": a sharing key only joins the two '
        + 'Services of mixedProtocol "two-services" on one address; remove sharingCrossNamespace (to share the address of the mixed Service with '
        + 'other '
        + 'Services, set lbipam.cilium.io/sharing-key through provider.annotations), or set mixedProtocol to "two-services"',
    ],
    [
      'an empty namespace list',
      { name: 'cilium', mixedProtocol: 'two-services', version: '1.19', sharingCrossNamespace: [] },
      {},
      'provider.sharingCrossNamespace',
      'provider.sharingCrossNamespace must be a non-empty list of namespaces, or ["*"] for every namespace, got []',
    ],
    [
      '* with other namespaces',
      { name: 'cilium', mixedProtocol: 'two-services', version: '1.19', sharingCrossNamespace: ['*', 'web'] },
      {},
      'provider.sharingCrossNamespace',
      'provider.sharingCrossNamespace must be a non-empty list of namespaces, or ["*"] alone for every namespace, got ["*","web"]',
    ],
    [
      'a namespace that is not a DNS label',
      { name: 'cilium', mixedProtocol: 'two-services', version: '1.19', sharingCrossNamespace: ['Web'] },
      {},
      'provider.sharingCrossNamespace[0]',
      'provider.sharingCrossNamespace[0] must be a DNS-1123 label (at most 63 lowercase letters, digits and "-", starting and ending with a letter '
        + 'or '
        + 'digit), got "Web"',
    ],
    [
      'an address that is not an IP',
      { name: 'cilium', address: 'lb.example.org' },
      {},
      'provider.address',
      'provider.address must be an IPv4 or IPv6 address, got "lb.example.org"',
    ],
    [
      'a version that is not one',
      { name: 'cilium', version: 'latest' },
      {},
      'provider.version',
      'provider.version must be a version such as "1.30" or "0.14.9", got "latest"',
    ],
    [
      'an unknown field',
      { name: 'cilium', announcer: 'l2' },
      {},
      'provider.announcer',
      'provider.announcer is not a known field (got "l2"); the fields of provider are: address, annotations, loadBalancerClass, mixedProtocol, name, '
        + 'protocolDifferentiation, sharingCrossNamespace, sharingKey, version',
    ],
  ])('%s', (_label, provider, extra, prop, message) => {
    const error = errorOf(() => lb(provider, extra));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  test.each<[string, boolean]>([
    ['1.16.9', false],
    ['1.17', true],
    ['v1.17.0', true],
    ['1.18.5', true],
  ])('two Services with protocol differentiation on %s accepted: %s', (version, accepted) => {
    const run = () => lb({ name: 'cilium', mixedProtocol: 'two-services', version, protocolDifferentiation: true });
    if (accepted) {
      expect(run().serviceNames).toEqual(['edge-tcp', 'edge-udp']);
    } else {
      expect(errorOf(run).prop).toBe('provider.protocolDifferentiation');
    }
  });

  test('from 1.19 protocol differentiation need not be stated (the flag is gone)', () => {
    expect(lb({ name: 'cilium', mixedProtocol: 'two-services', version: '1.20' }).serviceNames).toEqual(['edge-tcp', 'edge-udp']);
    expect(lb({ name: 'cilium', mixedProtocol: 'two-services', version: '1.19', protocolDifferentiation: true }).serviceNames).toEqual([
      'edge-tcp',
      'edge-udp',
    ]);
  });
});

describe('cilium user annotations', () => {
  test('a sharing key through annotations shares the mixed Service with other Services', () => {
    const result = lb({ name: 'cilium', address: '198.51.100.10', annotations: { 'lbipam.cilium.io/sharing-key': 'edge-ip' } });
    expect(result.resources[0].manifest.metadata.annotations).toStrictEqual({
      'lbipam.cilium.io/ips': '198.51.100.10',
      'lbipam.cilium.io/sharing-key': 'edge-ip',
    });
  });

  test('the sharing key of two Services cannot be overridden', () => {
    const error = errorOf(() => lb({
      name: 'cilium',
      mixedProtocol: 'two-services',
      version: '1.19',
      annotations: { 'lbipam.cilium.io/sharing-key': 'other' },
    }));
    expect(error.prop).toBe('provider.annotations["lbipam.cilium.io/sharing-key"]');
    expect(error.message).toBe(
      'provider.annotations["lbipam.cilium.io/sharing-key"] "other" would override what the cilium provider sets itself ("edge"); remove it, or use '
        + 'the provider option that controls it',
    );
  });
});

// §16: no load-balancer health checks, 5-tuple/ECMP hashing breaks migration; Local keeps the client address
describe('cilium report', () => {
  const { YES, NO, PARTIAL, NOT_APPLICABLE } = FindingStatus;
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, FindingStatus, string[]]>([
    [
      'class unset, Local',
      { name: 'cilium' },
      {},
      YES,
      ['cilium-ip-pool', 'cilium-l2-local', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    ['class unset, Cluster', { name: 'cilium' }, CLUSTER, PARTIAL, ['cilium-ip-pool', 'udp-idle-timeout', 'quic-migration', 'apply-server-side']],
    [
      'BGP, Local',
      { name: 'cilium', loadBalancerClass: BGP },
      {},
      YES,
      ['cilium-ip-pool', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'L2, Cluster',
      { name: 'cilium', loadBalancerClass: L2 },
      CLUSTER,
      PARTIAL,
      ['cilium-ip-pool', 'cilium-l2-announcer', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'two Services, L2, Cluster (no server-side apply note: one port per Service)',
      { name: 'cilium', loadBalancerClass: L2, mixedProtocol: 'two-services', version: '1.19' },
      CLUSTER,
      PARTIAL,
      ['cilium-ip-pool', 'cilium-l2-announcer', 'cilium-shared-ip', 'udp-idle-timeout', 'quic-migration'],
    ],
    [
      'Cilium 1.16: no protocol differentiation',
      { name: 'cilium', version: '1.16', loadBalancerClass: BGP },
      {},
      YES,
      ['cilium-ip-pool', 'cilium-protocol-differentiation', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
  ])('%s', (_label, provider, extra, clientIp, topics) => {
    const { report } = lb(provider, extra);
    expect(report.clientIp.status).toBe(clientIp);
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.udpHealthCheck.status).toBe(NOT_APPLICABLE);
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
    expect(report.quicTerminatedBy).toBe('not decided by this construct');
  });

  test('findings in full: L2 with Cluster', () => {
    const { report } = lb({ name: 'cilium', loadBalancerClass: L2, address: '198.51.100.10' }, CLUSTER);
    expect(report.clientIp).toEqual({
      status: PARTIAL,
      detail: 'with externalTrafficPolicy Cluster, kube-proxy or Cilium\'s kube-proxy replacement in its default loadBalancer.mode "snat" '
        + 'source-NATs packets it forwards to a gateway pod on another node; loadBalancer.mode "dsr" keeps the client address ("hybrid" only for '
        + 'TCP, so QUIC is still source-NATed)',
    });
    expect(report.connectionMigration).toEqual({
      status: NO,
      detail: 'one node answers for the address and the node picks a gateway pod per UDP flow: a client whose address changes can reach another pod '
        + 'and must reconnect',
    });
    expect(report.udpHealthCheck).toEqual({
      status: NOT_APPLICABLE,
      detail: 'Cilium runs no load-balancer health checks: the L2 lease moves the address when its holder fails (10-20 s with the default lease '
        + 'settings)',
    });
    expect(report.notes.slice(0, 2)).toEqual([
      {
        severity: NoteSeverity.INFO,
        topic: 'cilium-ip-pool',
        message: 'LB-IPAM allocates only from a CiliumLoadBalancerIPPool whose serviceSelector matches the Service (it stays pending without one), '
          + 'and the requested address must lie in that pool',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'cilium-l2-announcer',
        message: 'one node, the holder of the Service\'s Lease (cilium-l2announce-<namespace>-<service>), answers ARP for the address and carries '
          + 'all its traffic; L2 announcements need the kube-proxy replacement and a CiliumL2AnnouncementPolicy with loadBalancerIPs: true selecting '
          + 'the Service',
      },
    ]);
  });

  test('findings in full: BGP with Local', () => {
    const { report } = lb({ name: 'cilium', loadBalancerClass: BGP });
    expect(report.clientIp).toEqual({
      status: YES,
      detail: 'Cilium only announces the address and externalTrafficPolicy Local keeps the packets from being source-NATed (the BGP control plane '
        + 'withdraws the route of a node without a ready gateway pod)',
    });
    expect(report.connectionMigration.detail).toBe(
      'routers spread flows over the nodes by ECMP and the node picks a gateway pod per UDP flow: a client whose address changes can reach another '
        + 'pod '
        + 'and must reconnect; a node leaving the ECMP set breaks the flows it carried',
    );
    expect(report.udpHealthCheck.detail).toBe(
      'Cilium runs no load-balancer health checks: BGP advertises the address from the selected nodes (with externalTrafficPolicy Local only from '
        + 'nodes with a ready gateway pod)',
    );
  });

  test('the L2/Local warning when no class is set', () => {
    const { report } = lb({ name: 'cilium' });
    expect(report.notes[1]).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'cilium-l2-local',
      message: 'if a CiliumL2AnnouncementPolicy selects this Service, the node announcing it may run no gateway pod and drop the traffic (L2 '
        + 'announcements are incompatible with externalTrafficPolicy Local): announce it over BGP (loadBalancerClass "io.cilium/bgp-control-plane"), '
        + 'or use L2 with externalTrafficPolicy "Cluster"',
    });
  });

  test('the shared-address note names every compatibility condition', () => {
    const { report } = lb({ name: 'cilium', mixedProtocol: 'two-services', version: '1.19', loadBalancerClass: BGP });
    expect(report.notes.find((n) => n.topic === 'cilium-shared-ip')?.message).toBe(
      'the two Services share one address only while they keep the same sharing key, namespace, externalTrafficPolicy and, with Local, identical '
        + 'selectors (LB-IPAM isCompatible); otherwise LB-IPAM silently gives the second one another address (cilium/cilium #39172)',
    );
  });

  test('the support row', () => {
    expect(ciliumProvider.support).toEqual({
      mixedService: 'yes: LB-IPAM allocates one address per Service and the eBPF datapath forwards both protocols',
      workaround: 'one Service (class `io.cilium/l2-announcer`, `io.cilium/bgp-control-plane` or unset); two Services only on a stated Cilium 1.17+ '
        + 'with protocol differentiation on',
      ipSharing: '`lbipam.cilium.io/sharing-key` (+ `lbipam.cilium.io/ips`, `lbipam.cilium.io/sharing-cross-namespace`); up to 1.15 '
        + '`io.cilium/lb-ipam-*`',
      caveats: 'no load-balancer health checks; L2 announcements are refused with externalTrafficPolicy Local (the lease holder may run no gateway '
        + 'pod); without protocol-aware LB-IPAM a same-port TCP/UDP pair gets two addresses (cilium/cilium #39172)',
    });
  });
});

// the provider with the gateway implementations: istio (kube-http3 creates the Service), envoy-gateway (shape into EnvoyProxy)
describe('cilium with the gateways', () => {
  test('istio: kube-http3 creates the mixed Service next to the gateway pods, with the class and the pinned address', () => {
    const result = gateway('istio', { name: 'cilium', loadBalancerClass: BGP, address: '198.51.100.10' });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'virtual-service', 'service']);
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'shop',
        namespace: 'istio-system',
        labels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' },
        annotations: { 'lbipam.cilium.io/ips': '198.51.100.10' },
      },
      spec: {
        type: 'LoadBalancer',
        loadBalancerClass: BGP,
        externalTrafficPolicy: 'Local',
        selector: { istio: 'ingressgateway' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.report.clientIp.status).toBe(FindingStatus.YES);
  });

  test('istio: two Services on 1.19 share the key named after the gateway', () => {
    const result = gateway('istio', { name: 'cilium', mixedProtocol: 'two-services', version: '1.19' });
    expect(result.serviceNames).toEqual(['shop-tcp', 'shop-udp']);
    expect(result.resources.filter((r) => r.manifest.kind === 'Service').map((r) => r.manifest.metadata.annotations)).toStrictEqual([
      { 'lbipam.cilium.io/sharing-key': 'shop' },
      { 'lbipam.cilium.io/sharing-key': 'shop' },
    ]);
  });

  test('envoy-gateway: the EnvoyProxy carries the class, the address and the traffic policy', () => {
    const result = gateway('envoy-gateway', { name: 'cilium', loadBalancerClass: L2, address: '198.51.100.10' }, CLUSTER);
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy', 'envoy-proxy']);
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: {
            type: 'LoadBalancer',
            annotations: { 'lbipam.cilium.io/ips': '198.51.100.10' },
            loadBalancerClass: L2,
            externalTrafficPolicy: 'Cluster',
          },
        },
      },
    });
    expect(result.serviceNames).toEqual([]);
    expect(result.report.clientIp.status).toBe(FindingStatus.PARTIAL);
    expect(result.report.notes.map((n) => n.topic)).toContain('cilium-l2-announcer');
  });

  test('envoy-gateway: no EnvoyProxy when the shape matches its defaults', () => {
    const result = gateway('envoy-gateway', { name: 'cilium' });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy']);
  });

  test('envoy-gateway refuses two Services', () => {
    const error = errorOf(() => gateway('envoy-gateway', { name: 'cilium', mixedProtocol: 'two-services', version: '1.19' }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toBe(
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": Envoy Gateway generates exactly one '
        + 'Service per Gateway, with the TCP and the UDP port together; use mixedProtocol "single-service" on a provider that carries one mixed '
        + 'Service',
    );
  });

  test.each(['istio', 'envoy-gateway'] as const)('%s refuses L2 announcements with Local', (implementation) => {
    const error = errorOf(() => gateway(implementation, { name: 'cilium', loadBalancerClass: L2 }));
    expect(error.prop).toBe('provider.loadBalancerClass');
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
