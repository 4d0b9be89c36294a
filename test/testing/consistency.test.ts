import { Testing } from 'cdk8s';
import { synthesizeHttp3Gateway } from '../../lib/core/http3-gateway';
import { checkHttp3Consistency, http3Matchers } from '../../lib/testing';
import { envoyGatewayAwsLbc } from '../../examples/envoy-gateway-aws-lbc/cdk8s';
import { istioKindMetallb } from '../../examples/istio-kind-metallb/cdk8s';

expect.extend(http3Matchers);
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeHttp3Consistent(): R;
      toServeHttp3OnPort(port: number): R;
    }
  }
}

const service = (ports: object[], extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'edge', namespace: 'web' },
  spec: { type: 'LoadBalancer', selector: { app: 'edge' }, ports, ...extra },
});
const tcp = { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' };
const udp = { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' };
const route = (value: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'edge', namespace: 'web' },
  spec: { rules: [{ filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'Alt-Svc', value }] } }] }] },
});

describe('checkHttp3Consistency', () => {
  test('the examples are consistent and serve HTTP/3 on 443', () => {
    const app = Testing.app();
    const istio = Testing.synth(istioKindMetallb(app) as never);
    const envoy = Testing.synth(envoyGatewayAwsLbc(app) as never);
    expect(istio).toBeHttp3Consistent();
    expect(istio).toServeHttp3OnPort(443);
    expect(envoy).toBeHttp3Consistent();
    // envoy gateway's controller creates the Service: the synthesized objects carry no UDP port themselves
    expect(envoy).not.toServeHttp3OnPort(443);
  });

  test('a withdrawn gateway attaches alt-svc clear and passes', () => {
    const out = synthesizeHttp3Gateway({
      name: 'shop',
      hostnames: ['shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway: 'istio',
      tls: { secretName: 'shop-tls' },
      altSvc: { clear: true },
    });
    const manifests = out.resources.map((r) => r.manifest);
    expect(checkHttp3Consistency(manifests)).toEqual([]);
    expect(manifests).not.toServeHttp3OnPort(443);
  });

  test.each([
    ['mixed-target-port', [service([tcp, { ...udp, targetPort: 9443 }])]],
    ['duplicate-port-name', [service([tcp, { ...udp, name: 'https' }])]],
    ['alt-svc-invalid', [service([tcp, udp]), route('h3=":443"; ma=0')]],
    ['alt-svc-port-not-udp', [service([tcp]), route('h3=":443"; ma=86400')]],
    ['alt-svc-port-not-udp', [service([tcp, udp]), route('h3=":8443"; ma=86400')]],
  ])('finds %s', (code, manifests) => {
    const problems = checkHttp3Consistency(manifests);
    expect(problems.map((p) => p.code)).toEqual([code]);
    expect(problems[0].object).toMatch(/^(Service|HTTPRoute)\/web\/edge$/);
    expect(manifests).not.toBeHttp3Consistent();
  });

  test('finds http3 with the PROXY protocol on an Envoy Gateway ClientTrafficPolicy', () => {
    const policy = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'ClientTrafficPolicy',
      metadata: { name: 'edge', namespace: 'web' },
      spec: { http3: {}, proxyProtocol: {} },
    };
    expect(checkHttp3Consistency([policy])).toEqual([
      {
        object: 'ClientTrafficPolicy/web/edge',
        code: 'proxy-protocol-with-http3',
        message: 'http3 together with the PROXY protocol: Envoy rejects the QUIC listener while TCP keeps advertising h3 (envoyproxy/gateway #9798)',
      },
    ]);
  });

  test('the alt-svc message says which UDP ports exist', () => {
    expect(checkHttp3Consistency([service([tcp, udp]), route('h3=":8443"; ma=86400')])[0].message).toBe(
      'alt-svc "h3=\\":8443\\"; ma=86400" advertises h3 on port 8443, which no LoadBalancer Service here carries over UDP (UDP ports: 443)',
    );
  });
});
