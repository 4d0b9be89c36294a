/**
 * `istio-gateway-api`: the listener, route, Service and Alt-Svc shapes against gateways.md §1 "Gateway API mode" and
 * the Istio source behind it (istio/istio@86c9f01: pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go,
 * manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml, gatewaycommon/gateway_utils.go; 1.30.0:
 * pilot/pkg/model/push_context.go, pilot/pkg/xds/sds.go, manifests/charts/gateway). Istio >= 1.31 deploys the gateway
 * itself and adds the `<listener>-quic` UDP port; Istio <= 1.30 gets the manual deployment (kube-http3's Service, one
 * Hostname address).
 */
import { parse } from 'yaml';
import { renderArtifact } from '../../lib/core/artifacts';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway } from '../../lib/core/http3-gateway';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import { ArtifactTool, type KubeManifest } from '../../lib/core/types';
import { istioGatewayApi } from '../../lib/gateways/istio-gateway-api';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const BASE: QuicListenerOptions = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio-gateway-api',
  tlsSecretName: 'shop-cert',
};

/** Istio 1.30 in the namespace of the istio/gateway chart (the manual deployment's defaults agree) */
const MANUAL: Partial<QuicListenerOptions> = { namespace: 'istio-ingress', gateway: { implementation: 'istio-gateway-api', version: '1.30' } };

/** synthesize a QUIC listener over BASE and collect its manifests */
function listener(options: Partial<QuicListenerOptions> | Record<string, unknown> = {}) {
  const result = synthesizeQuicListener({ ...BASE, ...options } as QuicListenerOptions);
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

const LABELS = { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' };
const LISTENER = {
  name: 'https',
  protocol: 'HTTPS',
  port: 443,
  hostname: 'shop.example.org',
  tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-cert' }] },
};
const PARAMETERS_REF = { group: '', kind: 'ConfigMap', name: 'shop-istio-parameters' };

/** the ConfigMap overlaying the generated Service */
function parametersConfigMap(namespace: string, service: string): KubeManifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'shop-istio-parameters', namespace, labels: LABELS },
    data: { service },
  };
}

const ISTIOD_ARTIFACTS = [
  [
    '# apply with: istioctl install -f <this file> (merge into your IstioOperator overlay): turns QUIC listeners on',
    'apiVersion: install.istio.io/v1alpha1',
    'kind: IstioOperator',
    'spec:',
    '  values:',
    '    pilot:',
    '      env:',
    '        PILOT_ENABLE_QUIC_LISTENERS: "true"',
    '',
  ].join('\n'),
  [
    '# apply with: helm upgrade istiod istio/istiod -n istio-system --reuse-values -f <this file> (istiod restarts with PILOT_ENABLE_QUIC_LISTENERS)',
    'pilot:',
    '  env:',
    '    PILOT_ENABLE_QUIC_LISTENERS: "true"',
    '',
  ].join('\n'),
];

const QUIC_SETTING_AUTOMATED =
  'QUIC listeners appear only after istiod runs with PILOT_ENABLE_QUIC_LISTENERS="true" (apply the istioctl overlay or the istiod Helm values); ' +
  'the setting is experimental and from Istio 1.31 on it also adds a <listener>-quic UDP port to the Service Istio generates for every Gateway ' +
  'with an HTTPS listener, in the whole mesh';

