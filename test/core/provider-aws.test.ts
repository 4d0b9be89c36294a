/**
 * The `aws` provider (in-tree / cloud-provider-aws). Facts: loadbalancers.md §1.1 (a) `checkMixedProtocol` rejects a
 * mixed Service with "mixed protocol is not supported for LoadBalancer"; (b) two Services get two NLBs, no shared
 * address; the ways out are the AWS Load Balancer Controller (§1.2) or a NodePort Service with one nodePort for TCP and
 * UDP behind a hand-made NLB with a TCP_UDP listener (§1.1 (b), §15 Emissary `howtos/http3-eks.md`); §16 "Alt-Svc",
 * §17.3, §18.
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { AWS_MIXED_PROTOCOL_ERROR, awsProvider } from '../../lib/providers/aws';
import { ExternalTrafficPolicy, MixedProtocolLayout } from '../../lib/providers/provider';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

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

/** synthesize the load balancer on the provider and collect its manifests */
function lb(provider: unknown, extra: Partial<MixedProtocolLoadBalancerOptions> = {}) {
  const result = synthesizeMixedProtocolLoadBalancer({
    name: 'edge',
    selector: { app: 'edge' },
    provider: provider as MixedProtocolLoadBalancerOptions['provider'],
    ...extra,
  });
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

/** synthesize an Http3Gateway on the provider and collect its manifests */
function gateway(options: Record<string, unknown>) {
  const result = synthesizeHttp3Gateway({
    name: 'shop',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 8080 },
    tls: { secretName: 'shop-tls' },
    ...options,
  } as unknown as Http3GatewayOptions);
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

const MESSAGE =
  'provider.name "aws" cannot carry HTTP/3: the AWS cloud provider (in-tree or cloud-provider-aws) rejects a LoadBalancer Service with TCP and UDP '
  + 'ports ("mixed protocol is not supported for LoadBalancer"), and two Services get two NLBs with different addresses, so no address would serve '
  + '443/TCP and 443/UDP together and Alt-Svc would send browsers to an address without UDP; install the AWS Load Balancer Controller v2.13.0 or '
  + 'later and use provider "aws-lbc" (one NLB with a TCP_UDP listener), or create yourself a NodePort Service whose TCP and UDP ports share one '
  + 'pinned nodePort and an NLB with a TCP_UDP listener and target group on that nodePort (TCP health check)';

describe('every use is refused with the way out', () => {
  test.each<[string, () => unknown]>([
    ['MixedProtocolLoadBalancer, object', () => lb({ name: 'aws' })],
    ['MixedProtocolLoadBalancer, shorthand', () => lb('aws')],
    [
      'MixedProtocolLoadBalancer, Cluster policy and a pinned nodePort',
      () => lb({ name: 'aws' }, { externalTrafficPolicy: 'Cluster', nodePort: 30443 }),
    ],
    [
      'MixedProtocolLoadBalancer, with annotations',
      () => lb({ name: 'aws', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } }),
    ],
    ['Http3Gateway on istio (kube-http3 would create the Service)', () => gateway({ gateway: 'istio', provider: { name: 'aws' } })],
    ['Http3Gateway on envoy-gateway (the controller would create it)', () => gateway({ gateway: 'envoy-gateway', provider: { name: 'aws' } })],
  ])('%s', (_label, run) => {
    const error = errorOf(run);
    expect(error.prop).toBe('provider.name');
    expect(error.value).toBe('aws');
    expect(error.message).toBe(MESSAGE);
  });

  test('the message quotes the cloud provider\'s own error and names both alternatives', () => {
    expect(MESSAGE).toContain(`("${AWS_MIXED_PROTOCOL_ERROR}")`);
    expect(MESSAGE).toContain('provider "aws-lbc"');
    expect(MESSAGE).toContain('NodePort Service whose TCP and UDP ports share one pinned nodePort');
  });

  test('the options take no field: a field is refused as unknown before the refusal', () => {
    const error = errorOf(() => lb({ name: 'aws', scheme: 'internet-facing' }));
    expect(error.prop).toBe('provider.scheme');
    expect(error.message).toBe('provider.scheme is not a known field (got "internet-facing"); the fields of provider are: annotations, name');
  });

  test('shape and report refuse too, should anything call them directly', () => {
    const policy = ExternalTrafficPolicy.LOCAL;
    const request = { name: 'edge', namespace: 'web', port: 443, targetPort: 443, externalTrafficPolicy: policy, controllerOwned: false };
    const shape = { layout: MixedProtocolLayout.SINGLE_SERVICE, annotations: {}, externalTrafficPolicy: policy };
    expect(errorOf(() => awsProvider.shape({ name: 'aws' }, request, 'provider')).message).toBe(MESSAGE);
    expect(errorOf(() => awsProvider.report({ name: 'aws' }, shape, request)).message).toBe(MESSAGE);
  });

  test('the support row', () => {
    expect(awsProvider.support).toEqual({
      mixedService: 'no: the cloud provider rejects it ("mixed protocol is not supported for LoadBalancer")',
      workaround: 'refused: use provider "aws-lbc" (AWS Load Balancer Controller >= v2.13.0), or a NodePort Service with one pinned nodePort for '
        + 'TCP and UDP behind an NLB with a TCP_UDP listener that you create yourself',
      ipSharing: 'none: two Services get two NLBs with different DNS names and addresses',
      caveats: 'a Classic Load Balancer carries TCP only; a UDP-only NLB Service with externalTrafficPolicy Cluster fails its default TCP health '
        + 'check',
    });
    expect(awsProvider.fields).toEqual([]);
  });
});

test('the way out the message names: provider "aws-lbc" carries both ports in one Service on the same props', () => {
  const result = lb({ name: 'aws-lbc', scheme: 'internet-facing' }, { externalTrafficPolicy: 'Cluster', nodePort: 30443 });
  expect(result.serviceNames).toEqual(['edge']);
  expect((result.resources[0].manifest.spec as { ports: unknown[] }).ports).toEqual([
    { name: 'https', port: 443, targetPort: 443, protocol: 'TCP', nodePort: 30443 },
    { name: 'http3', port: 443, targetPort: 443, protocol: 'UDP', nodePort: 30443 },
  ]);
});

test('every synthesized manifest passes the strict validator (only the aws-lbc way out: every aws use is refused)', () => {
  expect(collector.size).toBe(1);
  collector.expectStrictlyValid();
});
