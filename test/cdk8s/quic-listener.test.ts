import { ApiObject, Chart, Testing } from 'cdk8s';
import { Node } from 'constructs';
import { QuicListener, type QuicListenerProps } from '../../lib/cdk8s';
import { synthesizeQuicListener } from '../../lib/core/quic-listener';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const PROPS: QuicListenerProps = {
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio',
  tlsSecretName: 'shop-cert',
};

function synth(chart: Chart): Array<Record<string, any>> {
  const manifests = Testing.synth(chart);
  collector.add(manifests);
  return manifests;
}

describe('QuicListener (cdk8s)', () => {
  test.each<[string, Partial<QuicListenerProps>, string[], string[], string]>([
    ['istio', {}, ['Resource', 'VirtualService', 'Service'], ['Service'], 'networking.istio.io/v1'],
    [
      'istio on metallb two-services',
      { provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } },
      ['Resource', 'VirtualService', 'ServiceTcp', 'ServiceUdp'],
      ['ServiceTcp', 'ServiceUdp'],
      'networking.istio.io/v1',
    ],
    ['envoy-gateway', { gateway: 'envoy-gateway' }, ['Resource', 'Route', 'ClientTrafficPolicy'], [], 'gateway.networking.k8s.io/v1'],
    [
      'envoy-gateway, cross-namespace backend, Cluster policy',
      { gateway: 'envoy-gateway', backend: { service: 'shop', port: 8080, namespace: 'apps' }, externalTrafficPolicy: 'Cluster' },
      ['Resource', 'Route', 'ClientTrafficPolicy', 'EnvoyProxy', 'ReferenceGrant'],
      [],
      'gateway.networking.k8s.io/v1',
    ],
  ])('%s: child ids, services, primary child', (_label, props, ids, serviceIds, apiVersion) => {
    const chart = Testing.chart();
    const listener = new QuicListener(chart, 'shop', { ...PROPS, name: 'shop', ...props });
    const manifests = synth(chart);
    expect(listener.node.children.map((c) => c.node.id)).toEqual(ids);
    expect(listener.services.map((s) => s.node.id)).toEqual(serviceIds);
    expect(Node.of(listener).defaultChild).toBe(ApiObject.of(listener));
    expect(ApiObject.of(listener).kind).toBe('Gateway');
    expect(ApiObject.of(listener).apiVersion).toBe(apiVersion);
    expect(listener.apiObjects.map((o) => o.node.id)).toEqual(ids);
    expect(manifests).toEqual(synthesizeQuicListener({ ...PROPS, name: 'shop', ...props }).resources.map((r) => r.manifest));
  });

  test('exposed fields', () => {
    const chart = Testing.chart();
    const listener = new QuicListener(chart, 'shop', { ...PROPS, name: 'shop', port: 8443 });
    synth(chart);
    expect(listener.name).toBe('shop');
    expect(listener.altSvcValue).toBe('h3=":8443"; ma=86400');
    expect(listener.artifacts.map((a) => a.fileName)).toEqual([
      'shop.istio-operator.yaml',
      'shop.istiod-values.yaml',
      'shop.istio-gateway-values.yaml',
    ]);
    expect(listener.report.notes.map((n) => n.topic)).toEqual(['apply-server-side', 'istio-quic-setting', 'istio-single-load-balancer']);
    expect(listener.synthesis.tlsSecretNamespace).toBe('istio-system');
  });

  test('withdrawn: the altSvcValue is clear and the Service has no UDP port', () => {
    const chart = Testing.chart();
    const listener = new QuicListener(chart, 'shop', { ...PROPS, name: 'shop', altSvc: { clear: true } });
    const manifests = synth(chart);
    expect(listener.altSvcValue).toBe('clear');
    expect(manifests[2].spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }]);
  });

  test('name omitted: derived from the construct path', () => {
    const chart = Testing.chart();
    const listener = new QuicListener(chart, 'edge', { ...PROPS, gateway: 'envoy-gateway' });
    const manifests = synth(chart);
    expect(listener.name).toMatch(/^test-edge-[0-9a-f]{8}$/);
    expect(manifests.map((m) => m.metadata.name)).toEqual([listener.name, listener.name, listener.name]);
    expect(manifests[1].spec.parentRefs[0].name).toBe(listener.name);
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