// gateways.md §1 "Gateway API mode", Istio >= 1.31: the generated Service gets `<listener>-quic` (UDP, same port) next to every
// HTTPS listener; kube-gateway.yaml renders no externalTrafficPolicy, so kube-http3's default Local goes through the overlay
describe('Istio >= 1.31: Istio deploys the gateway', () => {
  test('Gateway, HTTPRoute and the Service overlay ConfigMap, exactly; the default version is 1.31', () => {
    const result = listener();
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([
      ['gateway', true],
      ['route', false],
      ['gateway-parameters', false],
    ]);
    expect(byRole(result, 'gateway')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: { gatewayClassName: 'istio', infrastructure: { parametersRef: PARAMETERS_REF }, listeners: [LISTENER] },
    });
    expect(byRole(result, 'route')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'https' }],
        hostnames: ['shop.example.org'],
        rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'shop', port: 8080 }] }],
      },
    });
    expect(byRole(result, 'gateway-parameters')).toStrictEqual(parametersConfigMap('default', 'spec:\n  externalTrafficPolicy: Local\n'));
    // Istio creates the load-balancer Service: kube-http3 creates none
    expect(result.serviceNames).toEqual([]);
    expect(result.tlsSecretNamespace).toBe('default');
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.artifacts.map((a) => [a.fileName, a.tool])).toEqual([
      ['shop.istio-operator.yaml', ArtifactTool.ISTIOCTL],
      ['shop.istiod-values.yaml', ArtifactTool.HELM],
    ]);
    expect(result.artifacts.map(renderArtifact)).toEqual(ISTIOD_ARTIFACTS);
    // gateways.md §1: the env value is the string "true"
    expect(parse(result.artifacts[1].content)).toStrictEqual({ pilot: { env: { PILOT_ENABLE_QUIC_LISTENERS: 'true' } } });
  });

  test('the istiod artifacts are the ones of the classic istio implementation (one shared function)', () => {
    const classic = listener({ gateway: 'istio' });
    const gatewayApi = listener();
    expect(gatewayApi.artifacts[1]).toStrictEqual(classic.artifacts[1]);
    expect(parse(gatewayApi.artifacts[0].content).spec.values).toStrictEqual(parse(classic.artifacts[0].content).spec.values);
  });

  // deploymentcontroller.go: spec.infrastructure.annotations become the generated objects' annotations; the ConfigMap
  // `service` overlay is merged into the Service with strategic merge (scalar fields survive)
  const AWS = 'service.beta.kubernetes.io/aws-load-balancer';
  test.each<[string, Partial<QuicListenerOptions>, Record<string, string> | undefined, string | undefined]>([
    ['generic, Local: only the overlay', { provider: 'generic' }, undefined, 'spec:\n  externalTrafficPolicy: Local\n'],
    ['generic, Cluster: Istio\'s defaults, nothing to carry', { provider: 'generic', externalTrafficPolicy: 'Cluster' }, undefined, undefined],
    [
      'generic with a class and Cluster',
      { provider: { name: 'generic', loadBalancerClass: 'example.com/l4' }, externalTrafficPolicy: 'Cluster' },
      undefined,
      'spec:\n  loadBalancerClass: example.com/l4\n  externalTrafficPolicy: Cluster\n',
    ],
    [
      'generic with user annotations',
      { provider: { name: 'generic', annotations: { 'example.com/team': 'edge' } } },
      { 'example.com/team': 'edge' },
      'spec:\n  externalTrafficPolicy: Local\n',
    ],
    ['kind', { provider: 'kind' }, undefined, 'spec:\n  externalTrafficPolicy: Local\n'],
    [
      'metallb with an address, a pool and a class',
      { provider: { name: 'metallb', address: '192.0.2.10', addressPool: 'public', loadBalancerClass: 'metallb.io/public' } },
      { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/address-pool': 'public' },
      'spec:\n  loadBalancerClass: metallb.io/public\n  externalTrafficPolicy: Local\n',
    ],
    [
      'metallb 0.14.8 (older annotation keys)',
      { provider: { name: 'metallb', version: '0.14.8', address: '192.0.2.10' } },
      { 'metallb.universe.tf/loadBalancerIPs': '192.0.2.10' },
      'spec:\n  externalTrafficPolicy: Local\n',
    ],
    [
      'aws-lbc',
      { provider: { name: 'aws-lbc', scheme: 'internet-facing' } },
      {
        [`${AWS}-type`]: 'external',
        [`${AWS}-nlb-target-type`]: 'ip',
        [`${AWS}-scheme`]: 'internet-facing',
        [`${AWS}-enable-tcp-udp-listener`]: 'true',
      },
      'spec:\n  externalTrafficPolicy: Local\n',
    ],
  ])('provider shape: %s', (_label, options, annotations, overlay) => {
    const result = listener(options);
    const infrastructure = {
      ...(annotations ? { annotations } : {}),
      ...(overlay ? { parametersRef: PARAMETERS_REF } : {}),
    };
    expect(byRole(result, 'gateway').spec).toStrictEqual({
      gatewayClassName: 'istio',
      ...(Object.keys(infrastructure).length > 0 ? { infrastructure } : {}),
      listeners: [LISTENER],
    });
    expect(result.resources.map((r) => r.role)).toEqual(overlay ? ['gateway', 'route', 'gateway-parameters'] : ['gateway', 'route']);
    if (overlay) expect(byRole(result, 'gateway-parameters')).toStrictEqual(parametersConfigMap('default', overlay));
    expect(result.serviceNames).toEqual([]);
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
  });

  test('several hostnames, another port, a custom class and a backend in another namespace', () => {
    const result = listener({
      namespace: 'edge',
      hostnames: ['shop.example.org', 'www.shop.example.org'],
      port: 8443,
      backend: { service: 'shop', port: 8080, namespace: 'apps' },
      gateway: { implementation: 'istio-gateway-api', gatewayClassName: 'istio-public', version: 'v1.32.0' },
    });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'reference-grant', 'gateway-parameters']);
    expect(byRole(result, 'gateway').spec).toStrictEqual({
      gatewayClassName: 'istio-public',
      infrastructure: { parametersRef: PARAMETERS_REF },
      listeners: [{ name: 'https', protocol: 'HTTPS', port: 8443, tls: LISTENER.tls }],
    });
    expect((byRole(result, 'route').spec as { hostnames: string[]; rules: object[] })).toStrictEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'https' }],
      hostnames: ['shop.example.org', 'www.shop.example.org'],
      rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'shop', namespace: 'apps', port: 8080 }] }],
    });
    expect(byRole(result, 'reference-grant')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'shop-edge', namespace: 'apps', labels: LABELS },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }],
        to: [{ group: '', kind: 'Service', name: 'shop' }],
      },
    });
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
    expect(result.report.quicTerminatedBy).toBe('the gateway pods (Envoy) Istio deploys for the Gateway: edge/shop-istio-public');
    expect(result.report.notes.find((n) => n.topic === 'istio-generated-service')?.message).toBe(
      'Istio deploys the gateway and generates the LoadBalancer Service edge/shop-istio-public with status-port 15021/TCP, ' +
        'https 8443/TCP and https-quic 8443/UDP (the UDP port only while PILOT_ENABLE_QUIC_LISTENERS is on), and applies it server-side, ' +
        'so both 8443 ports survive updates',
    );
  });

  test('report: who terminates QUIC, TCP fallback, the provider findings and every note', () => {
    const { report } = listener({ provider: { name: 'metallb', address: '192.0.2.10', loadBalancerClass: 'metallb.io/public' } });
    expect(report.quicTerminatedBy).toBe('the gateway pods (Envoy) Istio deploys for the Gateway: default/shop-istio');
    expect(report.tcpFallback).toEqual({
      status: FindingStatus.YES,
      detail: 'the HTTPS listener keeps serving HTTP/1.1 and HTTP/2 over TLS on 443/TCP',
    });
    // the provider reports on the Service Istio generates from its shape (metallb, Local)
    expect(report.clientIp.status).toBe(FindingStatus.YES);
    expect(report.discovery).toEqual({
      status: FindingStatus.YES,
      detail:
        'Alt-Svc h3=":443"; ma=86400 is added by the implementation (istiod adds alt-svc: h3=":<listener port>"; ma=86400 to every route ' +
        'of an HTTPS listener that has a QUIC listener (ma is hard-coded))',
    });
    expect(report.notes).toEqual([
      { severity: NoteSeverity.WARNING, topic: 'istio-quic-setting', message: QUIC_SETTING_AUTOMATED },
      {
        severity: NoteSeverity.INFO,
        topic: 'istio-generated-service',
        message:
          'Istio deploys the gateway and generates the LoadBalancer Service default/shop-istio with status-port 15021/TCP, ' +
          'https 443/TCP and https-quic 443/UDP (the UDP port only while PILOT_ENABLE_QUIC_LISTENERS is on), and applies it server-side, ' +
          'so both 443 ports survive updates',
      },
      {
        severity: NoteSeverity.WARNING,
        topic: 'istio-version',
        message:
          'Istio adds the UDP port only from 1.31 on (istio #60717): on Istio 1.30 or older, set gateway.version so kube-http3 deploys ' +
          'the Service itself, or the generated Service stays TCP-only and HTTP/3 never starts while nothing is logged',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'istio-infrastructure-annotations',
        message:
          "the provider's Service annotations go into the Gateway's spec.infrastructure.annotations: Istio copies them onto every object it " +
          "generates (Service, Deployment and its pods, ServiceAccount), instead of the Gateway's own annotations",
      },
      {
        severity: NoteSeverity.WARNING,
        topic: 'istio-service-overlay',
        message:
          'the ConfigMap shop-istio-parameters (spec.infrastructure.parametersRef) sets loadBalancerClass, externalTrafficPolicy on the generated ' +
          'Service: apply it with the Gateway (Istio deploys nothing for the Gateway while it is missing), and do not edit it to add ports ' +
          '(Istio merges it with strategic merge, which collapses ports that share a number); ' +
          'loadBalancerClass cannot change once the Service exists',
      },
    ]);
  });

  test('without annotations or overlay, only the setting, the Service and the version notes', () => {
    const { report } = listener({ externalTrafficPolicy: 'Cluster' });
    expect(report.notes.map((n) => n.topic)).toEqual(['istio-quic-setting', 'istio-generated-service', 'istio-version']);
  });

  test('the version note only when the version was assumed', () => {
    const { report } = listener({ externalTrafficPolicy: 'Cluster', gateway: { implementation: 'istio-gateway-api', version: '1.31' } });
    expect(report.notes.map((n) => n.topic)).toEqual(['istio-quic-setting', 'istio-generated-service']);
  });

  // gateways.md §1: one generated Service per Gateway (kube-gateway.yaml)
  test('two Services are refused', () => {
    const error = errorOf(() => listener({ provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toBe(
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "istio-gateway-api": ' +
        'from Istio 1.31 on, Istio generates exactly one Service per Gateway (shop-istio), with the TCP and the UDP port together; ' +
        'use mixedProtocol "single-service" on a provider that carries one mixed Service',
    );
  });

  // the setting is mesh-wide and 1.31 adds the -quic port to every HTTPS listener while it is on
  test('withdrawing (altSvc.clear) is refused, by render()', () => {
    const error = errorOf(() => listener({ altSvc: { clear: true } }));
    expect(error.prop).toBe('altSvc.clear');
    expect(error.value).toBe(true);
    expect(error.message).toBe(
      'altSvc.clear true cannot be combined with gateway.version "1.31": HTTP/3 cannot be withdrawn from one Gateway Istio deploys: ' +
        'PILOT_ENABLE_QUIC_LISTENERS is mesh-wide, and while it is on Istio 1.31 adds the <listener>-quic UDP port to the generated Service ' +
        'of every Gateway with an HTTPS listener and appends alt-svc: h3 to its routes, so neither the QUIC listener nor the advertisement ' +
        'can be turned off here (and an alt-svc: clear header would only be sent next to h3); remove altSvc.clear; to withdraw HTTP/3, ' +
        'set PILOT_ENABLE_QUIC_LISTENERS to "false" in istiod (every Gateway in the mesh loses HTTP/3 and istiod stops advertising it), ' +
        'and keep serving HTTPS on TCP until the cached max age of 86400 s has run out',
    );
  });

  test.each<[string, unknown]>([
    ['namespace', 'istio-ingress'],
    ['selector', { istio: 'ingressgateway' }],
    ['targetPort', 443],
  ])('the manual deployment field %s is refused', (field, value) => {
    const error = errorOf(() => listener({ gateway: { implementation: 'istio-gateway-api', version: '1.31.0', [field]: value } }));
    expect(error.prop).toBe(`gateway.${field}`);
    expect(error.message).toBe(
      `gateway.${field} ${JSON.stringify(value)} cannot be combined with gateway.version "1.31.0": from Istio 1.31 on, Istio deploys the ` +
        "gateway pods and their Service itself, in the Gateway's namespace; " +
        `remove gateway.${field} (it describes the istio/gateway chart pods of the manual deployment kube-http3 uses for Istio 1.30 and older)`,
    );
  });

  test('a name too long for the Service Istio generates is refused', () => {
    const name = `s${'x'.repeat(57)}`;
    const error = errorOf(() => listener({ name }));
    expect(error.prop).toBe('name');
    expect(error.message).toBe(
      `name must be a name that leaves room for Istio's generated Service name "<name>-istio" (a DNS-1035 label of at most 63 characters), ` +
        `got ${JSON.stringify(name)}; Istio would generate ${JSON.stringify(`${name}-istio`)}; shorten the name`,
    );
    // 57 characters fit
    expect(listener({ name: name.slice(0, 57) }).resources[0].manifest.metadata.name).toHaveLength(57);
  });

  test('a gatewayClassName with dots cannot name a Service', () => {
    const error = errorOf(() => listener({ gateway: { implementation: 'istio-gateway-api', gatewayClassName: 'istio.public' } }));
    expect(error.message).toBe(
      'name must be a name that leaves room for Istio\'s generated Service name "<name>-istio.public" (a DNS-1035 label of at most 63 characters), ' +
        'got "shop"; Istio would generate "shop-istio.public"; shorten the name or use a gatewayClassName without dots',
    );
  });

  // Gateway API v1.6.1 CRD: spec.infrastructure.annotations has maxProperties 16 and values of at most 4096 characters;
  // deploymentcontroller.go translateInfraMeta drops gateway.networking.k8s.io/ keys, kube-gateway.yaml omits four keys
  test('more than 16 annotations are refused', () => {
    const annotations = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`example.com/a${i}`, 'x']));
    const error = errorOf(() => listener({ provider: { name: 'generic', annotations } }));
    expect(error.prop).toBe('provider.annotations');
    expect(error.message).toBe(
      `provider.annotations ${JSON.stringify(annotations).slice(0, 119)}… would give the Service 17 annotations, but the Gateway's ` +
        'spec.infrastructure.annotations, which carries them to the Service Istio generates, holds at most 16 (Gateway API v1.6.1); ' +
        "remove annotations until the provider's and yours add up to 16",
    );
  });

  test.each<[string, string]>([
    ['gateway.networking.k8s.io/owner', 'drops infrastructure annotations under gateway.networking.k8s.io/'],
    ['gateway.istio.io/name-override', 'leaves this key off the objects it generates'],
    ['kubectl.kubernetes.io/last-applied-configuration', 'leaves this key off the objects it generates'],
  ])('the annotation %s is refused', (key, reason) => {
    const error = errorOf(() => listener({ provider: { name: 'generic', annotations: { [key]: 'x' } } }));
    expect(error.prop).toBe(`provider.annotations[${JSON.stringify(key)}]`);
    expect(error.message).toBe(
      `provider.annotations[${JSON.stringify(key)}] "x" cannot reach the Service Istio generates: Istio ${reason}; remove it`,
    );
  });

  test('an annotation value longer than 4096 characters is refused', () => {
    const value = 'v'.repeat(4097);
    const error = errorOf(() => listener({ provider: { name: 'generic', annotations: { 'example.com/long': value } } }));
    expect(error.prop).toBe('provider.annotations["example.com/long"]');
    expect(error.message).toBe(
      `provider.annotations["example.com/long"] "${'v'.repeat(118)}… is 4097 characters long, but a Gateway infrastructure annotation ` +
        'holds at most 4096 (Gateway API v1.6.1); shorten it',
    );
  });
});

