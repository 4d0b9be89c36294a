/**
 * QuicListener (Pulumi) under mocks: the implementation's listener, route and settings plus the load-balancer
 * Service(s), for an existing TLS Secret. Exact children and inputs per implementation, outputs, hostnames as
 * Inputs, deferred validation (duplicates among Input hostnames) and structural props given as Outputs.
 */
import * as pulumi from '@pulumi/pulumi';
import { Http3ConfigError } from 'kube-http3';
import { QuicListener, type QuicListenerArgs } from 'kube-http3/pulumi';
import {
  byTypeAndName,
  childUrn,
  customInputs,
  deploymentErrors,
  findRegistered,
  freshRegistrations,
  promiseOf,
  registered,
  settle,
  setupMocks,
  thrownBy,
  withoutSerializationContext, plainValueMessage } from '../helpers/pulumi';
import { ManifestCollector } from '../helpers/schemas';

const TYPE = 'kube-http3:index:QuicListener';
const SERVICE = 'kubernetes:core/v1:Service';
const ISTIO_GATEWAY = 'kubernetes:networking.istio.io/v1:Gateway';
const VIRTUAL_SERVICE = 'kubernetes:networking.istio.io/v1:VirtualService';
const GATEWAY = 'kubernetes:gateway.networking.k8s.io/v1:Gateway';
const HTTP_ROUTE = 'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute';
const CLIENT_TRAFFIC_POLICY = 'kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy';
const REFERENCE_GRANT = 'kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant';

const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };

const collector = new ManifestCollector();

beforeAll(setupMocks);
beforeEach(freshRegistrations);

async function deploy(name: string, args: QuicListenerArgs): Promise<QuicListener> {
  const listener = new QuicListener(name, args);
  await settle(listener, listener.resources);
  collector.add(customInputs());
  return listener;
}

function registrations(): Array<[string, string, boolean]> {
  return registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName);
}

const istioKind: QuicListenerArgs = {
  hostnames: ['app.example.com'],
  backend: { service: 'app', port: 80 },
  gateway: { implementation: 'istio', namespace: 'ingress', selector: { app: 'gateway' }, targetPort: 443 },
  provider: 'kind',
  tlsSecretName: 'app-cert',
};

const envoyGeneric: QuicListenerArgs = {
  namespace: 'edge',
  hostnames: ['app.example.com', 'api.example.com'],
  backend: { service: 'app', port: 80, namespace: 'apps' },
  gateway: 'envoy-gateway',
  tlsSecretName: 'app-cert',
};

