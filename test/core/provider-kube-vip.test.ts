/**
 * The `kube-vip` provider. Facts: loadbalancers.md §10 (one mixed Service; two Services with the same
 * `kube-vip.io/loadbalancerIPs` and `kube-vip.io/leaseName`, because kube-vip-cloud-provider's automatic sharing compares
 * ports only; `loadBalancerClass: kube-vip.io/kube-vip-class`; Local needs svc_election), §0.2, §0.3, §16, §17, §18;
 * kube-vip/kube-vip history (common lease in v1.0.1, commit 9599550; stalled-lease fix in v1.0.4, #1383), kube-vip
 * website usage/kubernetes-services.md (loadbalancerIPs since 0.5.12).
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { kubeVipProvider } from '../../lib/providers/kube-vip';
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

const CLASS = 'kube-vip.io/kube-vip-class';
const CLUSTER = { externalTrafficPolicy: 'Cluster' } as const;
const IPS = 'kube-vip.io/loadbalancerIPs';
const LEASE = 'kube-vip.io/leaseName';

// §10 (a) one mixed Service, (b) pinned address + common lease, (e) class; §0.3 the annotation replaces spec.loadBalancerIP
describe('kube-vip Service shapes', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object[]]>([
    ['nothing set: the cloud provider allocates', { name: 'kube-vip' }, {}, [service('edge', [TCP, UDP])]],
    ['shorthand', 'kube-vip', {}, [service('edge', [TCP, UDP])]],
    ['address pinned', { name: 'kube-vip', address: '192.0.2.20' }, {}, [service('edge', [TCP, UDP], { [IPS]: '192.0.2.20' })]],
    [
      'kube-vip 0.5.12 reads the annotation',
      { name: 'kube-vip', version: '0.5.12', address: '2001:db8::20' },
      {},
      [service('edge', [TCP, UDP], { [IPS]: '2001:db8::20' })],
    ],
    [
      'kube-vip 0.5.11 reads spec.loadBalancerIP',
      { name: 'kube-vip', version: 'v0.5.11', address: '192.0.2.20' },
      {},
      [service('edge', [TCP, UDP], undefined, { loadBalancerIP: '192.0.2.20' })],
    ],
    [
      'the kube-vip class',
      { name: 'kube-vip', loadBalancerClass: CLASS, address: '192.0.2.20' },
      CLUSTER,
      [service('edge', [TCP, UDP], { [IPS]: '192.0.2.20' }, { loadBalancerClass: CLASS, externalTrafficPolicy: 'Cluster' })],
    ],
    [
      'two Services: same address, common lease named after the Service',
      { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20' },
      {},
      [
        service('edge-tcp', [TCP], { [IPS]: '192.0.2.20', [LEASE]: 'edge' }),
        service('edge-udp', [UDP], { [IPS]: '192.0.2.20', [LEASE]: 'edge' }),
      ],
    ],
    [
      'two Services, own lease, v1.0.1',
      { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20', leaseName: 'edge-vip', version: '1.0.1' },
      {},
      [
        service('edge-tcp', [TCP], { [IPS]: '192.0.2.20', [LEASE]: 'edge-vip' }),
        service('edge-udp', [UDP], { [IPS]: '192.0.2.20', [LEASE]: 'edge-vip' }),
      ],
    ],
    [
      'two Services before v1.0.1 with Cluster: no lease annotation (kube-vip would ignore it)',
      { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20', version: '0.8.10' },
      CLUSTER,
      [
        service('edge-tcp', [TCP], { [IPS]: '192.0.2.20' }, { externalTrafficPolicy: 'Cluster' }),
        service('edge-udp', [UDP], { [IPS]: '192.0.2.20' }, { externalTrafficPolicy: 'Cluster' }),
      ],
    ],
  ])('%s', (_label, provider, extra, expected) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual(expected);
    expect(result.serviceNames).toEqual(expected.map((s) => (s as { metadata: { name: string } }).metadata.name));
    expect(result.shape.layout).toBe(expected.length === 2 ? MixedProtocolLayout.TWO_SERVICES : MixedProtocolLayout.SINGLE_SERVICE);
    expect(result.artifacts).toEqual([]);
  });
});

describe('kube-vip refusals', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, string, string]>([
    [
      'two Services without an address',
      { name: 'kube-vip', mixedProtocol: 'two-services' },
      {},
      'provider.address',
      'provider.address must be an IP address when mixedProtocol is "two-services", got undefined; kube-vip-cloud-provider\'s automatic sharing '
        + 'compares port numbers only, so it never puts 443/TCP and 443/UDP on one address: both Services must request the same address',
    ],
    [
      'two Services with Local before the common lease',
      { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20', version: '1.0.0' },
      {},
      'provider.version',
      'provider.version "1.0.0" cannot be combined with externalTrafficPolicy "Local": externalTrafficPolicy Local needs per-Service leader election '
        + '(svc_election), which elects each Service on its own lease, and the common lease that keeps two Services on one node '
        + '(kube-vip.io/leaseName) '
        + 'arrived in v1.0.1: the two Services could be announced from different nodes (kube-vip #441); upgrade kube-vip to v1.0.1 or later, use '
        + 'mixedProtocol "single-service", or use externalTrafficPolicy "Cluster" with kube-vip running without svc_election',
    ],
    [
      'a lease on one mixed Service',
      { name: 'kube-vip', leaseName: 'edge' },
      {},
      'provider.leaseName',
      'provider.leaseName "edge" cannot be combined with provider.mixedProtocol "single-service": a common lease only keeps the two Services of '
        + 'mixedProtocol "two-services" on one node; remove leaseName, or set mixedProtocol to "two-services"',
    ],
    [
      'a lease before v1.0.1',
      { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20', leaseName: 'edge', version: '0.9.2' },
      CLUSTER,
      'provider.leaseName',
      'provider.leaseName "edge" cannot be combined with provider.version "0.9.2": the kube-vip.io/leaseName annotation arrived in kube-vip v1.0.1; '
        + 'remove leaseName, or upgrade kube-vip',
    ],
    [
      'the DHCP address 0.0.0.0',
      { name: 'kube-vip', address: '0.0.0.0' },
      {},
      'provider.address',
      'provider.address must be a specific IP address, got "0.0.0.0"; kube-vip reads 0.0.0.0 and :: as "obtain an address by DHCP"; for DHCP leave '
        + 'provider.address unset and set kube-vip.io/loadbalancerIPs through provider.annotations',
    ],
    [
      'the DHCP address ::',
      { name: 'kube-vip', address: '::' },
      {},
      'provider.address',
      'provider.address must be a specific IP address, got "::"; kube-vip reads 0.0.0.0 and :: as "obtain an address by DHCP"; for DHCP leave '
        + 'provider.address unset and set kube-vip.io/loadbalancerIPs through provider.annotations',
    ],
    [
      'a DNS name as address',
      { name: 'kube-vip', address: 'vip.example.org' },
      {},
      'provider.address',
      'provider.address must be an IPv4 or IPv6 address, got "vip.example.org"',
    ],
    [
      'a lease name that is not a DNS subdomain',
      { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20', leaseName: 'Edge_Lease' },
      {},
      'provider.leaseName',
      'provider.leaseName must be a DNS-1123 subdomain (lowercase dot-separated labels, at most 253 characters), got "Edge_Lease"',
    ],
    [
      'a class that is not a qualified name',
      { name: 'kube-vip', loadBalancerClass: 'kube vip' },
      {},
      'provider.loadBalancerClass',
      'provider.loadBalancerClass must be a qualified name ("[prefix/]name", name at most 63 alphanumerics, "-", "_" or ".", prefix a DNS '
        + 'subdomain), '
        + 'got "kube vip"',
    ],
    [
      'an unknown field',
      { name: 'kube-vip', lease: 'x' },
      {},
      'provider.lease',
      'provider.lease is not a known field (got "x"); the fields of provider are: address, annotations, leaseName, loadBalancerClass, mixedProtocol, '
        + 'name, version',
    ],
  ])('%s', (_label, provider, extra, prop, message) => {
    const error = errorOf(() => lb(provider, extra));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  test('DHCP through annotations on one mixed Service', () => {
    const result = lb({ name: 'kube-vip', annotations: { [IPS]: '0.0.0.0' } });
    expect(result.resources[0].manifest.metadata.annotations).toStrictEqual({ [IPS]: '0.0.0.0' });
  });

  test('the common lease of two Services cannot be overridden', () => {
    const error = errorOf(() => lb({ name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20', annotations: { [LEASE]: 'other' } }));
    expect(error.prop).toBe('provider.annotations["kube-vip.io/leaseName"]');
    expect(error.message).toBe(
      'provider.annotations["kube-vip.io/leaseName"] "other" would override what the kube-vip provider sets itself ("edge"); remove it, or use the '
        + 'provider option that controls it',
    );
  });
});

describe('kube-vip report', () => {
  const { YES, NO, NOT_APPLICABLE } = FindingStatus;
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, FindingStatus, string[]]>([
    [
      'nothing set, Local',
      { name: 'kube-vip' },
      {},
      YES,
      ['kube-vip-local', 'kube-vip-address', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    ['pinned, Cluster', { name: 'kube-vip', address: '192.0.2.20' }, CLUSTER, NO, ['udp-idle-timeout', 'quic-migration', 'apply-server-side']],
    [
      'class without address',
      { name: 'kube-vip', loadBalancerClass: CLASS },
      CLUSTER,
      NO,
      ['kube-vip-address', 'kube-vip-class', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'before v0.5.12',
      { name: 'kube-vip', version: '0.5.0', address: '192.0.2.20' },
      CLUSTER,
      NO,
      ['kube-vip-load-balancer-ip', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'two Services, Local, newest',
      { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20' },
      {},
      YES,
      ['kube-vip-local', 'kube-vip-shared-ip', 'udp-idle-timeout', 'quic-migration'],
    ],
    [
      'two Services on v1.0.3 (stalled-lease bug)',
      { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20', version: '1.0.3' },
      {},
      YES,
      ['kube-vip-local', 'kube-vip-shared-ip', 'kube-vip-common-lease-bug', 'udp-idle-timeout', 'quic-migration'],
    ],
    [
      'two Services before the common lease, Cluster',
      { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20', version: '0.8.0' },
      CLUSTER,
      NO,
      ['kube-vip-no-common-lease', 'udp-idle-timeout', 'quic-migration'],
    ],
  ])('%s', (_label, provider, extra, clientIp, topics) => {
    const { report } = lb(provider, extra);
    expect(report.clientIp.status).toBe(clientIp);
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.udpHealthCheck.status).toBe(NOT_APPLICABLE);
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
  });

  test('findings and the svc_election warning in full', () => {
    const { report } = lb({ name: 'kube-vip', loadBalancerClass: CLASS });
    expect(report.clientIp).toEqual({
      status: YES,
      detail: 'kube-vip only announces the address (ARP or BGP) and externalTrafficPolicy Local keeps kube-proxy from source-NATing',
    });
    expect(report.connectionMigration.detail).toBe(
      'in ARP mode one node holds the address, in BGP mode routers spread flows over the nodes, and kube-proxy picks a gateway pod per UDP flow: a '
        + 'client whose address changes can reach another pod and must reconnect',
    );
    expect(report.udpHealthCheck.detail).toBe(
      'kube-vip runs no load-balancer health checks: the address moves when its leader loses the lease, and with per-Service leader election only '
        + 'nodes with a ready gateway pod take part',
    );
    expect(report.notes.slice(0, 3)).toEqual([
      {
        severity: NoteSeverity.WARNING,
        topic: 'kube-vip-local',
        message: 'kube-vip serves externalTrafficPolicy Local only with per-Service leader election (svc_election: "true"), which lets only nodes '
          + 'with a ready gateway pod take the address; without it the address can sit on a node that drops the traffic',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'kube-vip-address',
        message: 'kube-vip announces the Service only once kube-vip.io/loadbalancerIPs (or spec.loadBalancerIP) is set: run kube-vip-cloud-provider '
          + '(or another controller) to allocate it, or set provider.address; kube-vip-cloud-provider allocates for a Service with a '
          + 'loadBalancerClass only when it runs with KUBEVIP_ENABLE_LOADBALANCERCLASS=true',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'kube-vip-class',
        message: 'kube-vip acts on a Service with a loadBalancerClass only when the class is the lbClassName it runs with '
          + '(kube-vip.io/kube-vip-class by default)',
      },
    ]);
  });

  test.each<[string, boolean]>([
    ['1.0.1', true],
    ['1.0.3', true],
    ['1.0.4', false],
    ['1.1.0', false],
  ])('the stalled-lease warning on %s: %s', (version, warned) => {
    const { report } = lb({ name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20', version });
    expect(report.notes.some((n) => n.topic === 'kube-vip-common-lease-bug')).toBe(warned);
  });

  test('the support row', () => {
    expect(kubeVipProvider.support).toEqual({
      mixedService: 'yes: kube-vip announces the address (ARP or BGP) and kube-proxy forwards both protocols',
      workaround: 'one Service; or two Services with the same pinned address and the same lease',
      ipSharing: '`kube-vip.io/loadbalancerIPs` + `kube-vip.io/leaseName` (v1.0.1+); kube-vip-cloud-provider\'s automatic sharing compares '
        + 'ports only',
      caveats: 'no load-balancer health checks; externalTrafficPolicy Local needs per-Service leader election (`svc_election`)',
    });
  });
});

describe('kube-vip with the gateways', () => {
  test('istio: the mixed Service with the pinned address and the class', () => {
    const result = gateway('istio', { name: 'kube-vip', address: '192.0.2.20', loadBalancerClass: CLASS });
    expect(byRole(result, 'service').metadata.annotations).toStrictEqual({ [IPS]: '192.0.2.20' });
    expect((byRole(result, 'service').spec as { loadBalancerClass: string }).loadBalancerClass).toBe(CLASS);
    expect(result.serviceNames).toEqual(['shop']);
  });

  test('istio: two Services with the common lease named after the gateway', () => {
    const result = gateway('istio', { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20' });
    expect(result.serviceNames).toEqual(['shop-tcp', 'shop-udp']);
    expect(result.resources.filter((r) => r.manifest.kind === 'Service').map((r) => r.manifest.metadata.annotations)).toStrictEqual([
      { [IPS]: '192.0.2.20', [LEASE]: 'shop' },
      { [IPS]: '192.0.2.20', [LEASE]: 'shop' },
    ]);
  });

  test('envoy-gateway: the EnvoyProxy carries the address annotation', () => {
    const result = gateway('envoy-gateway', { name: 'kube-vip', address: '192.0.2.20' });
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: { envoyService: { type: 'LoadBalancer', annotations: { [IPS]: '192.0.2.20' }, externalTrafficPolicy: 'Local' } },
      },
    });
  });

  test('envoy-gateway: before v0.5.12 the address goes to the EnvoyProxy loadBalancerIP', () => {
    const result = gateway('envoy-gateway', { name: 'kube-vip', address: '192.0.2.20', version: '0.5.0' }, { externalTrafficPolicy: 'Cluster' });
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: { envoyService: { type: 'LoadBalancer', loadBalancerIP: '192.0.2.20', externalTrafficPolicy: 'Cluster' } },
      },
    });
  });

  test('envoy-gateway refuses two Services', () => {
    const error = errorOf(() => gateway('envoy-gateway', { name: 'kube-vip', mixedProtocol: 'two-services', address: '192.0.2.20' }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toBe(
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": Envoy Gateway generates exactly one '
        + 'Service per Gateway, with the TCP and the UDP port together; use mixedProtocol "single-service" on a provider that carries one mixed '
        + 'Service',
    );
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