// gateways.md §1 "Gateway API mode", Istio <= 1.30: manual deployment, exactly one Hostname address naming a Service with both ports
describe('Istio <= 1.30: manual deployment', () => {
  const SERVICE = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop', namespace: 'istio-ingress', labels: LABELS },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: { istio: 'ingressgateway' },
      ports: [
        { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
        { name: 'http3', port: 443, targetPort: 443, protocol: 'UDP' },
      ],
    },
  };

  test('Gateway with one Hostname address, HTTPRoute and kube-http3\'s Service, exactly; the three artifacts', () => {
    const result = listener(MANUAL);
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([
      ['gateway', true],
      ['route', false],
      ['service', false],
    ]);
    expect(byRole(result, 'gateway')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop', namespace: 'istio-ingress', labels: LABELS },
      spec: {
        gatewayClassName: 'istio',
        addresses: [{ type: 'Hostname', value: 'shop.istio-ingress.svc.cluster.local' }],
        listeners: [LISTENER],
      },
    });
    expect(byRole(result, 'route')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'shop', namespace: 'istio-ingress', labels: LABELS },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'https' }],
        hostnames: ['shop.example.org'],
        rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'shop', port: 8080 }] }],
      },
    });
    expect(byRole(result, 'service')).toStrictEqual(SERVICE);
    expect(result.serviceNames).toEqual(['shop']);
    expect(result.tlsSecretNamespace).toBe('istio-ingress');
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.artifacts.map((a) => [a.fileName, a.tool])).toEqual([
      ['shop.istio-operator.yaml', ArtifactTool.ISTIOCTL],
      ['shop.istiod-values.yaml', ArtifactTool.HELM],
      ['shop.istio-gateway-values.yaml', ArtifactTool.HELM],
    ]);
    expect(result.artifacts.map(renderArtifact)).toEqual([
      ...ISTIOD_ARTIFACTS,
      [
        '# apply with: helm upgrade --install <release> istio/gateway -n istio-ingress --reuse-values -f <this file> ' +
          "(kube-http3's Service replaces the chart's)",
        'service:',
        '  type: None',
        '',
      ].join('\n'),
    ]);
  });

  test('pods options: namespace, selector and targetPort; another port', () => {
    const result = listener({
      namespace: 'edge',
      port: 8443,
      backend: { service: 'shop', port: 8080, namespace: 'edge' },
      gateway: { implementation: 'istio-gateway-api', version: '1.29.2', namespace: 'edge', selector: { app: 'edge-gw' }, targetPort: 9443 },
    });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'service']);
    expect(byRole(result, 'gateway').spec).toStrictEqual({
      gatewayClassName: 'istio',
      addresses: [{ type: 'Hostname', value: 'shop.edge.svc.cluster.local' }],
      listeners: [{ ...LISTENER, port: 8443 }],
    });
    expect(byRole(result, 'service').spec).toStrictEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: { app: 'edge-gw' },
      ports: [
        { name: 'https', port: 8443, targetPort: 9443, protocol: 'TCP' },
        { name: 'http3', port: 8443, targetPort: 9443, protocol: 'UDP' },
      ],
    });
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
    expect(result.report.quicTerminatedBy).toBe('the istio/gateway chart pods (Envoy) in edge, selected by {"app":"edge-gw"}');
  });

  // model/push_context.go mergeGateways (Service in the Gateway's namespace), model/gateway.go + xds/sds.go (Secret served only
  // to gateway pods in the Gateway's namespace)
  test('gateway pods in another namespace than the Gateway are refused', () => {
    const error = errorOf(() => listener({ gateway: { implementation: 'istio-gateway-api', version: '1.30' } }));
    expect(error.prop).toBe('gateway.namespace');
    expect(error.value).toBe('istio-ingress');
    expect(error.message).toBe(
      'gateway.namespace "istio-ingress" cannot be combined with namespace "default": with a manually deployed gateway, istiod binds the ' +
        'Gateway only to a Service in its own namespace and serves the TLS Secret only to gateway pods in that namespace (Istio 1.30 ' +
        'pilot/pkg/model/push_context.go mergeGateways, pilot/pkg/xds/sds.go), so the Gateway, its Secret, kube-http3\'s Service and the ' +
        'istio/gateway chart pods share one namespace; set namespace to "istio-ingress", or install the istio/gateway chart in "default" ' +
        'and set gateway.namespace to it',
    );
  });

  const AWS = 'service.beta.kubernetes.io/aws-load-balancer';
  test.each<[string, Partial<QuicListenerOptions>, Record<string, string> | undefined, string | undefined]>([
    ['generic', { provider: 'generic' }, undefined, undefined],
    ['kind', { provider: 'kind' }, undefined, undefined],
    ['metallb single', { provider: { name: 'metallb', address: '192.0.2.10' } }, { 'metallb.io/loadBalancerIPs': '192.0.2.10' }, undefined],
    ['generic with a class', { provider: { name: 'generic', loadBalancerClass: 'example.com/l4' } }, undefined, 'example.com/l4'],
    [
      'aws-lbc',
      { provider: { name: 'aws-lbc', scheme: 'internal', targetType: 'instance' } },
      {
        [`${AWS}-type`]: 'external',
        [`${AWS}-nlb-target-type`]: 'instance',
        [`${AWS}-scheme`]: 'internal',
        [`${AWS}-enable-tcp-udp-listener`]: 'true',
      },
      undefined,
    ],
  ])('provider shape on kube-http3\'s Service: %s', (_label, options, annotations, loadBalancerClass) => {
    const result = listener({ ...MANUAL, ...options });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'service']);
    expect(byRole(result, 'service')).toStrictEqual({
      ...SERVICE,
      metadata: { ...SERVICE.metadata, ...(annotations ? { annotations } : {}) },
      spec: { ...SERVICE.spec, ...(loadBalancerClass ? { loadBalancerClass } : {}) },
    });
    // the Gateway carries no infrastructure: Istio deploys nothing
    expect('infrastructure' in (byRole(result, 'gateway').spec as object)).toBe(false);
  });

  test('two Services are refused: the Gateway names exactly one', () => {
    const error = errorOf(() => listener({ ...MANUAL, provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toBe(
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "istio-gateway-api": the Gateway reaches its ' +
        'pods through exactly one Service (one Hostname address in spec.addresses: Istio does not support several), so that Service must ' +
        'carry the TCP and the UDP port together; use mixedProtocol "single-service" on a provider that carries one mixed Service',
    );
  });

  test('report: the chart pods, the setting and the manual deployment', () => {
    const { report } = listener(MANUAL);
    expect(report.quicTerminatedBy).toBe('the istio/gateway chart pods (Envoy) in istio-ingress, selected by {"istio":"ingressgateway"}');
    expect(report.tcpFallback).toEqual({
      status: FindingStatus.YES,
      detail: 'the HTTPS listener keeps serving HTTP/1.1 and HTTP/2 over TLS on 443/TCP',
    });
    expect(report.notes).toEqual([
      {
        severity: NoteSeverity.WARNING,
        topic: 'apply-server-side',
        message:
          'apply the Service with kubectl apply --server-side (or kubectl replace): client-side kubectl apply, Helm upgrades and kustomize ' +
          'strategic-merge patches merge Service ports by number and silently drop one of 443/TCP and 443/UDP',
      },
      {
        severity: NoteSeverity.WARNING,
        topic: 'istio-quic-setting',
        message:
          'QUIC listeners appear only after istiod runs with PILOT_ENABLE_QUIC_LISTENERS="true" (apply the istioctl overlay or the istiod ' +
          "Helm values); the setting is experimental and it applies to every gateway in the mesh whose Service has a UDP port with an HTTPS " +
          "listener's number (443 here)",
      },
      {
        severity: NoteSeverity.WARNING,
        topic: 'istio-manual-deployment',
        message:
          "Istio 1.30 generates a TCP-only Service for a Gateway it deploys (istio #58247), so the Gateway uses kube-http3's Service " +
          'istio-ingress/shop (spec.addresses Hostname shop.istio-ingress.svc.cluster.local) and Istio deploys nothing: install the ' +
          'istio/gateway chart in istio-ingress with the Helm values artifact (its own Service turned off) so that its pods carry ' +
          '{"istio":"ingressgateway"}, and keep the Gateway listener and the Service ports in step yourself',
      },
    ]);
  });

  // gateways.md §0 "Manual Alt-Svc with standard Gateway API": HTTPRoute ResponseHeaderModifier; the UDP port goes (QUIC off)
  test('withdrawing: TCP-only Service and alt-svc: clear on the HTTPRoute', () => {
    const result = listener({ ...MANUAL, altSvc: { clear: true } });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'service']);
    expect((byRole(result, 'service').spec as { ports: object[] }).ports).toStrictEqual([
      { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
    ]);
    expect((byRole(result, 'route').spec as { rules: object[] }).rules).toStrictEqual([
      {
        filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'clear' }] } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'shop', port: 8080 }],
      },
    ]);
    // the Gateway still names the Service, which keeps serving HTTPS
    expect((byRole(result, 'gateway').spec as { addresses: object[] }).addresses).toStrictEqual([
      { type: 'Hostname', value: 'shop.istio-ingress.svc.cluster.local' },
    ]);
    expect(result.altSvcValue).toBe('clear');
    expect(result.report.quicTerminatedBy).toBe('nobody: HTTP/3 is off while it is withdrawn (altSvc.clear)');
    expect(result.report.discovery.status).toBe(FindingStatus.NO);
    expect(result.report.notes.map((n) => n.topic)).toEqual(['istio-quic-setting', 'istio-manual-deployment']);
  });

  test.each<[string, boolean]>([
    ['1.11', false],
    ['1.11.9', false],
    ['1.12', true],
    ['1.30', true],
    ['1.30.3', true],
    ['v1.30.0', true],
  ])('version %s accepted: %s', (version, accepted) => {
    const run = () => listener({ ...MANUAL, gateway: { implementation: 'istio-gateway-api', version } });
    if (accepted) {
      expect(run().resources.map((r) => r.role)).toEqual(['gateway', 'route', 'service']);
      return;
    }
    const error = errorOf(run);
    expect(error.prop).toBe('gateway.version');
    expect(error.message).toBe(
      `gateway.version ${JSON.stringify(version)} has no QUIC listeners: PILOT_ENABLE_QUIC_LISTENERS arrived in Istio 1.12 (istio #33817); ` +
        'upgrade Istio to 1.12 or later',
    );
  });
});

