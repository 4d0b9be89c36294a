/**
 * The `linode` provider. Facts: loadbalancers.md §5 (same-port TCP+UDP unsafe: the cloud controller matches NodeBalancer
 * configs by port number only; UDP only on premium NodeBalancers; default-protocol / port-443 override the UDP port's
 * protocol; UDP check-type none by default, udp-check-port; a proxy: client IP only via PROXY protocol on TCP), §16-§18;
 * discovery.md A.3/A.5 (Chrome ignores an alternative on a port >= 1024 for an origin < 1024); linode/linode-cloud-
 * controller-manager `cloud/linode/loadbalancers.go`, `loadbalancers_helpers.go`, `docs/configuration/annotations.md`.
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { linodeProvider } from '../../lib/providers/linode';
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

/** synthesize an Http3Gateway on the provider and collect its manifests */
function gateway(options: Record<string, unknown>) {
  const result = synthesizeHttp3Gateway({
    name: 'shop-edge',
    namespace: 'shop',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 8443 },
    tls: { secretName: 'shop-tls' },
    ...options,
  } as unknown as Http3GatewayOptions);
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

const PREFIX = 'service.beta.kubernetes.io/linode-loadbalancer-';
const PREMIUM = { [`${PREFIX}nodebalancer-type`]: 'premium' };
const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
const ACCEPTED = { name: 'linode', udpPort: 8443, acceptChromeIgnoresH3: true };

/** the one Service: TCP and UDP on different port numbers (§5 "only verified shape"), no loadBalancerClass (§0.2) */
function service(tcp: object, udp: object, policy = 'Local', annotations: Record<string, string> = PREMIUM) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'edge', namespace: 'web', labels: LABELS, annotations },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: policy, selector: { app: 'edge' }, ports: [tcp, udp] },
  };
}

const TCP = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const UDP_8443 = { name: 'http3', port: 8443, targetPort: 8443, protocol: 'UDP' };

describe('Service shape', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, object, number]>([
    ['UDP on 8443, Chrome caveat accepted', ACCEPTED, {}, service(TCP, UDP_8443), 8443],
    [
      'UDP on 444: below 1024, no acknowledgement needed',
      { name: 'linode', udpPort: 444 },
      {},
      service(TCP, { ...UDP_8443, port: 444 }),
      444,
    ],
    [
      'a site on 8443 with UDP on 8444: no Chrome rule, no acknowledgement',
      { name: 'linode', udpPort: 8444 },
      { port: 8443 },
      service({ ...TCP, port: 8443 }, { ...UDP_8443, port: 8444 }),
      8444,
    ],
    ['Cluster', ACCEPTED, { externalTrafficPolicy: 'Cluster' }, service(TCP, UDP_8443, 'Cluster'), 8443],
    [
      'nodePort pinned: both ports on one nodePort (allowed: different protocols)',
      ACCEPTED,
      { nodePort: 30443 },
      service({ ...TCP, nodePort: 30443 }, { ...UDP_8443, nodePort: 30443 }),
      8443,
    ],
    [
      'user annotations merged: UDP health check',
      { ...ACCEPTED, annotations: { [`${PREFIX}check-type`]: 'connection', [`${PREFIX}udp-check-port`]: '30080' } },
      {},
      service(TCP, UDP_8443, 'Local', { ...PREMIUM, [`${PREFIX}check-type`]: 'connection', [`${PREFIX}udp-check-port`]: '30080' }),
      8443,
    ],
  ])('%s', (_label, provider, extra, expected, udpPort) => {
    const result = lb(provider, extra);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual([expected]);
    expect(result.serviceNames).toEqual(['edge']);
    expect(result.shape.udpPort).toBe(udpPort);
    expect(result.shape.loadBalancerClass).toBeUndefined();
  });
});

const SAME_PORT_REASON =
  'the Linode cloud controller matches NodeBalancer configs by port number only (cloud/linode/loadbalancers.go), so a TCP and a UDP port with '
  + 'the same number address one config and one protocol overwrites the other';

