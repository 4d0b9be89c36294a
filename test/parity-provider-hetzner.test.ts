/**
 * Parity of the two adapters for the `hetzner` provider: every construct is refused with the same Http3ConfigError
 * message in cdk8s and in Pulumi, and the Pulumi component registers no child (loadbalancers.md §6: no UDP at all).
 * No manifest is synthesized here, so there is nothing for the strict validator.
 */
import { Testing } from 'cdk8s';
import { Http3ConfigError } from 'kube-http3';
import * as k8 from 'kube-http3/cdk8s';
import * as pu from 'kube-http3/pulumi';
import { customInputs, freshRegistrations, setupMocks, thrownBy } from './helpers/pulumi';

beforeAll(setupMocks);
beforeEach(freshRegistrations);

const REFUSAL =
  'provider.name "hetzner" cannot carry HTTP/3: the Hetzner Cloud load balancer has no UDP (hcloud-cloud-controller-manager skips every UDP '
  + 'Service port with a Warning event UnsupportedProtocolConfigured, and load-balancer.hetzner.cloud/protocol takes only tcp, http or https), '
  + 'so the UDP port would be missing while Alt-Svc advertises h3; expose the UDP port on another L4 path, e.g. provider "metallb" or "kube-vip" '
  + 'announcing Hetzner IPs routed to your nodes (not verified on Hetzner Cloud), or serve this host over HTTPS without HTTP/3';

const LISTENER = { name: 'shop', hostnames: ['shop.example.org'], backend: { service: 'shop', port: 8080 }, provider: { name: 'hetzner' } } as const;
const GATEWAY = { ...LISTENER, tls: { secretName: 'shop-tls' } } as const;

test.each<[string, () => unknown, () => unknown]>([
  [
    'MixedProtocolLoadBalancer',
    () => new k8.MixedProtocolLoadBalancer(Testing.chart(), 'lb', { selector: { app: 'edge' }, provider: { name: 'hetzner' } }),
    () => new pu.MixedProtocolLoadBalancer('lb', { selector: { app: 'edge' }, provider: { name: 'hetzner' } }),
  ],
  [
    'QuicListener on istio',
    () => new k8.QuicListener(Testing.chart(), 'shop', { ...LISTENER, gateway: 'istio', tlsSecretName: 'shop-tls' }),
    () => new pu.QuicListener('shop', { ...LISTENER, gateway: 'istio', tlsSecretName: 'shop-tls' }),
  ],
  [
    'Http3Gateway on envoy-gateway',
    () => new k8.Http3Gateway(Testing.chart(), 'shop', { ...GATEWAY, gateway: 'envoy-gateway' }),
    () => new pu.Http3Gateway('shop', { ...GATEWAY, gateway: 'envoy-gateway' }),
  ],
])('%s is refused with the same message', async (_title, fromCdk8s, fromPulumi) => {
  const cdk8sError = thrownBy(fromCdk8s);
  const pulumiError = thrownBy(fromPulumi);
  expect(Http3ConfigError.isHttp3ConfigError(cdk8sError)).toBe(true);
  expect(Http3ConfigError.isHttp3ConfigError(pulumiError)).toBe(true);
  expect(cdk8sError.message).toBe(REFUSAL);
  expect(pulumiError.message).toBe(REFUSAL);
  await freshRegistrations();
  expect(customInputs()).toEqual([]);
});