describe('istio on kind', () => {
  test('registers the Istio Gateway, the VirtualService and the Service, parented to the component', async () => {
    const listener = await deploy('edge', istioKind);
    expect(registrations()).toEqual([
      [TYPE, 'edge', false],
      [SERVICE, 'edge-service', true],
      [ISTIO_GATEWAY, 'edge-gateway', true],
      [VIRTUAL_SERVICE, 'edge-virtual-service', true],
    ]);
    expect(await Promise.all(listener.resources.map((r) => promiseOf(r.urn)))).toEqual([
      childUrn(TYPE, ISTIO_GATEWAY, 'edge-gateway'),
      childUrn(TYPE, VIRTUAL_SERVICE, 'edge-virtual-service'),
      childUrn(TYPE, SERVICE, 'edge-service'),
    ]);
    expect(await Promise.all(listener.services.map((s) => promiseOf(s.urn)))).toEqual([childUrn(TYPE, SERVICE, 'edge-service')]);
  });

  test('the Service selects the gateway pods in their namespace; the Gateway uses the existing Secret', async () => {
    await deploy('edge', istioKind);
    expect(findRegistered(SERVICE, 'edge-service').inputs).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'edge', namespace: 'ingress', labels: LABELS },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { app: 'gateway' },
        ports: [
          { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 443, protocol: 'UDP' },
        ],
      },
    });
    expect(findRegistered(ISTIO_GATEWAY, 'edge-gateway').inputs).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'default', labels: LABELS },
      spec: {
        selector: { app: 'gateway' },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts: ['app.example.com'],
            tls: { mode: 'SIMPLE', credentialName: 'app-cert' },
          },
        ],
      },
    });
  });

  test('outputs: the Alt-Svc value istiod emits and the istioctl and Helm artifacts (no DNS here)', async () => {
    const listener = await deploy('edge', istioKind);
    expect(await promiseOf(listener.altSvcValue)).toBe('h3=":443"; ma=86400');
    const artifacts = await promiseOf(listener.artifacts);
    expect(Object.keys(artifacts).sort()).toEqual(['edge.istio-gateway-values.yaml', 'edge.istio-operator.yaml', 'edge.istiod-values.yaml']);
    expect(artifacts['edge.istio-operator.yaml']).toBe([
      '# apply with: istioctl install -f <this file> (merge into your IstioOperator overlay): turns QUIC listeners on and stops the default '
        + 'ingress gateway Service from being a second load balancer',
      'apiVersion: install.istio.io/v1alpha1',
      'kind: IstioOperator',
      'spec:',
      '  values:',
      '    pilot:',
      '      env:',
      '        PILOT_ENABLE_QUIC_LISTENERS: "true"',
      '  components:',
      '    ingressGateways:',
      '      - name: istio-ingressgateway',
      '        namespace: ingress',
      '        enabled: true',
      '        k8s:',
      '          service:',
      '            type: ClusterIP',
      '',
    ].join('\n'));
    expect(listener.report.clientIp.status).toBe('no');
    expect(listener.report.discovery).toEqual({
      status: 'yes',
      detail: 'Alt-Svc h3=":443"; ma=86400 is added by the implementation (istiod adds alt-svc: h3=":<server port>"; ma=86400 '
        + 'to every route of a server that has a QUIC listener (ma is hard-coded))',
    });
  });

  test('withdrawing keeps the TCP port only and attaches Alt-Svc: clear on the VirtualService', async () => {
    const listener = await deploy('edge', { ...istioKind, altSvc: { clear: true } });
    expect((findRegistered(SERVICE, 'edge-service').inputs.spec as { ports: unknown }).ports).toEqual([
      { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
    ]);
    expect((findRegistered(VIRTUAL_SERVICE, 'edge-virtual-service').inputs.spec as { http: unknown }).http).toEqual([
      {
        route: [{ destination: { host: 'app.default.svc.cluster.local', port: { number: 80 } } }],
        headers: { response: { set: { 'alt-svc': 'clear' } } },
      },
    ]);
    expect(await promiseOf(listener.altSvcValue)).toBe('clear');
    expect(listener.report.udpHealthCheck).toEqual({ status: 'n/a', detail: 'HTTP/3 is withdrawn: no UDP port is exposed' });
  });
});