describe('the version decides the deployment', () => {
  test.each<[string, string[]]>([
    ['1.30.9', ['gateway', 'route', 'service']],
    ['1.31', ['gateway', 'route', 'gateway-parameters']],
    ['1.31.0', ['gateway', 'route', 'gateway-parameters']],
    ['2.0', ['gateway', 'route', 'gateway-parameters']],
  ])('%s', (version, roles) => {
    const result = listener({ namespace: 'istio-ingress', gateway: { implementation: 'istio-gateway-api', version } });
    expect(result.resources.map((r) => r.role)).toEqual(roles);
    expect(istioGatewayApi.serviceOwner(istioGatewayApi.parse({ version }, 'gateway'))).toBe(roles.includes('service') ? 'kube-http3' : 'controller');
  });

  test('bad options', () => {
    expect(errorOf(() => listener({ gateway: { implementation: 'istio-gateway-api', version: 'latest' } })).message).toBe(
      'gateway.version must be a version such as "1.30" or "0.14.9", got "latest"',
    );
    expect(errorOf(() => listener({ gateway: { implementation: 'istio-gateway-api', gatewayClassName: 'Istio' } })).message).toBe(
      'gateway.gatewayClassName must be a DNS-1123 subdomain (lowercase dot-separated labels, at most 253 characters), got "Istio"',
    );
    expect(errorOf(() => listener({ ...MANUAL, gateway: { implementation: 'istio-gateway-api', version: '1.30', targetPort: 0 } })).message).toBe(
      'gateway.targetPort must be an integer between 1 and 65535, got 0',
    );
    expect(errorOf(() => listener({ gateway: { implementation: 'istio-gateway-api', tlsMode: 'SIMPLE' } })).message).toBe(
      'gateway.tlsMode is not a known field (got "SIMPLE"); the fields of gateway are: ' +
        'gatewayClassName, implementation, namespace, selector, targetPort, version',
    );
  });
});