describe('refusals', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, string, string]>([
    [
      'no udpPort: same-port TCP+UDP is unsafe (§5 (a))',
      { name: 'linode' },
      {},
      'provider.udpPort',
      `provider.udpPort must be a UDP port number other than the HTTPS port, got undefined; ${SAME_PORT_REASON}; HTTP/3 needs its own UDP port `
        + 'on a Linode NodeBalancer',
    ],
    [
      'udpPort equal to the HTTPS port',
      { name: 'linode', udpPort: 443 },
      {},
      'provider.udpPort',
      `provider.udpPort 443 cannot carry HTTP/3 on the HTTPS port: ${SAME_PORT_REASON}; pick another UDP port, or use a provider that carries `
        + 'TCP and UDP on one port',
    ],
    [
      'udpPort equal to a non-default HTTPS port',
      { name: 'linode', udpPort: 8443 },
      { port: 8443 },
      'provider.udpPort',
      `provider.udpPort 8443 cannot carry HTTP/3 on the HTTPS port: ${SAME_PORT_REASON}; pick another UDP port, or use a provider that carries `
        + 'TCP and UDP on one port',
    ],
    [
      'a port Chrome ignores, not acknowledged (discovery.md A.3)',
      { name: 'linode', udpPort: 8443 },
      {},
      'provider.udpPort',
      'provider.udpPort 8443 leaves HTTP/3 unused by Chrome: Chrome ignores an Alt-Svc alternative on a port of 1024 or above for a site on a '
        + 'port below 1024 (here 443); set provider.acceptChromeIgnoresH3: true to deploy it anyway for other clients, pick a UDP port below '
        + '1024, or use a provider that carries TCP and UDP on 443',
    ],
    [
      'acknowledgement false',
      { name: 'linode', udpPort: 1024, acceptChromeIgnoresH3: false },
      {},
      'provider.udpPort',
      'provider.udpPort 1024 leaves HTTP/3 unused by Chrome: Chrome ignores an Alt-Svc alternative on a port of 1024 or above for a site on a '
        + 'port below 1024 (here 443); set provider.acceptChromeIgnoresH3: true to deploy it anyway for other clients, pick a UDP port below '
        + '1024, or use a provider that carries TCP and UDP on 443',
    ],
    ['udpPort not a port', { name: 'linode', udpPort: 0 }, {}, 'provider.udpPort', 'provider.udpPort must be an integer between 1 and 65535, got 0'],
    [
      'acknowledgement not a boolean',
      { name: 'linode', udpPort: 8443, acceptChromeIgnoresH3: 'yes' },
      {},
      'provider.acceptChromeIgnoresH3',
      'provider.acceptChromeIgnoresH3 must be true or false, got "yes"',
    ],
    [
      'the NodeBalancer type through annotations (UDP needs premium)',
      { ...ACCEPTED, annotations: { [`${PREFIX}nodebalancer-type`]: 'common' } },
      {},
      `provider.annotations["${PREFIX}nodebalancer-type"]`,
      `provider.annotations["${PREFIX}nodebalancer-type"] "common" would override what the linode provider sets itself ("premium"); remove it, `
        + 'or use the provider option that controls it',
    ],
    [
      'loadBalancerClass is not an option (§0.2)',
      { ...ACCEPTED, loadBalancerClass: 'example.com/lb' },
      {},
      'provider.loadBalancerClass',
      'provider.loadBalancerClass is not a known field (got "example.com/lb"); the fields of provider are: acceptChromeIgnoresH3, annotations, '
        + 'name, udpPort',
    ],
  ])('%s', (_label, provider, extra, prop, message) => {
    const error = errorOf(() => lb(provider, extra));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  // §5 (a) protocol precedence port-<N> > default-protocol > ServicePort protocol; (c) UDP forbids PROXY protocol; §17.4
  test.each<[string, string, string]>([
    [
      'default-protocol',
      'tcp',
      'overrides the protocol of every Service port without its own port-<N> annotation, the UDP port included (a NodeBalancer config takes '
        + 'port-<N> protocol, then default-protocol, then the Service port\'s protocol), so the UDP config would stop being UDP',
    ],
    [
      'port-443',
      '{"protocol":"https","tls-secret-name":"shop-tls"}',
      'sets the NodeBalancer config of port 443, which the cloud controller matches by port number only: a protocol there overrides the Service '
        + 'port\'s, and an https protocol makes the NodeBalancer terminate TLS in front of the gateway',
    ],
    [
      'default-proxy-protocol',
      'v2',
      'applies to the UDP config too, and the cloud controller refuses any PROXY protocol on UDP ("proxy protocol is not supported for UDP"), '
        + 'failing the whole Service',
    ],
    [
      'proxy-protocol',
      'v1',
      'is the deprecated form of default-proxy-protocol: it applies to the UDP config too, and the cloud controller refuses any PROXY protocol '
        + 'on UDP, failing the whole Service',
    ],
  ])('annotation linode-loadbalancer-%s is forbidden', (suffix, value, reason) => {
    const key = `${PREFIX}${suffix}`;
    const error = errorOf(() => lb({ ...ACCEPTED, annotations: { [key]: value } }));
    expect(error.prop).toBe(`provider.annotations["${key}"]`);
    expect(error.message).toBe(`provider.annotations["${key}"] ${JSON.stringify(value)} ${reason}; remove it`);
  });
});

