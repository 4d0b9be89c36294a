import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import { ExternalTrafficPolicy, MixedProtocolLayout } from '../../lib/providers/provider';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

/** synthesize the load balancer for the provider and collect its manifests */
function lb(provider: unknown, extra: Partial<MixedProtocolLoadBalancerOptions> = {}) {
  const result = synthesizeMixedProtocolLoadBalancer({
    name: 'edge',
    namespace: 'web',
    selector: { app: 'edge' },
    port: 443,
    targetPort: 8443,
    ...(provider === undefined ? {} : { provider: provider as MixedProtocolLoadBalancerOptions['provider'] }),
    ...extra,
  });
  collector.add(result.resources.map((r) => r.manifest));
  return result;
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

/** an expected Service; `spec` adds loadBalancerClass where a row expects one */
function service(name: string, ports: object[], annotations?: Record<string, string>, spec: Record<string, string> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'web', labels: LABELS, ...(annotations ? { annotations } : {}) },
    spec: { type: 'LoadBalancer', ...spec, externalTrafficPolicy: 'Local', selector: { app: 'edge' }, ports },
  };
}

const AWS = 'service.beta.kubernetes.io/aws-load-balancer';

// loadbalancers.md §0.2 (loadBalancerClass only where the implementation honours it), §1.2 (AWS LBC annotations,
// TCP_UDP listener from v2.13.0), §8 (MetalLB keys: metallb.io/* from v0.14.9, metallb.universe.tf/* up to v0.14.8;
// sharing key + pinned address for two Services), §12 (kind: one Service, class unset), §17.1-17.2
describe('provider Service shapes', () => {
  test.each<[string, unknown, object[]]>([
    ['provider omitted = generic', undefined, [service('edge', [TCP, UDP])]],
    ['generic shorthand', 'generic', [service('edge', [TCP, UDP])]],
    [
      'generic with a loadBalancerClass',
      { name: 'generic', loadBalancerClass: 'example.com/l4' },
      [service('edge', [TCP, UDP], undefined, { loadBalancerClass: 'example.com/l4' })],
    ],
    ['kind shorthand', 'kind', [service('edge', [TCP, UDP])]],
    ['kind object', { name: 'kind' }, [service('edge', [TCP, UDP])]],
    ['metallb, nothing pinned', 'metallb', [service('edge', [TCP, UDP])]],
    [
      'metallb, address pinned (default version 0.16.1)',
      { name: 'metallb', address: '192.0.2.10' },
      [service('edge', [TCP, UDP], { 'metallb.io/loadBalancerIPs': '192.0.2.10' })],
    ],
    [
      'metallb 0.14.9 reads metallb.io/ keys',
      { name: 'metallb', version: '0.14.9', address: '192.0.2.10', addressPool: 'public' },
      [service('edge', [TCP, UDP], { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/address-pool': 'public' })],
    ],
    [
      'metallb 0.14.8 needs metallb.universe.tf/ keys',
      { name: 'metallb', version: '0.14.8', address: '192.0.2.10', addressPool: 'public' },
      [service('edge', [TCP, UDP], { 'metallb.universe.tf/loadBalancerIPs': '192.0.2.10', 'metallb.universe.tf/address-pool': 'public' })],
    ],
    [
      'metallb v0.13.6 (leading v) uses metallb.universe.tf/',
      { name: 'metallb', version: 'v0.13.6', address: '2001:db8::10' },
      [service('edge', [TCP, UDP], { 'metallb.universe.tf/loadBalancerIPs': '2001:db8::10' })],
    ],
    [
      'metallb addressPool only',
      { name: 'metallb', addressPool: 'edge-pool' },
      [service('edge', [TCP, UDP], { 'metallb.io/address-pool': 'edge-pool' })],
    ],
    [
      'metallb with --lb-class',
      { name: 'metallb', loadBalancerClass: 'metallb.io/metallb' },
      [service('edge', [TCP, UDP], undefined, { loadBalancerClass: 'metallb.io/metallb' })],
    ],
    [
      'metallb two-services: sharing key defaults to the base name',
      { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
      [
        service('edge-tcp', [TCP], { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'edge' }),
        service('edge-udp', [UDP], { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'edge' }),
      ],
    ],
    [
      'metallb two-services, own sharing key, 0.14.8',
      { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10', sharingKey: 'shared-edge', version: '0.14.8' },
      [
        service('edge-tcp', [TCP], { 'metallb.universe.tf/loadBalancerIPs': '192.0.2.10', 'metallb.universe.tf/allow-shared-ip': 'shared-edge' }),
        service('edge-udp', [UDP], { 'metallb.universe.tf/loadBalancerIPs': '192.0.2.10', 'metallb.universe.tf/allow-shared-ip': 'shared-edge' }),
      ],
    ],
    [
      'metallb explicit single-service',
      { name: 'metallb', mixedProtocol: 'single-service', address: '192.0.2.10' },
      [service('edge', [TCP, UDP], { 'metallb.io/loadBalancerIPs': '192.0.2.10' })],
    ],
    [
      'aws-lbc internet-facing, ip targets by default, no loadBalancerClass',
      { name: 'aws-lbc', scheme: 'internet-facing' },
      [
        service('edge', [TCP, UDP], {
          [`${AWS}-type`]: 'external',
          [`${AWS}-nlb-target-type`]: 'ip',
          [`${AWS}-scheme`]: 'internet-facing',
          [`${AWS}-enable-tcp-udp-listener`]: 'true',
        }),
      ],
    ],
    [
      'aws-lbc internal, instance targets, 2.13.0',
      { name: 'aws-lbc', scheme: 'internal', targetType: 'instance', version: '2.13.0' },
      [
        service('edge', [TCP, UDP], {
          [`${AWS}-type`]: 'external',
          [`${AWS}-nlb-target-type`]: 'instance',
          [`${AWS}-scheme`]: 'internal',
          [`${AWS}-enable-tcp-udp-listener`]: 'true',
        }),
      ],
    ],
  ])('%s', (_label, provider, expected) => {
    const result = lb(provider);
    expect(result.resources.map((r) => r.manifest)).toStrictEqual(expected);
    expect(result.serviceNames).toEqual(expected.map((s) => (s as { metadata: { name: string } }).metadata.name));
  });

  test.each<[string, unknown, string[], boolean[]]>([
    ['generic', 'generic', ['service'], [true]],
    ['metallb single', { name: 'metallb', address: '192.0.2.10' }, ['service'], [true]],
    [
      'metallb two-services',
      { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
      ['service-tcp', 'service-udp'],
      [true, false],
    ],
    ['aws-lbc', { name: 'aws-lbc', scheme: 'internal' }, ['service'], [true]],
  ])('%s: roles and the primary Service', (_label, provider, roles, primary) => {
    const result = lb(provider);
    expect(result.resources.map((r) => r.role)).toEqual(roles);
    expect(result.resources.map((r) => r.primary === true)).toEqual(primary);
    expect(result.artifacts).toEqual([]);
  });

  test.each<[string, unknown, MixedProtocolLayout]>([
    ['generic', 'generic', MixedProtocolLayout.SINGLE_SERVICE],
    ['kind', 'kind', MixedProtocolLayout.SINGLE_SERVICE],
    ['metallb two-services', { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' }, MixedProtocolLayout.TWO_SERVICES],
    ['aws-lbc', { name: 'aws-lbc', scheme: 'internal' }, MixedProtocolLayout.SINGLE_SERVICE],
  ])('%s: the shape layout', (_label, provider, layout) => {
    expect(lb(provider).shape.layout).toBe(layout);
  });
});

// loadbalancers.md §0.7 / §16: externalTrafficPolicy Local keeps the client IP; §17.1 default Local
describe('externalTrafficPolicy', () => {
  test.each<[string, unknown, 'Local' | 'Cluster' | undefined, string]>([
    ['generic default is Local', 'generic', undefined, 'Local'],
    ['generic Cluster', 'generic', 'Cluster', 'Cluster'],
    ['kind Cluster', 'kind', 'Cluster', 'Cluster'],
    ['metallb two-services Cluster', { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' }, 'Cluster', 'Cluster'],
    ['aws-lbc default is Local', { name: 'aws-lbc', scheme: 'internet-facing' }, undefined, 'Local'],
    ['aws-lbc Cluster', { name: 'aws-lbc', scheme: 'internet-facing' }, 'Cluster', 'Cluster'],
  ])('%s', (_label, provider, policy, expected) => {
    const result = lb(provider, policy ? { externalTrafficPolicy: policy } : {});
    expect(result.resources.map((r) => (r.manifest.spec as { externalTrafficPolicy: string }).externalTrafficPolicy)).toEqual(
      result.resources.map(() => expected),
    );
    expect(result.shape.externalTrafficPolicy).toBe(expected);
  });
});

// loadbalancers.md §16 (source IP, CID routing, health checks), §8 (c)(d), §12 (c)(d), §1.2 (c)(d)
describe('provider report findings', () => {
  const { YES, NO, PARTIAL, NOT_APPLICABLE } = FindingStatus;
  test.each<[string, unknown, ExternalTrafficPolicy, FindingStatus, FindingStatus, string[]]>([
    ['generic Local', 'generic', ExternalTrafficPolicy.LOCAL, PARTIAL, PARTIAL, ['apply-server-side']],
    ['generic Cluster', 'generic', ExternalTrafficPolicy.CLUSTER, NO, PARTIAL, ['apply-server-side']],
    ['kind Local (Envoy proxies the flows)', 'kind', ExternalTrafficPolicy.LOCAL, NO, PARTIAL, ['apply-server-side']],
    ['metallb Local', 'metallb', ExternalTrafficPolicy.LOCAL, YES, NOT_APPLICABLE, ['apply-server-side']],
    ['metallb Cluster', 'metallb', ExternalTrafficPolicy.CLUSTER, NO, NOT_APPLICABLE, ['apply-server-side']],
    [
      'metallb two-services (no SMP note: one port per Service)',
      { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
      ExternalTrafficPolicy.LOCAL,
      YES,
      NOT_APPLICABLE,
      ['metallb-shared-ip'],
    ],
    [
      'aws-lbc ip targets, Cluster',
      { name: 'aws-lbc', scheme: 'internet-facing' },
      ExternalTrafficPolicy.CLUSTER,
      YES,
      PARTIAL,
      ['udp-idle-timeout', 'aws-lbc-immutable', 'apply-server-side'],
    ],
    [
      'aws-lbc instance targets, Local',
      { name: 'aws-lbc', scheme: 'internet-facing', targetType: 'instance' },
      ExternalTrafficPolicy.LOCAL,
      YES,
      PARTIAL,
      ['udp-idle-timeout', 'aws-lbc-immutable', 'apply-server-side'],
    ],
    [
      'aws-lbc instance targets, Cluster',
      { name: 'aws-lbc', scheme: 'internet-facing', targetType: 'instance' },
      ExternalTrafficPolicy.CLUSTER,
      NO,
      PARTIAL,
      ['udp-idle-timeout', 'aws-lbc-immutable', 'apply-server-side'],
    ],
  ])('%s', (_label, provider, policy, clientIp, udpHealthCheck, topics) => {
    const { report } = lb(provider, { externalTrafficPolicy: policy });
    expect(report.clientIp.status).toBe(clientIp);
    // no L4 provider here routes by QUIC connection id (loadbalancers.md §16)
    expect(report.connectionMigration.status).toBe(NO);
    expect(report.udpHealthCheck.status).toBe(udpHealthCheck);
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
    // the load balancer alone decides neither who terminates QUIC nor discovery
    expect(report.quicTerminatedBy).toBe('not decided by this construct');
    expect(report.tcpFallback).toEqual({ status: NOT_APPLICABLE, detail: 'not decided by this construct' });
    expect(report.discovery).toEqual({ status: NOT_APPLICABLE, detail: 'not decided by this construct' });
  });

  test('aws-lbc instance targets with Cluster say what to change', () => {
    const { report } = lb({ name: 'aws-lbc', scheme: 'internet-facing', targetType: 'instance' }, { externalTrafficPolicy: 'Cluster' });
    expect(report.clientIp).toEqual({
      status: NO,
      detail:
        'instance targets with externalTrafficPolicy Cluster: kube-proxy source-NATs the packets on the node; ' +
        'use targetType "ip" or externalTrafficPolicy Local',
    });
  });

  test('aws-lbc instance targets with Local are health-checked on healthCheckNodePort (§1.2 (c))', () => {
    const { report } = lb({ name: 'aws-lbc', scheme: 'internet-facing', targetType: 'instance' });
    expect(report.udpHealthCheck).toEqual({
      status: PARTIAL,
      detail:
        'instance targets with externalTrafficPolicy Local are checked over HTTP on healthCheckNodePort (endpoint readiness); ' +
        'UDP itself is never probed',
    });
  });

  test('aws-lbc warns about the fixed 120 s UDP idle timeout (§1.2 (d))', () => {
    const { report } = lb({ name: 'aws-lbc', scheme: 'internet-facing' });
    expect(report.notes[0]).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'udp-idle-timeout',
      message:
        'the NLB forgets an idle UDP flow after 120 s (fixed), while Envoy (in Istio, Envoy Gateway and Emissary) keeps an idle QUIC connection for 300 s by default: ' +
        'a connection idle for more than 120 s may be rehashed to another target; keep QUIC keep-alives or the idle timeout under 120 s',
    });
  });

  test('the server-side apply note names the port (§0.6)', () => {
    const { report } = lb('generic', { port: 8443 });
    expect(report.notes).toEqual([
      {
        severity: NoteSeverity.WARNING,
        topic: 'apply-server-side',
        message:
          'apply the Service with kubectl apply --server-side (or kubectl replace): client-side kubectl apply, Helm upgrades and kustomize ' +
          'strategic-merge patches merge Service ports by number and silently drop one of 8443/TCP and 8443/UDP',
      },
    ]);
  });
});

describe('user annotations', () => {
  test.each<[string, unknown, Array<Record<string, string>>]>([
    ['generic', { name: 'generic', annotations: { 'example.com/team': 'edge' } }, [{ 'example.com/team': 'edge' }]],
    [
      'aws-lbc: merged after the provider keys',
      { name: 'aws-lbc', scheme: 'internet-facing', annotations: { [`${AWS}-subnets`]: 'subnet-a,subnet-b' } },
      [
        {
          [`${AWS}-type`]: 'external',
          [`${AWS}-nlb-target-type`]: 'ip',
          [`${AWS}-scheme`]: 'internet-facing',
          [`${AWS}-enable-tcp-udp-listener`]: 'true',
          [`${AWS}-subnets`]: 'subnet-a,subnet-b',
        },
      ],
    ],
    [
      'metallb two-services: on both Services',
      { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10', annotations: { 'example.com/owner': 'net' } },
      [
        { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'edge', 'example.com/owner': 'net' },
        { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'edge', 'example.com/owner': 'net' },
      ],
    ],
    [
      'a key the provider does not set in this configuration is allowed',
      { name: 'metallb', annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.11' } },
      [{ 'metallb.io/loadBalancerIPs': '192.0.2.11' }],
    ],
  ])('%s', (_label, provider, expected) => {
    const result = lb(provider);
    expect(result.resources.map((r) => r.manifest.metadata.annotations)).toStrictEqual(expected);
  });

  test.each<[string, unknown, string, string]>([
    [
      'aws-lbc scheme',
      { name: 'aws-lbc', scheme: 'internal', annotations: { [`${AWS}-scheme`]: 'internet-facing' } },
      `provider.annotations["${AWS}-scheme"]`,
      `provider.annotations["${AWS}-scheme"] "internet-facing" would override what the aws-lbc provider sets itself ("internal"); ` +
        'remove it, or use the provider option that controls it',
    ],
    [
      'aws-lbc TCP_UDP switch',
      { name: 'aws-lbc', scheme: 'internal', annotations: { [`${AWS}-enable-tcp-udp-listener`]: 'false' } },
      `provider.annotations["${AWS}-enable-tcp-udp-listener"]`,
      `provider.annotations["${AWS}-enable-tcp-udp-listener"] "false" would override what the aws-lbc provider sets itself ("true"); ` +
        'remove it, or use the provider option that controls it',
    ],
    [
      'metallb sharing key',
      {
        name: 'metallb',
        mixedProtocol: 'two-services',
        address: '192.0.2.10',
        annotations: { 'metallb.io/allow-shared-ip': 'other' },
      },
      'provider.annotations["metallb.io/allow-shared-ip"]',
      'provider.annotations["metallb.io/allow-shared-ip"] "other" would override what the metallb provider sets itself ("edge"); ' +
        'remove it, or use the provider option that controls it',
    ],
  ])('overriding a provider key is refused: %s', (_label, provider, prop, message) => {
    const error = errorOf(() => lb(provider));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });
});

// loadbalancers.md §1.2: the TCP_UDP listener annotation first appears in v2.13.0; §8: metallb.io keys since v0.14.9
describe('version boundaries', () => {
  test.each<[string, boolean]>([
    ['2.12.9', false],
    ['v2.12.0', false],
    ['2.13.0', true],
    ['2.13', true],
    ['v3.5.0', true],
  ])('aws-lbc %s accepted: %s', (version, accepted) => {
    const run = () => lb({ name: 'aws-lbc', scheme: 'internet-facing', version });
    if (accepted) {
      expect(run().resources).toHaveLength(1);
    } else {
      const error = errorOf(run);
      expect(error.prop).toBe('provider.version');
      expect(error.message).toBe(
        `provider.version ${JSON.stringify(version)} cannot put 443/TCP and 443/UDP on one NLB: ` +
          'the TCP_UDP listener annotation arrived in v2.13.0, ' +
          'and older releases keep only one of two ports with the same number (aws-load-balancer-controller #4405); ' +
          'upgrade the controller to v2.13.0 or later',
      );
    }
  });

  test.each<[string, string]>([
    ['0.13.12', 'metallb.universe.tf'],
    ['0.14.8', 'metallb.universe.tf'],
    ['0.14.9', 'metallb.io'],
    ['0.14.10', 'metallb.io'],
    ['0.15.0', 'metallb.io'],
  ])('metallb %s uses %s/', (version, prefix) => {
    const result = lb({ name: 'metallb', version, address: '192.0.2.10' });
    expect(result.resources[0].manifest.metadata.annotations).toStrictEqual({ [`${prefix}/loadBalancerIPs`]: '192.0.2.10' });
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
