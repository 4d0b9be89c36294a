/**
 * The `openstack` provider (Octavia through openstack-cloud-controller-manager). Facts: loadbalancers.md §13 (one mixed
 * Service, listeners keyed by protocol+port; TLS and X-Forwarded-For annotations turn every listener, the UDP one
 * included, into TERMINATED_HTTPS/HTTP; two Services on one load balancer through load-balancer-id; `class` is an OCCM
 * config class; UDP-CONNECT monitors, HTTP on healthCheckNodePort where supported, never with ovn; PROXY is TCP-only),
 * §0.2 (class unset), §16, §17, §18; cloud-provider-openstack pkg/openstack/loadbalancer.go (`getStringFromServiceAnnotation`:
 * an empty annotation overrides the configuration; `ensureOctaviaPool`: the PROXY protocol on every pool; internal load
 * balancers are never shared; `ensureFloatingIP`: only the owner attaches a floating IP).
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { openstackProvider } from '../../lib/providers/openstack';
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

/** an expected Service (never a loadBalancerClass: OCCM ignores Services that set one) */
function service(name: string, ports: object[], annotations: Record<string, string>, policy = 'Local') {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'web', labels: LABELS, annotations },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: policy, selector: { app: 'edge' }, ports },
  };
}

const LB_ID = '2b224530-9414-4302-8163-5abebdcdc84f';
const TLS = 'loadbalancer.openstack.org/default-tls-container-ref';
const MONITOR = 'loadbalancer.openstack.org/enable-health-monitor';
const ID = 'loadbalancer.openstack.org/load-balancer-id';
const CLASS = 'loadbalancer.openstack.org/class';
const INTERNAL = 'service.beta.kubernetes.io/openstack-internal-load-balancer';
/** what every Service gets: the TLS container emptied, and with Local a health monitor */
const BASE = { [TLS]: '', [MONITOR]: 'true' };

// §13 (a) one mixed Service; (b) the shared load balancer; (c) a monitor for Local; (e) an OCCM config class
describe('openstack Service shapes', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object[]]>([
    ['shorthand: one mixed Service, health monitor on for Local', 'openstack', {}, [service('edge', [TCP, UDP], BASE)]],
    ['Cluster: monitor left to OCCM\'s configuration', { name: 'openstack' }, { externalTrafficPolicy: 'Cluster' }, [
      service('edge', [TCP, UDP], { [TLS]: '' }, 'Cluster'),
    ]],
    [
      'internal',
      { name: 'openstack', internal: true },
      {},
      [service('edge', [TCP, UDP], { ...BASE, [INTERNAL]: 'true' })],
    ],
    [
      'config class, explicitly external',
      { name: 'openstack', configClass: 'internetFacing', internal: false },
      {},
      [service('edge', [TCP, UDP], { ...BASE, [CLASS]: 'internetFacing', [INTERNAL]: 'false' })],
    ],
    ['one mixed Service joining an existing load balancer', { name: 'openstack', loadBalancerId: LB_ID }, {}, [
      service('edge', [TCP, UDP], { ...BASE, [ID]: LB_ID }),
    ]],
    [
      'two Services joining one load balancer',
      { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID },
      {},
      [service('edge-tcp', [TCP], { ...BASE, [ID]: LB_ID }), service('edge-udp', [UDP], { ...BASE, [ID]: LB_ID })],
    ],
    [
      'two Services, Cluster, config class',
      { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID, configClass: 'dmz' },
      { externalTrafficPolicy: 'Cluster' },
      [
        service('edge-tcp', [TCP], { [TLS]: '', [CLASS]: 'dmz', [ID]: LB_ID }, 'Cluster'),
        service('edge-udp', [UDP], { [TLS]: '', [CLASS]: 'dmz', [ID]: LB_ID }, 'Cluster'),
      ],
    ],
  ])('%s', (_label, provider, extra, expected) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual(expected);
    expect(result.serviceNames).toEqual(expected.map((s) => (s as { metadata: { name: string } }).metadata.name));
    expect(result.shape.layout).toBe(expected.length === 2 ? MixedProtocolLayout.TWO_SERVICES : MixedProtocolLayout.SINGLE_SERVICE);
    expect(result.shape.loadBalancerClass).toBeUndefined();
  });

  test('user annotations for the load balancer pass through', () => {
    const subnet = { 'loadbalancer.openstack.org/floating-subnet-id': 'a02eb6c3-fc69-46ae-a3fe-fb43c1563cbc' };
    const result = lb({ name: 'openstack', annotations: subnet });
    expect(result.resources[0].manifest.metadata.annotations).toStrictEqual({ ...BASE, ...subnet });
  });
});