const { NO } = FindingStatus;

// §5 (c) UDP health checks, (d) a proxy; §16
describe('report', () => {
  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, string[]]>([
    ['Local', ACCEPTED, {}, ['linode-udp-port', 'linode-premium', 'linode-local-udp', 'udp-idle-timeout', 'quic-migration']],
    ['Cluster', ACCEPTED, { externalTrafficPolicy: 'Cluster' }, ['linode-udp-port', 'linode-premium', 'udp-idle-timeout', 'quic-migration']],
  ])('%s: no client IP, no migration, no UDP health check by default', (_label, provider, extra, topics) => {
    const { report } = lb(provider, extra);
    expect(report.clientIp.status).toBe(NO);
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.udpHealthCheck.status).toBe(NO);
    // no apply-server-side note: the two ports have different numbers, so strategic merge cannot collapse them
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
  });

  test('findings in detail', () => {
    const { report } = lb(ACCEPTED);
    expect(report.clientIp.detail).toBe(
      'the NodeBalancer is a proxy: the gateway sees the NodeBalancer\'s address; PROXY protocol could carry the client on TCP only (the cloud '
        + 'controller refuses it on UDP), and kube-http3 does not configure gateways for it',
    );
    expect(report.udpHealthCheck.detail).toBe(
      'the UDP config has no active health check by default (check-type none for UDP) and passive checks are off for UDP: a node that stops '
        + 'serving QUIC keeps receiving datagrams; check-type (applies to the TCP config too) and udp-check-port (default 80) in '
        + 'provider.annotations set an active check',
    );
    expect(report.notes.find((n) => n.topic === 'linode-local-udp')).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'linode-local-udp',
      message:
        'externalTrafficPolicy Local keeps no client IP behind a NodeBalancer (a proxy), and its UDP config has no health check by default: it '
        + 'keeps sending datagrams to nodes without a gateway pod, which drop them; set externalTrafficPolicy "Cluster" unless a gateway pod '
        + 'runs on every node, or configure check-type and udp-check-port',
    });
  });

  test.each<[string, unknown, Partial<MixedProtocolLoadBalancerOptions>, NoteSeverity, string]>([
    [
      'Chrome ignores it',
      ACCEPTED,
      {},
      NoteSeverity.WARNING,
      'HTTP/3 is on 8443/UDP while HTTPS is on 443/TCP (two NodeBalancer configs): Alt-Svc advertises h3 on 8443, which Chrome ignores for a '
        + 'site on 443 (acceptChromeIgnoresH3), and an HTTPS record, which names one port for every protocol, cannot offer it',
    ],
    [
      'below 1024',
      { name: 'linode', udpPort: 444 },
      {},
      NoteSeverity.INFO,
      'HTTP/3 is on 444/UDP while HTTPS is on 443/TCP (two NodeBalancer configs): Alt-Svc advertises h3 on 444, and an HTTPS record, which names '
        + 'one port for every protocol, cannot offer it',
    ],
  ])('the UDP port note: %s', (_label, provider, extra, severity, message) => {
    expect(lb(provider, extra).report.notes[0]).toEqual({ severity, topic: 'linode-udp-port', message });
  });

  test('the support row', () => {
    expect(linodeProvider.support).toEqual({
      mixedService: 'no for the same port: the cloud controller keys NodeBalancer configs by port number; UDP configs need a premium NodeBalancer',
      workaround: 'HTTP/3 on another UDP port (`udpPort`, e.g. 8443) of a premium NodeBalancer, advertised in Alt-Svc; refused unless you accept '
        + 'that Chrome ignores h3 on a port >= 1024 for a site on 443',
      ipSharing: 'none: one NodeBalancer per Service',
      caveats: 'a proxy: no client IP over UDP (PROXY protocol is refused on UDP); no UDP health check by default (`check-type` none); never set '
        + '`default-protocol` or `port-443` on the Service',
    });
  });
});

