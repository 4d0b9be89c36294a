/**
 * The `digitalocean` provider. Facts: loadbalancers.md §4 (one mixed Service from cloud controller v0.1.41, type annotation
 * REGIONAL_NETWORK / REGIONAL set explicitly, no address sharing across Services, HTTP health checks to kube-proxy, PROXY
 * protocol TCP-only, loadBalancerClass unset), §16 (pass-through keeps the client IP, proxies lose it; 5-tuple hashing),
 * §17-§18; digitalocean/digitalocean-cloud-controller-manager `do/loadbalancers.go`, `do/firewall_controller.go`,
 * `docs/controllers/services/annotations.md`, CHANGELOG (type annotation since v0.1.51).
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { digitaloceanProvider } from '../../lib/providers/digitalocean';
import { MixedProtocolLayout } from '../../lib/providers/provider';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

/** synthesize the load balancer on the provider and collect its manifests */
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

const GATEWAY_BASE = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { secretName: 'shop-tls' },
};

/** synthesize an Http3Gateway on the provider and collect its manifests */
function gateway(options: Record<string, unknown>) {
  const result = synthesizeHttp3Gateway({ ...GATEWAY_BASE, ...options } as unknown as Http3GatewayOptions);
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

const TYPE = 'service.beta.kubernetes.io/do-loadbalancer-type';
const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
// loadbalancers.md §0.5 / §17.1: same port, same numeric targetPort
const TCP = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const UDP = { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' };

/** the one mixed Service: no loadBalancerClass (§4 (e), §0.2: cloud controllers skip Services with a class) */
function service(annotations: Record<string, string>, policy = 'Local', ports: object[] = [TCP, UDP]) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'edge', namespace: 'web', labels: LABELS, annotations },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: policy, selector: { app: 'edge' }, ports },
  };
}

const { YES, NO, PARTIAL } = FindingStatus;

// §4 (a): one Service, both ports, do-loadbalancer-type set explicitly (REGIONAL_NETWORK is the documented default)
describe('Service shape', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object]>([
    ['default: REGIONAL_NETWORK', { name: 'digitalocean' }, {}, service({ [TYPE]: 'REGIONAL_NETWORK' })],
    ['REGIONAL (proxy)', { name: 'digitalocean', type: 'REGIONAL' }, {}, service({ [TYPE]: 'REGIONAL' })],
    ['explicit single-service', { name: 'digitalocean', mixedProtocol: 'single-service' }, {}, service({ [TYPE]: 'REGIONAL_NETWORK' })],
    ['REGIONAL on v0.1.41 (same port accepted)', { name: 'digitalocean', type: 'REGIONAL', version: '0.1.41' }, {}, service({ [TYPE]: 'REGIONAL' })],
    ['REGIONAL_NETWORK on v0.1.51 (type annotation read)', { name: 'digitalocean', version: 'v0.1.51' }, {}, service({ [TYPE]: 'REGIONAL_NETWORK' })],
    ['externalTrafficPolicy '
      + 'Cluster', { name: 'digitalocean' }, { externalTrafficPolicy: 'Cluster' }, service({ [TYPE]: 'REGIONAL_NETWORK' }, 'Cluster')],
    [
      'user annotations merged after the type',
      {
        name: 'digitalocean',
        annotations: { 'service.beta.kubernetes.io/do-loadbalancer-name': 'shop-edge', 'service.beta.kubernetes.io/do-loadbalancer-size-unit': '2' },
      },
      {},
      service({
        [TYPE]: 'REGIONAL_NETWORK',
        'service.beta.kubernetes.io/do-loadbalancer-name': 'shop-edge',
        'service.beta.kubernetes.io/do-loadbalancer-size-unit': '2',
      }),
    ],
    [
      'nodePort pinned for both ports',
      { name: 'digitalocean' },
      { nodePort: 30443 },
      service({ [TYPE]: 'REGIONAL_NETWORK' }, 'Local', [{ ...TCP, nodePort: 30443 }, { ...UDP, nodePort: 30443 }]),
    ],
  ])('%s', (_label, provider, extra, expected) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual([expected]);
    expect(result.resources.map((r) => [r.role, r.primary])).toEqual([['service', true]]);
    expect(result.serviceNames).toEqual(['edge']);
    expect(result.shape.layout).toBe(MixedProtocolLayout.SINGLE_SERVICE);
    expect(result.shape.loadBalancerClass).toBeUndefined();
    expect(result.shape.udpPort).toBeUndefined();
  });
});