const EVERY_LISTENER =
  'the UDP one included (getListenerProtocol, cloud-provider-openstack pkg/openstack/loadbalancer.go), so QUIC never reaches the gateway';

describe('openstack refusals', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, string, string]>([
    [
      'TLS at the load balancer',
      { name: 'openstack', annotations: { [TLS]: 'https://barbican.example.org/v1/containers/0a1b' } },
      {},
      `provider.annotations["${TLS}"]`,
      `provider.annotations["${TLS}"] "https://barbican.example.org/v1/containers/0a1b" makes OCCM create every listener of the Service as `
        + `TERMINATED_HTTPS, ${EVERY_LISTENER}, which terminates TLS itself; remove it`,
    ],
    [
      'X-Forwarded-For',
      { name: 'openstack', annotations: { 'loadbalancer.openstack.org/x-forwarded-for': 'true' } },
      {},
      'provider.annotations["loadbalancer.openstack.org/x-forwarded-for"]',
      'provider.annotations["loadbalancer.openstack.org/x-forwarded-for"] "true" makes OCCM create every listener of the Service as HTTP, '
        + `${EVERY_LISTENER}; keep the client IP with externalTrafficPolicy "Local" instead; remove it`,
    ],
    [
      'PROXY protocol',
      { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID, annotations: { 'loadbalancer.openstack.org/proxy-protocol': 'v2' } },
      {},
      'provider.annotations["loadbalancer.openstack.org/proxy-protocol"]',
      'provider.annotations["loadbalancer.openstack.org/proxy-protocol"] "v2" gives every pool of the Service the PROXY protocol, the UDP one '
        + 'included (ensureOctaviaPool), though Octavia\'s PROXY protocol is TCP-only ("only available with TCP services") and the gateway\'s QUIC '
        + 'listener cannot read PROXY headers; remove it',
    ],
    [
      'the internal annotation',
      { name: 'openstack', annotations: { [INTERNAL]: 'true' } },
      {},
      `provider.annotations["${INTERNAL}"]`,
      `provider.annotations["${INTERNAL}"] "true" is set through provider.internal, which kube-http3 checks against two Services sharing one load `
        + 'balancer (OCCM never shares an internal one) and against provider.configClass; remove it',
    ],
    [
      'turning the monitor off under Local',
      { name: 'openstack', annotations: { [MONITOR]: 'false' } },
      {},
      `provider.annotations["${MONITOR}"]`,
      `provider.annotations["${MONITOR}"] "false" would override what the openstack provider sets itself ("true"); remove it, or use the provider `
        + 'option that controls it',
    ],
    [
      'two Services without a load balancer id',
      { name: 'openstack', mixedProtocol: 'two-services' },
      {},
      'provider.loadBalancerId',
      'provider.loadBalancerId must be the id of the Octavia load balancer both Services join when mixedProtocol is "two-services", got undefined; '
        + 'without it OCCM creates one load balancer, with its own address, per Service; create the load balancer (with its floating IP) first, or '
        + 'use '
        + 'one mixed Service (mixedProtocol "single-service")',
    ],
    [
      'two internal Services',
      { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID, internal: true },
      {},
      'provider.internal',
      'provider.internal true cannot be combined with provider.mixedProtocol "two-services": OCCM refuses to share an internal load balancer '
        + '("internal Service cannot share a load balancer"); remove internal, or use one mixed Service (mixedProtocol "single-service")',
    ],
    [
      'a config class on an internal load balancer',
      { name: 'openstack', internal: true, configClass: 'dmz' },
      {},
      'provider.configClass',
      'provider.configClass "dmz" cannot be combined with provider.internal true: OCCM reads the class (floating network and subnets) only for a '
        + 'load '
        + 'balancer with a floating IP, so it would be ignored; remove configClass, or internal',
    ],
    [
      'a load balancer id that is not a UUID',
      { name: 'openstack', loadBalancerId: 'edge-lb' },
      {},
      'provider.loadBalancerId',
      'provider.loadBalancerId must be an Octavia load-balancer id (a lowercase UUID such as "2b224530-9414-4302-8163-5abebdcdc84f"), got "edge-lb"; '
        + 'openstack loadbalancer list shows it, and OCCM writes it into the load-balancer-id annotation of the Service that owns the load balancer',
    ],
    [
      'spec.loadBalancerClass (OCCM ignores such Services)',
      { name: 'openstack', loadBalancerClass: 'openstack.org/octavia' },
      {},
      'provider.loadBalancerClass',
      'provider.loadBalancerClass is not a known field (got "openstack.org/octavia"); the fields of provider are: annotations, configClass, '
        + 'internal, '
        + 'loadBalancerId, mixedProtocol, name',
    ],
    [
      'internal that is not a boolean',
      { name: 'openstack', internal: 'true' },
      {},
      'provider.internal',
      'provider.internal must be true or false, got "true"',
    ],
  ])('%s', (_label, provider, extra, prop, message) => {
    const error = errorOf(() => lb(provider, extra));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  test('the refused annotations, with their reasons', () => {
    expect(openstackProvider.forbiddenAnnotations?.map((f) => f.key)).toEqual([
      TLS,
      'loadbalancer.openstack.org/x-forwarded-for',
      'loadbalancer.openstack.org/proxy-protocol',
      INTERNAL,
    ]);
  });
});