// gateways.md §1 Mechanism: ma is hard-coded to 86400, Alt-Svc is always advertised
describe('Alt-Svc', () => {
  test('a max age Istio does not emit is refused', () => {
    const error = errorOf(() => listener({ altSvc: { maxAgeSeconds: 3600 } }));
    expect(error.message).toBe(
      'altSvc.maxAgeSeconds 3600 cannot be combined with gateway.implementation "istio-gateway-api": istiod adds alt-svc: ' +
        'h3=":<listener port>"; ma=86400 to every route of an HTTPS listener that has a QUIC listener (ma is hard-coded), so clients would ' +
        'receive h3=":443"; ma=86400, not h3=":443"; ma=3600; remove altSvc.maxAgeSeconds (or set it to what the implementation emits)',
    );
    expect(listener({ altSvc: { maxAgeSeconds: 86400 } }).altSvcValue).toBe('h3=":443"; ma=86400');
  });

  test('altSvc false is refused', () => {
    const error = errorOf(() => listener({ ...MANUAL, altSvc: false }));
    expect(error.prop).toBe('altSvc');
    expect(error.message).toContain('altSvc false cannot be combined with gateway.implementation "istio-gateway-api"');
  });
});

// the DestinationRule shared with the classic implementation; it lives in the gateway pods' namespace in both deployments
describe('session affinity: the shared DestinationRule', () => {
  test.each([
    [{ type: 'header', name: 'x-session-id' } as const, { httpHeaderName: 'x-session-id' }],
    [{ type: 'cookie', name: 'session', ttlSeconds: 600 } as const, { httpCookie: { name: 'session', ttl: '600s' } }],
    [{ type: 'source-ip' } as const, { useSourceIp: true }],
  ])('%j', (sessionAffinity, consistentHash) => {
    for (const options of [{}, MANUAL]) {
      const result = listener({ ...options, backend: { service: 'shop', port: 8080, namespace: 'apps' }, sessionAffinity });
      expect(byRole(result, 'destination-rule')).toStrictEqual({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        // the backend's namespace, where istiod finds it for the gateway pods
        metadata: { name: 'shop', namespace: 'apps', labels: LABELS },
        spec: { host: 'shop.apps.svc.cluster.local', trafficPolicy: { loadBalancer: { consistentHash } } },
      });
      // the same object the classic implementation renders
      const namespace = (options as { namespace?: string }).namespace ?? 'default';
      const classic = listener({ namespace, backend: { service: 'shop', port: 8080, namespace: 'apps' }, gateway: 'istio', sessionAffinity });
      expect(byRole(result, 'destination-rule')).toStrictEqual(byRole(classic, 'destination-rule'));
    }
  });
});

