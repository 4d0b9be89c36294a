/**
 * The `hetzner` provider: refused for every use. Facts: loadbalancers.md §6 (no UDP at all: the cloud controller skips
 * UDP ports with a Warning event UnsupportedProtocolConfigured; protocol annotation tcp | http | https only; no provider
 * workaround, another L4 path unverified), §16 (do not advertise h3 when UDP is not reachable), §17.3, §18;
 * hetznercloud/hcloud-cloud-controller-manager `internal/hcops/load_balancer.go`, `docs/reference/load_balancer_annotations.md`.
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { ExternalTrafficPolicy } from '../../lib/providers/provider';
import { hetznerProvider } from '../../lib/providers/hetzner';
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

const REFUSAL =
  'provider.name "hetzner" cannot carry HTTP/3: the Hetzner Cloud load balancer has no UDP (hcloud-cloud-controller-manager skips every UDP '
  + 'Service port with a Warning event UnsupportedProtocolConfigured, and load-balancer.hetzner.cloud/protocol takes only tcp, http or https), '
  + 'so the UDP port would be missing while Alt-Svc advertises h3; expose the UDP port on another L4 path, e.g. provider "metallb" or "kube-vip" '
  + 'announcing Hetzner IPs routed to your nodes (not verified on Hetzner Cloud), or serve this host over HTTPS without HTTP/3';

const LB: MixedProtocolLoadBalancerOptions = { name: 'edge', namespace: 'web', selector: { app: 'edge' }, targetPort: 8443 };
const LISTENER = { name: 'shop', hostnames: ['shop.example.org'], backend: { service: 'shop', port: 8080 } };
const GATEWAY = { ...LISTENER, tls: { secretName: 'shop-tls' } };

describe('every use is refused, with the reason and the alternatives', () => {
  test.each<[string, () => unknown]>([
    ['MixedProtocolLoadBalancer, shorthand', () => synthesizeMixedProtocolLoadBalancer({ ...LB, provider: 'hetzner' as never })],
    ['MixedProtocolLoadBalancer, object', () => synthesizeMixedProtocolLoadBalancer({ ...LB, provider: { name: 'hetzner' } })],
    [
      'MixedProtocolLoadBalancer, with annotations',
      () => synthesizeMixedProtocolLoadBalancer({
        ...LB,
        provider: { name: 'hetzner', annotations: { 'load-balancer.hetzner.cloud/location': 'fsn1' } },
      }),
    ],
    [
      'MixedProtocolLoadBalancer, Cluster',
      () => synthesizeMixedProtocolLoadBalancer({ ...LB, provider: { name: 'hetzner' }, externalTrafficPolicy: 'Cluster' }),
    ],
    [
      'QuicListener, istio',
      () => synthesizeQuicListener({ ...LISTENER, gateway: 'istio', provider: { name: 'hetzner' }, tlsSecretName: 'x' } as QuicListenerOptions),
    ],
    ['Http3Gateway, istio', () => synthesizeHttp3Gateway({ ...GATEWAY, gateway: 'istio', provider: { name: 'hetzner' } } as Http3GatewayOptions)],
    [
      'Http3Gateway, envoy-gateway',
      () => synthesizeHttp3Gateway({ ...GATEWAY, gateway: 'envoy-gateway', provider: { name: 'hetzner' } } as Http3GatewayOptions),
    ],
    [
      'Http3Gateway, even while HTTP/3 is withdrawn',
      () => synthesizeHttp3Gateway({ ...GATEWAY, gateway: 'istio', provider: { name: 'hetzner' }, altSvc: { clear: true } } as Http3GatewayOptions),
    ],
  ])('%s', (_label, construct) => {
    const error = errorOf(construct);
    expect(error.prop).toBe('provider.name');
    expect(error.value).toBe('hetzner');
    expect(error.message).toBe(REFUSAL);
  });

  test('an unknown field is still reported as such (checked before the provider parses)', () => {
    const error = errorOf(() => synthesizeMixedProtocolLoadBalancer({ ...LB, provider: { name: 'hetzner', protocol: 'udp' } as never }));
    expect(error.message).toBe('provider.protocol is not a known field (got "udp"); the fields of provider are: annotations, name');
  });

  test('shape and report refuse too (nothing can reach them with parsed options, but the plug-in never answers)', () => {
    const request = {
      name: 'edge',
      namespace: 'web',
      port: 443,
      targetPort: 8443,
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      controllerOwned: false,
    };
    expect(errorOf(() => hetznerProvider.shape({ name: 'hetzner' }, request, 'provider')).message).toBe(REFUSAL);
    expect(errorOf(() => hetznerProvider.report({ name: 'hetzner' }, {} as never, request)).message).toBe(REFUSAL);
  });

  test('the same props on a provider with UDP synthesize: the refusal is the provider\'s alone', () => {
    const result = synthesizeHttp3Gateway({ ...GATEWAY, gateway: 'istio', provider: 'metallb' } as Http3GatewayOptions);
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.some((r) => r.role === 'service')).toBe(true);
  });

  test('the support row', () => {
    expect(hetznerProvider.support).toEqual({
      mixedService: 'no: no UDP at all; the cloud controller skips UDP ports with a Warning event `UnsupportedProtocolConfigured`',
      workaround: 'none in the cloud controller: refused; use another L4 path for the UDP port (MetalLB or kube-vip on Hetzner IPs: unverified)',
      ipSharing: 'n/a',
      caveats: 'a mixed Service would get an address with its TCP port only while Alt-Svc advertises h3',
    });
    expect(hetznerProvider.fields).toEqual([]);
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
