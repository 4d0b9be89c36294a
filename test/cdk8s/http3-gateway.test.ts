import { ApiObject, Chart, Testing } from 'cdk8s';
import { Node } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { Http3Gateway, type Http3GatewayProps } from '../../lib/cdk8s';
import { synthesizeHttp3Gateway } from '../../lib/core/http3-gateway';
import { FindingStatus } from '../../lib/core/report';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const PROPS: Http3GatewayProps = {
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio',
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
};

/** synth the chart, collect its manifests and return them */
function synth(chart: Chart): Array<Record<string, any>> {
  const manifests = Testing.synth(chart);
  collector.add(manifests);
  return manifests;
}

describe('Http3Gateway (cdk8s)', () => {
  test('istio: child ids from roles, primary child is the Gateway', () => {
    const chart = Testing.chart();
    const shop = new Http3Gateway(chart, 'shop', { ...PROPS, name: 'shop' });
    const manifests = synth(chart);
    expect(shop.node.children.map((c) => c.node.id)).toEqual(['Resource', 'VirtualService', 'Service', 'Certificate']);
    expect(Node.of(shop).defaultChild).toBe(ApiObject.of(shop));
    expect(ApiObject.of(shop).kind).toBe('Gateway');
    expect(ApiObject.of(shop).apiVersion).toBe('networking.istio.io/v1');
    expect(manifests.map((m) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
      'Gateway/default/shop',
      'VirtualService/default/shop',
      'Service/istio-system/shop',
      'Certificate/istio-system/shop',
    ]);
  });

  test('the manifests are the core synthesis, unchanged', () => {
    const chart = Testing.chart();
    const props: Http3GatewayProps = { ...PROPS, name: 'shop', gateway: 'envoy-gateway', provider: { name: 'aws-lbc', scheme: 'internet-facing' } };
    new Http3Gateway(chart, 'shop', props);
    expect(synth(chart)).toEqual(synthesizeHttp3Gateway(props).resources.map((r) => r.manifest));
  });

  test('exposed fields', () => {
    const chart = Testing.chart();
    const shop = new Http3Gateway(chart, 'shop', { ...PROPS, name: 'shop', hostnames: ['shop.example.org', 'www.example.org'] });
    synth(chart);
    expect(shop.name).toBe('shop');
    expect(shop.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(shop.httpsRecord).toBe('shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2\nwww.example.org. 300 IN HTTPS 1 . alpn=h3,h2');
    expect(shop.httpsRecords.map((r) => r.owner)).toEqual(['shop.example.org.', 'www.example.org.']);
    expect(shop.tlsSecretName).toBe('shop-tls');
    expect(shop.services).toEqual([shop.node.findChild('Service')]);
    expect(shop.services.map((s) => s.name)).toEqual(['shop']);
    expect(shop.apiObjects.map((o) => o.kind)).toEqual(['Gateway', 'VirtualService', 'Service', 'Certificate']);
    expect(shop.artifacts.map((a) => a.fileName)).toEqual([
      'shop.istio-operator.yaml',
      'shop.istiod-values.yaml',
      'shop.istio-gateway-values.yaml',
      'shop.https-records.zone',
    ]);
    expect(shop.report.quicTerminatedBy).toBe('the Istio ingress gateway pods (Envoy) in istio-system, selected by {"istio":"ingressgateway"}');
    expect(shop.report.discovery.status).toBe(FindingStatus.YES);
    expect(shop.synthesis.serviceNames).toEqual(['shop']);
  });

  test('dns: false: no record text', () => {
    const chart = Testing.chart();
    const shop = new Http3Gateway(chart, 'shop', { ...PROPS, name: 'shop', dns: false });
    synth(chart);
    expect(shop.httpsRecord).toBeUndefined();
    expect(shop.httpsRecords).toEqual([]);
  });

  test('metallb two-services: both Services exposed, TCP first', () => {
    const chart = Testing.chart();
    const shop = new Http3Gateway(chart, 'shop', {
      ...PROPS,
      name: 'shop',
      provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
    });
    synth(chart);
    expect(shop.node.children.map((c) => c.node.id)).toEqual(['Resource', 'VirtualService', 'ServiceTcp', 'ServiceUdp', 'Certificate']);
    expect(shop.services.map((s) => s.node.id)).toEqual(['ServiceTcp', 'ServiceUdp']);
    expect(shop.services.map((s) => s.name)).toEqual(['shop-tcp', 'shop-udp']);
  });

  test('envoy-gateway: the controller owns the Service, no Service children', () => {
    const chart = Testing.chart();
    const shop = new Http3Gateway(chart, 'shop', {
      ...PROPS,
      name: 'shop',
      gateway: 'envoy-gateway',
      provider: { name: 'metallb', address: '192.0.2.10' },
    });
    synth(chart);
    expect(shop.node.children.map((c) => c.node.id)).toEqual(['Resource', 'Route', 'ClientTrafficPolicy', 'EnvoyProxy', 'Certificate']);
    expect(shop.services).toEqual([]);
    expect(ApiObject.of(shop).kind).toBe('Gateway');
    expect(ApiObject.of(shop).apiVersion).toBe('gateway.networking.k8s.io/v1');
  });

  test('name omitted: derived from the construct path and used for every object', () => {
    const chart = Testing.chart();
    const shop = new Http3Gateway(chart, 'shop', PROPS);
    const manifests = synth(chart);
    expect(shop.name).toMatch(/^test-shop-[0-9a-f]{8}$/);
    expect(manifests.map((m) => m.metadata.name)).toEqual([shop.name, shop.name, shop.name, shop.name]);
    expect(shop.tlsSecretName).toBe(`${shop.name}-tls`);
    // stable: the same path gives the same name
    const otherChart = Testing.chart();
    const again = new Http3Gateway(otherChart, 'shop', PROPS);
    expect(again.name).toBe(shop.name);
    // another id, another name
    const store = new Http3Gateway(otherChart, 'store', PROPS);
    expect(store.name).toMatch(/^test-store-[0-9a-f]{8}$/);
    expect(synth(otherChart).map((m) => m.metadata.name)).toEqual([...Array(4).fill(shop.name), ...Array(4).fill(store.name)]);
  });

  test('a bad prop fails at construction with the core error', () => {
    const chart = Testing.chart();
    expect(() => new Http3Gateway(chart, 'shop', { ...PROPS, gateway: { implementation: 'istio', tlsMode: 'MUTUAL' } })).toThrow(
      expect.objectContaining({ name: 'Http3ConfigError', prop: 'gateway.tlsMode' }),
    );
  });

  // a chart id such as "2024" gives a derived name starting with a digit, which the core refuses as a Service name
  // (DNS-1035): the adapter should derive a name that starts with a letter (reported; not fixed here, it picks names)
  test('name omitted under a chart whose id starts with a digit: prefixed so the Service name starts with a letter', () => {
    const chart = new Chart(Testing.app(), '2024');
    const shop = new Http3Gateway(chart, 'shop', PROPS);
    expect(shop.name).toMatch(/^h3-2024-shop-[0-9a-f]{8}$/);
    collector.add(Testing.synth(chart));
  });
});

describe('YAML snapshots (app.synthYaml)', () => {
  test('istio on metallb, cert-manager', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'edge');
    const shop = new Http3Gateway(chart, 'shop', {
      ...PROPS,
      namespace: 'web',
      hostnames: ['shop.example.org', 'www.example.org'],
      provider: { name: 'metallb', address: '192.0.2.10' },
    });
    const yaml = app.synthYaml();
    expect(yaml).toMatchSnapshot();
    const docs = parseAllDocuments(yaml).map((d) => d.toJS());
    collector.add(docs);
    // targeted: the parts that must agree
    expect(docs.map((d) => d.kind)).toEqual(['Gateway', 'VirtualService', 'Service', 'Certificate']);
    const [gateway, virtualService, service, certificate] = docs;
    expect(gateway.spec.servers[0].port).toEqual({ number: 443, name: 'https', protocol: 'HTTPS' });
    expect(gateway.spec.servers[0].tls).toEqual({ mode: 'SIMPLE', credentialName: `${shop.name}-tls` });
    expect(virtualService.spec.gateways).toEqual([`web/${shop.name}`]);
    expect(service.metadata.namespace).toBe('istio-system');
    expect(service.metadata.annotations).toEqual({ 'metallb.io/loadBalancerIPs': '192.0.2.10' });
    expect(service.spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
    ]);
    expect(certificate.spec).toEqual({
      secretName: `${shop.name}-tls`,
      dnsNames: ['shop.example.org', 'www.example.org'],
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
    expect(shop.altSvcValue).toBe('h3=":443"; ma=86400');
  });

  test('envoy-gateway on aws-lbc, existing Secret, cross-namespace backend', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'edge');
    const shop = new Http3Gateway(chart, 'shop', {
      name: 'shop',
      namespace: 'edge',
      hostnames: ['shop.example.org'],
      backend: { service: 'shop', port: 8080, namespace: 'apps' },
      gateway: 'envoy-gateway',
      provider: { name: 'aws-lbc', scheme: 'internet-facing' },
      tls: { secretName: 'shop-cert' },
    });
    const yaml = app.synthYaml();
    expect(yaml).toMatchSnapshot();
    const docs = parseAllDocuments(yaml).map((d) => d.toJS());
    collector.add(docs);
    expect(docs.map((d) => d.kind)).toEqual(['Gateway', 'HTTPRoute', 'ClientTrafficPolicy', 'EnvoyProxy', 'ReferenceGrant']);
    const [gateway, route, policy, envoyProxy, grant] = docs;
    expect(gateway.spec.infrastructure).toEqual({ parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'shop' } });
    expect(gateway.spec.listeners[0].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'shop-cert' }]);
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'shop', namespace: 'apps', port: 8080 }]);
    expect(policy.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'https' }],
      http3: {},
    });
    expect(envoyProxy.spec.provider.kubernetes.envoyService.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-enable-tcp-udp-listener': 'true',
    });
    expect(grant.metadata.namespace).toBe('apps');
    expect(shop.services).toEqual([]);
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