describe('envoy-gateway with a backend in another namespace', () => {
  test('registers Gateway, HTTPRoute, ClientTrafficPolicy and ReferenceGrant; the controller creates the Service', async () => {
    const listener = await deploy('edge', envoyGeneric);
    expect(registrations()).toEqual([
      [TYPE, 'edge', false],
      [CLIENT_TRAFFIC_POLICY, 'edge-client-traffic-policy', true],
      [GATEWAY, 'edge-gateway', true],
      [HTTP_ROUTE, 'edge-route', true],
      [REFERENCE_GRANT, 'edge-reference-grant', true],
    ]);
    expect(listener.services).toEqual([]);
    expect(await promiseOf(listener.artifacts)).toEqual({});
  });

  test('two hostnames: the listener has none and the route selects them; the ReferenceGrant sits in the backend namespace', async () => {
    await deploy('edge', envoyGeneric);
    expect(findRegistered(GATEWAY, 'edge-gateway').inputs).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'edge', labels: LABELS },
      spec: {
        gatewayClassName: 'eg',
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'app-cert' }] },
          },
        ],
      },
    });
    expect(findRegistered(HTTP_ROUTE, 'edge-route').inputs.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'https' }],
      hostnames: ['app.example.com', 'api.example.com'],
      rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'app', namespace: 'apps', port: 80 }] }],
    });
    expect(findRegistered(REFERENCE_GRANT, 'edge-reference-grant').inputs).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'edge-edge', namespace: 'apps', labels: LABELS },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }],
        to: [{ group: '', kind: 'Service', name: 'app' }],
      },
    });
    expect(findRegistered(CLIENT_TRAFFIC_POLICY, 'edge-client-traffic-policy').inputs.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'https' }],
      http3: {},
    });
  });

  test('hostnames as Outputs reach the route resolved', async () => {
    await deploy('edge', { ...envoyGeneric, hostnames: [pulumi.output('app.example.com'), Promise.resolve('api.example.com')] });
    const spec = findRegistered(HTTP_ROUTE, 'edge-route').inputs.spec as { hostnames: unknown };
    expect(spec.hostnames).toEqual(['app.example.com', 'api.example.com']);
  });

  test('one Output hostname becomes the listener hostname', async () => {
    await deploy('edge', { ...envoyGeneric, hostnames: [pulumi.output('app.example.com')] });
    expect((findRegistered(GATEWAY, 'edge-gateway').inputs.spec as { listeners: unknown }).listeners).toEqual([
      {
        name: 'https',
        protocol: 'HTTPS',
        port: 443,
        hostname: 'app.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'app-cert' }] },
      },
    ]);
  });
});

describe('deferred validation and construction errors', () => {
  test('two Output hostnames that resolve to the same name fail the deployment with the plain-value message', async () => {
    const plain = thrownBy(() => new QuicListener('plain', { ...envoyGeneric, hostnames: ['app.example.com', 'app.example.com'] }));
    expect(plain.message).toBe(
      'hostnames[1] must be a hostname not listed before (it is hostnames[0]), got "app.example.com"; list each hostname once',
    );
    await freshRegistrations();
    const errors = await deploymentErrors(() => new QuicListener('edge', {
      ...envoyGeneric,
      hostnames: [pulumi.output('app.example.com'), pulumi.output('app.example.com')],
    }));
    collector.add(customInputs());
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect(Http3ConfigError.isHttp3ConfigError(unique[0])).toBe(true);
    expect(withoutSerializationContext(unique[0].message)).toBe(plain.message);
    // every resource waits for the check of the resolved values: none is registered, not even those without hostnames
    expect(registrations()).toEqual([[TYPE, 'edge', false]]);
  });

  test('the TLS Secret name given as an Output is refused at construction', () => {
    const error = thrownBy(() => new QuicListener('edge', { ...istioKind, tlsSecretName: pulumi.output('app-cert') as unknown as string }));
    expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
    expect(error.message).toBe(plainValueMessage('tlsSecretName'));
  });

  test('an Alt-Svc max age the implementation does not emit is refused', () => {
    const error = thrownBy(() => new QuicListener('edge', { ...envoyGeneric, altSvc: { maxAgeSeconds: 3600 } }));
    expect(error.message).toBe(
      'altSvc.maxAgeSeconds 3600 cannot be combined with gateway.implementation "envoy-gateway": Envoy Gateway appends alt-svc: h3=":<listener '
        + 'port>"; ma=86400 to every route of an HTTP/3 listener (ma is hard-coded), so clients would receive h3=":443"; ma=86400, not h3=":443"; '
        + 'ma=3600; remove altSvc.maxAgeSeconds (or set it to what the implementation emits)',
    );
  });
});

test('every manifest registered in this file passes the strict upstream validator', () => {
  expect(collector.size).toBe(28);
  collector.expectStrictlyValid();
});