describe('Http3Gateway', () => {
  test('cert-manager issues the Secret in the Gateway\'s namespace, for both deployments', () => {
    for (const [options, namespace] of [[{ namespace: 'web' }, 'web'], [MANUAL, 'istio-ingress']] as const) {
      const { tlsSecretName: _unused, ...listenerProps } = BASE;
      const result = synthesizeHttp3Gateway({
        ...listenerProps,
        ...options,
        tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
      });
      collector.add(result.resources.map((r) => r.manifest));
      const certificate = result.resources.find((r) => r.manifest.kind === 'Certificate')!.manifest;
      expect(certificate.metadata.namespace).toBe(namespace);
      expect(result.tlsSecretName).toBe('shop-tls');
      expect(result.httpsRecords.map((r) => r.text)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    }
  });
});

test('support row and fields', () => {
  expect(istioGatewayApi.tlsKinds(istioGatewayApi.parse({}, 'gateway'))).toEqual(['secret']);
  expect(istioGatewayApi.sessionAffinity).toEqual(['header', 'cookie', 'source-ip']);
  expect(istioGatewayApi.fields).toEqual(['version', 'gatewayClassName', 'namespace', 'selector', 'targetPort']);
  for (const value of Object.values(istioGatewayApi.support)) expect(value.length).toBeGreaterThan(10);
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