// quic-listener.ts: a provider that moves UDP works only with implementations that serve QUIC on another port (udpPortMayDiffer);
// https-dns-record.ts: the HTTPS record drops h3 when UDP is on another port
describe('with gateway implementations', () => {
  test.each<[string, unknown]>([
    ['istio', 'istio'],
    ['envoy-gateway', 'envoy-gateway'],
  ])('%s listens for QUIC on its HTTPS port: refused', (implementation, gatewayOption) => {
    const error = errorOf(() => gateway({ gateway: gatewayOption, provider: ACCEPTED }));
    expect(error.prop).toBe('provider.name');
    expect(error.message).toBe(
      `provider.name "linode" cannot be combined with gateway.implementation "${implementation}": the provider carries UDP on port 8443, not `
        + `443, while ${implementation} listens for QUIC and advertises h3 on its HTTPS port; use an implementation that can serve QUIC on `
        + 'another port (see the support table), or a provider that carries both protocols on one port',
    );
  });

  test('passthrough: the Service carries 8443/UDP, Alt-Svc advertises it, the HTTPS record offers h2 only', () => {
    const result = gateway({
      gateway: { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 },
      provider: ACCEPTED,
      tls: { secretName: 'shop-tls' },
    });
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'shop-edge',
        namespace: 'shop',
        labels: { 'app.kubernetes.io/instance': 'shop-edge', 'app.kubernetes.io/managed-by': 'kube-http3' },
        annotations: PREMIUM,
      },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { app: 'shop' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 8443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
    expect(result.httpsRecords.map((r) => r.text)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h2']);
    expect(result.report.notes.map((n) => n.topic)).toEqual(expect.arrayContaining(['linode-udp-port', 'linode-local-udp']));
  });

  test('passthrough: an explicit h3 in the HTTPS record is refused', () => {
    const error = errorOf(() =>
      gateway({
        gateway: { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 },
        provider: ACCEPTED,
        externalTrafficPolicy: 'Cluster',
        dns: { alpn: ['h3', 'h2'] },
      }));
    expect(error.prop).toBe('dns.alpn');
  });

  test('passthrough with HTTP/3 withdrawn: the Service keeps only the TCP port', () => {
    const result = gateway({
      gateway: { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 },
      provider: ACCEPTED,
      externalTrafficPolicy: 'Cluster',
      altSvc: { clear: true },
    });
    expect((byRole(result, 'service').spec as { ports: unknown[] }).ports).toEqual([{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }]);
    expect(result.altSvcValue).toBe('clear');
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