// §13 (c)(d), §16
describe('openstack report', () => {
  const { NO, PARTIAL } = FindingStatus;
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, FindingStatus, FindingStatus, string[]]>([
    ['Local', 'openstack', {}, PARTIAL, PARTIAL, ['openstack-tls-container', 'udp-idle-timeout', 'quic-migration', 'apply-server-side']],
    [
      'Cluster',
      'openstack',
      { externalTrafficPolicy: 'Cluster' },
      NO,
      NO,
      ['openstack-tls-container', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'joining a load balancer',
      { name: 'openstack', loadBalancerId: LB_ID },
      {},
      PARTIAL,
      PARTIAL,
      ['openstack-tls-container', 'openstack-shared-load-balancer', 'udp-idle-timeout', 'quic-migration', 'apply-server-side'],
    ],
    [
      'two Services',
      { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID },
      {},
      PARTIAL,
      PARTIAL,
      ['openstack-tls-container', 'openstack-shared-load-balancer', 'udp-idle-timeout', 'quic-migration'],
    ],
  ])('%s', (_label, provider, extra, clientIp, udpHealthCheck, topics) => {
    const { report } = lb(provider, extra);
    expect(report.clientIp.status).toBe(clientIp);
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.udpHealthCheck.status).toBe(udpHealthCheck);
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
  });

  test('findings in full, Local', () => {
    const { report } = lb('openstack');
    expect(report.clientIp).toEqual({
      status: PARTIAL,
      detail: 'Octavia forwards UDP without a proxy (amphora: keepalived LVS; ovn: OVN load balancer) and externalTrafficPolicy Local keeps '
        + 'kube-proxy from source-NATing, so QUIC should reach the gateway with the client address (not verified for amphora UDP listeners); HTTPS '
        + 'over TCP through the amphora provider is proxied by HAProxy and loses it (the PROXY protocol is TCP-only and refused here)',
    });
    expect(report.udpHealthCheck).toEqual({
      status: PARTIAL,
      detail: 'externalTrafficPolicy Local needs a health monitor, so kube-http3 turns it on (enable-health-monitor "true"): OCCM checks each pool '
        + 'over HTTP /healthz on healthCheckNodePort where Octavia supports HTTP monitors on UDP pools (API 2.16+, never the ovn provider); '
        + 'otherwise the UDP pool gets a UDP-CONNECT monitor, which cannot tell nodes without a gateway pod (they drop QUIC silently)',
    });
    expect(report.connectionMigration.detail).toBe(
      'Octavia picks a node per UDP flow (the pool\'s lb-method) and kube-proxy picks a gateway pod: a client whose address changes can reach '
        + 'another '
        + 'pod and must reconnect',
    );
    expect(report.notes.slice(0, 2)).toEqual([
      {
        severity: NoteSeverity.INFO,
        topic: 'openstack-tls-container',
        message: `kube-http3 sets ${TLS} to "" so that a default-tls-container-ref in OCCM's [LoadBalancer] configuration cannot turn the listeners, `
          + 'the UDP one included, into TERMINATED_HTTPS (an empty annotation overrides the configuration)',
      },
      {
        severity: NoteSeverity.WARNING,
        topic: 'udp-idle-timeout',
        message: 'OCCM documents no idle timeout for Octavia UDP listeners (unverified) and gives TCP listeners a 50 s client inactivity timeout by '
          + 'default (timeout-client-data; not with the ovn provider), while Envoy (in Istio, Envoy Gateway and Emissary) keeps an idle QUIC connection for 300 s by default; keep QUIC '
          + 'keep-alives (PING) or the QUIC idle timeout under the smallest UDP timeout on the path: RFC 9000 §10.1.2 finds that sending every 30 '
          + 'seconds keeps most middleboxes from losing the flow',
      },
    ]);
  });

  test('the shared load balancer note', () => {
    const { report } = lb({ name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID });
    expect(report.notes[1]).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'openstack-shared-load-balancer',
      message: 'the Services join an existing Octavia load balancer: it must be ACTIVE and, unless OCCM created it for this Service, already carry '
        + 'its floating IP (a Service that does not own the load balancer cannot attach one); Octavia must support tags (API 2.5+), at most '
        + 'max-shared-lb Services (default 2) may share it, none of them internal; OCCM ignores the load-balancer settings (class, subnets, flavor) '
        + 'of a Service that joins; never change the id afterwards',
    });
  });

  test('Cluster: no monitor unless configured', () => {
    const { report } = lb('openstack', { externalTrafficPolicy: 'Cluster' });
    expect(report.udpHealthCheck).toEqual({
      status: NO,
      detail: 'OCCM creates health monitors only with create-monitor in its configuration (off by default) or enable-health-monitor "true"; the UDP '
        + 'pool\'s monitor is then UDP-CONNECT, which notices only ICMP port-unreachable',
    });
  });

  test('the support row', () => {
    expect(openstackProvider.support).toEqual({
      mixedService: 'yes: one Octavia listener per protocol and port',
      workaround: 'one Service, never with the TLS, X-Forwarded-For or PROXY annotations (they turn the UDP listener into TERMINATED_HTTPS or HTTP, '
        + 'or its pool into PROXY); or two Services joining one existing load balancer by id',
      ipSharing: '`loadbalancer.openstack.org/load-balancer-id` (Octavia tags, API 2.5+; `max-shared-lb` default 2; never internal)',
      caveats: 'UDP pools get UDP-CONNECT monitors unless Octavia has HTTP monitors on UDP pools (API 2.16+, not ovn); the amphora provider proxies '
        + 'TCP, so HTTPS loses the client IP',
    });
  });
});