const LB_TERMINATION =
  'kube-http3 builds plain tcp and udp rules that pass TLS and QUIC through to the gateway; for HTTP/3 terminated by the load balancer use '
  + 'gateway.implementation "digitalocean-load-balancer" with provider "generic"';

describe('refusals', () => {
  test.each<[string, unknown, string, string]>([
    [
      'a cloud controller before v0.1.41 (§4 (a), commit 73333e6a)',
      { name: 'digitalocean', version: '0.1.40' },
      'provider.version',
      'provider.version "0.1.40" cannot carry TCP and UDP on the same port in one Service: before v0.1.41 the DigitalOcean cloud controller '
        + 'refuses it ("cannot share port between TCP and UDP", removed by commit 73333e6a), and before v0.1.37 it has no UDP at all; upgrade the '
        + 'cloud controller to v0.1.41 or later (DOKS upgrades it with the cluster)',
    ],
    [
      'two Services (§4 (b): no IP sharing across Services)',
      { name: 'digitalocean', mixedProtocol: 'two-services' },
      'provider.mixedProtocol',
      'provider.mixedProtocol "two-services" cannot share one address: the DigitalOcean cloud controller gives every Service its own load '
        + 'balancer (do-loadbalancer-ip only pins a BYOIP address of one load balancer), so the TCP and the UDP Service would get different '
        + 'addresses; remove mixedProtocol: one Service carries TCP and UDP on the same port on DigitalOcean',
    ],
    [
      'REGIONAL_NETWORK before the type annotation (v0.1.51)',
      { name: 'digitalocean', version: '0.1.50' },
      'provider.type',
      'provider.type "REGIONAL_NETWORK" cannot be combined with provider.version "0.1.50": the do-loadbalancer-type annotation arrived in '
        + 'v0.1.51; older cloud controllers ignore it and build a REGIONAL (proxy) load balancer; upgrade the cloud controller to v0.1.51 or '
        + 'later, or set type "REGIONAL"',
    ],
    [
      'an unknown type',
      { name: 'digitalocean', type: 'GLOBAL' },
      'provider.type',
      'provider.type must be one of "REGIONAL_NETWORK", "REGIONAL", got "GLOBAL"',
    ],
    [
      'an unknown layout',
      { name: 'digitalocean', mixedProtocol: 'split' },
      'provider.mixedProtocol',
      'provider.mixedProtocol must be one of "single-service", got "split"',
    ],
    [
      'loadBalancerClass is not an option (§0.2: the cloud controller would ignore the Service)',
      { name: 'digitalocean', loadBalancerClass: 'example.com/lb' },
      'provider.loadBalancerClass',
      'provider.loadBalancerClass is not a known field (got "example.com/lb"); the fields of provider are: annotations, mixedProtocol, name, '
        + 'type, version',
    ],
    [
      'the type through annotations',
      { name: 'digitalocean', type: 'REGIONAL', annotations: { [TYPE]: 'REGIONAL_NETWORK' } },
      `provider.annotations["${TYPE}"]`,
      `provider.annotations["${TYPE}"] "REGIONAL_NETWORK" would override what the digitalocean provider sets itself ("REGIONAL"); remove it, or `
        + 'use the provider option that controls it',
    ],
  ])('%s', (_label, provider, prop, message) => {
    const error = errorOf(() => lb(provider));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  // do/loadbalancers.go buildForwardingRules / buildHTTP3ForwardingRule / buildTLSForwardingRule; §4 (d) PROXY protocol TCP-only
  test.each<[string, string, string]>([
    [
      'protocol',
      'http2',
      `sets the protocol of every TCP rule: http, https, http2 or http3 make the load balancer terminate the TCP port while QUIC passes `
        + `through; ${LB_TERMINATION}`,
    ],
    ['tls-ports', '443', `turns the TCP port into an HTTPS rule terminated by the load balancer; ${LB_TERMINATION}`],
    ['http2-ports', '443', `turns the TCP port into an HTTP/2 rule terminated by the load balancer; ${LB_TERMINATION}`],
    ['http-ports', '443', `turns the TCP port into a plain HTTP rule; ${LB_TERMINATION}`],
    ['http3-port', '443', `adds the load balancer's own HTTP/3 rule on the port the gateway's QUIC listener serves; ${LB_TERMINATION}`],
    [
      'certificate-id',
      'c019bbf4-cad2-4884-8a20-410ddad7f54a',
      `makes 443 an HTTPS rule terminated by the load balancer (the cloud controller assumes 443 for HTTPS when a certificate is `
        + `set); ${LB_TERMINATION}`,
    ],
    [
      'certificate-name',
      'shop',
      `makes 443 an HTTPS rule terminated by the load balancer (the cloud controller assumes 443 for HTTPS when a certificate is `
        + `set); ${LB_TERMINATION}`,
    ],
    [
      'tls-passthrough',
      'true',
      'makes 443 an HTTPS passthrough rule of a REGIONAL load balancer (REGIONAL_NETWORK ignores it); the tcp rule kube-http3 relies on already '
        + 'passes TLS through',
    ],
    [
      'enable-proxy-protocol',
      'true',
      'turns on PROXY protocol v1, which exists for TCP only: a REGIONAL load balancer then prepends headers that the gateway kube-http3 '
        + 'configures does not expect (its TLS handshakes would fail), and QUIC cannot carry them; keep the client IP with type '
        + '"REGIONAL_NETWORK" and externalTrafficPolicy "Local"',
    ],
  ])('annotation do-loadbalancer-%s is forbidden', (suffix, value, reason) => {
    const key = `service.beta.kubernetes.io/do-loadbalancer-${suffix}`;
    const error = errorOf(() => lb({ name: 'digitalocean', annotations: { [key]: value } }));
    expect(error.prop).toBe(`provider.annotations["${key}"]`);
    expect(error.message).toBe(`provider.annotations["${key}"] ${JSON.stringify(value)} ${reason}; remove it`);
  });

  test('the forbidden list is exactly the rule-changing, TLS and PROXY protocol keys', () => {
    expect(digitaloceanProvider.forbiddenAnnotations?.map((f) => f.key.replace('service.beta.kubernetes.io/do-loadbalancer-', ''))).toEqual([
      'protocol',
      'tls-ports',
      'http2-ports',
      'http-ports',
      'http3-port',
      'certificate-id',
      'certificate-name',
      'tls-passthrough',
      'enable-proxy-protocol',
    ]);
  });

  test.each(['0.1.37', '0.1.40', 'v0.1.9'])('version %s is refused (before v0.1.41)', (version) => {
    expect(errorOf(() => lb({ name: 'digitalocean', version, type: 'REGIONAL' })).prop).toBe('provider.version');
  });

  test.each(['0.1.41', '0.1.50', '0.1.68', '1.0'])('REGIONAL on %s is accepted', (version) => {
    expect(lb({ name: 'digitalocean', version, type: 'REGIONAL' }).resources).toHaveLength(1);
  });
});

const IDLE =
  'DigitalOcean documents no idle timeout for UDP flows through its load balancers (unverified), while Envoy (in Istio, Envoy Gateway and Emissary) keeps an idle QUIC connection for '
  + '300 s by default; keep QUIC keep-alives (PING) or the QUIC idle timeout under the smallest UDP timeout on the path: RFC 9000 §10.1.2 '
  + 'finds that sending every 30 seconds keeps most middleboxes from losing the flow';
const MIGRATION =
  'RFC 9000 §5.2.3 asks a server behind a load balancer that routes by address to send the disable_active_migration transport parameter, so that '
  + 'clients do not migrate on purpose; Envoy\'s QUIC listener can send it (send_disable_active_migration), but neither Istio nor Envoy '
  + 'Gateway exposes the setting: a client that migrates anyway reconnects (over 0-RTT where it can)';

const PROXY_TOPICS = ['digitalocean-type-fixed', 'udp-idle-timeout', 'quic-migration', 'digitalocean-load-balancer-alternative'];
const PASS_THROUGH_TOPICS = ['digitalocean-type-fixed', 'digitalocean-public-nodes', ...PROXY_TOPICS.slice(1)];

// §4 (c) health checks, (d) pass-through vs proxy, §16 source IP / migration / idle timeouts
describe('report', () => {
  test.each<[string, unknown, 'Local' | 'Cluster', FindingStatus, string[]]>([
    [
      'REGIONAL_NETWORK, Local',
      { name: 'digitalocean' },
      'Local',
      YES,
      [...PASS_THROUGH_TOPICS, 'apply-server-side'],
    ],
    [
      'REGIONAL_NETWORK, Cluster',
      { name: 'digitalocean' },
      'Cluster',
      NO,
      [...PASS_THROUGH_TOPICS, 'apply-server-side'],
    ],
    [
      'REGIONAL, Local',
      { name: 'digitalocean', type: 'REGIONAL' },
      'Local',
      NO,
      [...PROXY_TOPICS, 'apply-server-side'],
    ],
    [
      'REGIONAL, Cluster',
      { name: 'digitalocean', type: 'REGIONAL' },
      'Cluster',
      NO,
      [...PROXY_TOPICS, 'apply-server-side'],
    ],
  ])('%s', (_label, provider, policy, clientIp, topics) => {
    const { report } = lb(provider, { externalTrafficPolicy: policy });
    expect(report.clientIp.status).toBe(clientIp);
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.udpHealthCheck.status).toBe(PARTIAL);
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
    expect(report.quicTerminatedBy).toBe('not decided by this construct');
  });

  test('REGIONAL_NETWORK with Local keeps the client IP: pass-through and no kube-proxy SNAT', () => {
    const { report } = lb({ name: 'digitalocean' });
    expect(report.clientIp.detail).toBe(
      'the REGIONAL_NETWORK load balancer passes packets through to the nodes (the cloud controller opens the Service ports on the nodes to '
        + 'every source) and externalTrafficPolicy Local keeps kube-proxy from source-NATing',
    );
    expect(report.udpHealthCheck.detail).toBe(
      'one load-balancer health check covers the TCP and the UDP rule: HTTP /healthz on kube-proxy (the healthCheckNodePort: nodes with a ready '
        + 'gateway pod); QUIC itself is never probed, and with do-loadbalancer-override-health-check the check port must be a TCP port (the '
        + 'cloud controller refuses a UDP one)',
    );
    expect(report.connectionMigration.detail).toBe(
      'the load balancer and kube-proxy pick a node and a pod per UDP flow (DigitalOcean documents no connection-ID routing): a client whose '
        + 'address changes (NAT rebinding, Wi-Fi to cellular) can reach another pod, which does not know the connection, and reconnects',
    );
    const note = (topic: string) => report.notes.find((n) => n.topic === topic);
    expect(note('udp-idle-timeout')).toEqual({ severity: NoteSeverity.WARNING, topic: 'udp-idle-timeout', message: IDLE });
    expect(note('quic-migration')).toEqual({ severity: NoteSeverity.INFO, topic: 'quic-migration', message: MIGRATION });
    expect(note('digitalocean-type-fixed')?.message).toBe(
      'the load balancer is built as REGIONAL_NETWORK when it is created: the cloud controller writes the existing load balancer\'s type back '
        + 'into do-loadbalancer-type (retrieveAndAnnotateLoadBalancer), so a later change has no effect; recreate the Service to switch types',
    );
    expect(note('digitalocean-load-balancer-alternative')?.message).toBe(
      'for HTTP/3 terminated by the DigitalOcean load balancer itself (type REGIONAL, a certificate held by DigitalOcean, plain HTTP to the '
        + 'pods) use gateway.implementation "digitalocean-load-balancer" with provider "generic" instead of a QUIC listener in the cluster',
    );
  });

  test('REGIONAL_NETWORK with Cluster: kube-proxy probe on 10256, SNAT', () => {
    const { report } = lb({ name: 'digitalocean' }, { externalTrafficPolicy: 'Cluster' });
    expect(report.clientIp.detail).toBe('externalTrafficPolicy Cluster makes kube-proxy source-NAT the packets; set externalTrafficPolicy Local');
    expect(report.udpHealthCheck.detail).toContain('HTTP /healthz on kube-proxy (port 10256: every node with a healthy kube-proxy)');
  });

  test('REGIONAL is a proxy: no client IP on TCP or UDP', () => {
    const { report } = lb({ name: 'digitalocean', type: 'REGIONAL' });
    expect(report.clientIp.detail).toBe(
      'a REGIONAL load balancer is a proxy: the gateway sees the load balancer\'s address on TCP and UDP (PROXY protocol is v1, TCP only, and '
        + 'kube-http3 does not configure gateways for it); use type "REGIONAL_NETWORK" with externalTrafficPolicy "Local"',
    );
    expect(report.connectionMigration.detail).toBe(
      'the REGIONAL load balancer proxies each client UDP flow to a node (DigitalOcean documents no connection-ID routing): a client whose '
        + 'address changes starts a new flow, which can reach another node or pod, and reconnects',
    );
  });

  test('the support row', () => {
    expect(digitaloceanProvider.support).toEqual({
      mixedService: 'yes, from cloud controller v0.1.41 (UDP since v0.1.37), with `do-loadbalancer-type` set explicitly',
      workaround: 'one Service with plain tcp and udp rules: `REGIONAL_NETWORK` (pass-through, default) or `REGIONAL` (proxy); for HTTP/3 '
        + 'terminated by the load balancer use the `digitalocean-load-balancer` implementation',
      ipSharing: 'none: one load balancer per Service (two Services are refused)',
      caveats: 'the type is fixed at creation; health checks are HTTP to kube-proxy (a UDP port is refused as health-check port); REGIONAL hides '
        + 'the client IP (PROXY protocol is TCP-only); REGIONAL_NETWORK needs nodes with public IPv4',
    });
  });
});

// gateways.md §1 (Istio: kube-http3 creates the Service selecting the gateway pods), §2 (Envoy Gateway: the shape goes into EnvoyProxy)
describe('with gateway implementations', () => {
  test('istio: kube-http3 creates the mixed Service in istio-system with the type annotation', () => {
    const result = gateway({ gateway: 'istio', provider: { name: 'digitalocean' } });
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'shop',
        namespace: 'istio-system',
        labels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' },
        annotations: { [TYPE]: 'REGIONAL_NETWORK' },
      },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { istio: 'ingressgateway' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.httpsRecords.map((r) => r.text)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(result.report.clientIp.status).toBe(YES);
    const topics = result.report.notes.map((n) => n.topic);
    expect(topics).toEqual(expect.arrayContaining(['digitalocean-type-fixed', 'apply-server-side', 'istio-quic-setting']));
  });

  test('envoy-gateway: the type annotation goes into EnvoyProxy envoyService', () => {
    const result = gateway({ gateway: 'envoy-gateway', provider: { name: 'digitalocean', type: 'REGIONAL' }, externalTrafficPolicy: 'Cluster' });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy', 'envoy-proxy']);
    expect(byRole(result, 'envoy-proxy').spec).toStrictEqual({
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyService: { type: 'LoadBalancer', annotations: { [TYPE]: 'REGIONAL' }, externalTrafficPolicy: 'Cluster' },
        },
      },
    });
    expect((byRole(result, 'gateway').spec as { infrastructure?: unknown }).infrastructure).toEqual({
      parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'shop' },
    });
    expect(result.report.clientIp.status).toBe(NO);
    expect(result.report.udpHealthCheck.status).toBe(PARTIAL);
  });

  test('envoy-gateway: two Services are refused by the provider already, with its reason', () => {
    const error = errorOf(() => gateway({ gateway: 'envoy-gateway', provider: { name: 'digitalocean', mixedProtocol: 'two-services' } }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toContain('every Service its own load balancer');
  });

  test('withdrawing HTTP/3 keeps the TCP port and the type', () => {
    const result = gateway({ gateway: 'istio', provider: { name: 'digitalocean' }, altSvc: { clear: true } });
    const svc = byRole(result, 'service');
    expect(svc.metadata.annotations).toEqual({ [TYPE]: 'REGIONAL_NETWORK' });
    expect((svc.spec as { ports: unknown[] }).ports).toEqual([{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }]);
  });

  test('the LB-terminated implementation stays separate: digitalocean-load-balancer takes provider "generic"', () => {
    const error = errorOf(() =>
      gateway({
        gateway: { implementation: 'digitalocean-load-balancer', selector: { app: 'shop' }, targetPort: 8080 },
        provider: { name: 'digitalocean' },
        tls: { loadBalancerCertificateId: 'c019bbf4-cad2-4884-8a20-410ddad7f54a' },
        name: 'shop-edge',
      }));
    expect(error.prop).toBe('provider.name');
    expect(error.message).toContain('use provider "generic"');
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