describe('openstack with the gateways', () => {
  test('istio: the mixed Service next to the gateway pods', () => {
    const result = gateway('istio', { name: 'openstack', configClass: 'internetFacing' });
    expect(byRole(result, 'service').metadata).toStrictEqual({
      name: 'shop',
      namespace: 'istio-system',
      labels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' },
      annotations: { ...BASE, [CLASS]: 'internetFacing' },
    });
    expect(byRole(result, 'service').spec).toStrictEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: { istio: 'ingressgateway' },
      ports: [
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
        { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
      ],
    });
  });

  test('istio: two Services joining one load balancer', () => {
    const result = gateway('istio', { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID });
    expect(result.serviceNames).toEqual(['shop-tcp', 'shop-udp']);
    expect(result.resources.filter((r) => r.manifest.kind === 'Service').map((r) => r.manifest.metadata.annotations)).toStrictEqual([
      { ...BASE, [ID]: LB_ID },
      { ...BASE, [ID]: LB_ID },
    ]);
  });

  test('envoy-gateway: the EnvoyProxy carries the annotations', () => {
    const result = gateway('envoy-gateway', { name: 'openstack', loadBalancerId: LB_ID });
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: { envoyService: { type: 'LoadBalancer', annotations: { ...BASE, [ID]: LB_ID }, externalTrafficPolicy: 'Local' } },
      },
    });
  });

  test('envoy-gateway refuses two Services', () => {
    const error = errorOf(() => gateway('envoy-gateway', { name: 'openstack', mixedProtocol: 'two-services', loadBalancerId: LB_ID }));
    expect(error.prop).toBe('provider.mixedProtocol');
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
