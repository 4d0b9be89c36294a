import { parse } from 'yaml';
import { renderArtifact } from '../../lib/core/artifacts';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import { ArtifactTool, type KubeManifest } from '../../lib/core/types';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const BASE: QuicListenerOptions = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio',
  tlsSecretName: 'shop-cert',
};

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

// gateways.md §1 "Classic API": Gateway server protocol HTTPS (not TLS), tls SIMPLE + credentialName; §1 Mechanism:
// a Service selecting the gateway pods with a UDP port of the same number; §0.2 both ports in the initial object
describe('istio (classic API)', () => {
  test('Gateway, VirtualService and the gateway Service, exactly', () => {
    const result = listener();
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([
      ['gateway', true],
      ['virtual-service', false],
      ['service', false],
    ]);
    expect(byRole(result, 'gateway')).toStrictEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts: ['shop.example.org'],
            tls: { mode: 'SIMPLE', credentialName: 'shop-cert' },
          },
        ],
      },
    });
    expect(byRole(result, 'virtual-service')).toStrictEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        hosts: ['shop.example.org'],
        gateways: ['default/shop'],
        http: [{ route: [{ destination: { host: 'shop.default.svc.cluster.local', port: { number: 8080 } } }] }],
      },
    });
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop', namespace: 'istio-system', labels: LABELS },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { istio: 'ingressgateway' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    expect(result.serviceNames).toEqual(['shop']);
    expect(result.tlsSecretNamespace).toBe('istio-system');
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
  });

  test('gateway options: namespace, selector, targetPort and several hostnames', () => {
    const result = listener({
      namespace: 'web',
      hostnames: ['shop.example.org', 'www.example.org'],
      port: 8443,
      backend: { service: 'store', port: 80, namespace: 'apps' },
      gateway: { implementation: 'istio', namespace: 'istio-ingress', selector: { app: 'edge-gw' }, targetPort: 9443, version: '1.12' },
    });
    const gateway = byRole(result, 'gateway');
    expect(gateway.metadata).toEqual({ name: 'shop', namespace: 'web', labels: LABELS });
    expect(gateway.spec).toStrictEqual({
      selector: { app: 'edge-gw' },
      servers: [
        {
          port: { number: 8443, name: 'https', protocol: 'HTTPS' },
          hosts: ['shop.example.org', 'www.example.org'],
          tls: { mode: 'SIMPLE', credentialName: 'shop-cert' },
        },
      ],
    });
    // the backend in another namespace: the VirtualService names it by FQDN (no ReferenceGrant in the Istio API)
    expect(byRole(result, 'virtual-service').spec).toStrictEqual({
      hosts: ['shop.example.org', 'www.example.org'],
      gateways: ['web/shop'],
      http: [{ route: [{ destination: { host: 'store.apps.svc.cluster.local', port: { number: 80 } } }] }],
    });
    const service = byRole(result, 'service');
    expect(service.metadata.namespace).toBe('istio-ingress');
    expect(service.spec).toStrictEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: { app: 'edge-gw' },
      ports: [
        { name: 'https', port: 8443, targetPort: 9443, protocol: 'TCP' },
        { name: 'http3', port: 8443, targetPort: 9443, protocol: 'UDP' },
      ],
    });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'virtual-service', 'service']);
    expect(result.tlsSecretNamespace).toBe('istio-ingress');
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
  });

  test('the provider shapes the gateway Service (metallb two-services in the istio namespace)', () => {
    const result = listener({ provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'virtual-service', 'service-tcp', 'service-udp']);
    // only the gateway object is the primary resource of a listener
    expect(result.resources.filter((r) => r.primary).map((r) => r.role)).toEqual(['gateway']);
    expect(result.serviceNames).toEqual(['shop-tcp', 'shop-udp']);
    const annotations = { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'shop' };
    expect(byRole(result, 'service-tcp').metadata).toStrictEqual({ name: 'shop-tcp', namespace: 'istio-system', labels: LABELS, annotations });
    expect(byRole(result, 'service-udp').metadata).toStrictEqual({ name: 'shop-udp', namespace: 'istio-system', labels: LABELS, annotations });
    expect((byRole(result, 'service-udp').spec as { ports: object[] }).ports).toStrictEqual([
      { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
    ]);
  });

  test('the three artifacts, exactly (PILOT_ENABLE_QUIC_LISTENERS is the string "true")', () => {
    const result = listener({ gateway: { implementation: 'istio', namespace: 'istio-ingress', ingressGatewayName: 'edge-gateway' } });
    expect(result.artifacts.map((a) => [a.fileName, a.tool])).toEqual([
      ['shop.istio-operator.yaml', ArtifactTool.ISTIOCTL],
      ['shop.istiod-values.yaml', ArtifactTool.HELM],
      ['shop.istio-gateway-values.yaml', ArtifactTool.HELM],
    ]);
    expect(result.artifacts.map(renderArtifact)).toEqual([
      [
        '# apply with: istioctl install -f <this file> (merge into your IstioOperator overlay): turns QUIC listeners on ' +
          'and stops the default ingress gateway Service from being a second load balancer',
        'apiVersion: install.istio.io/v1alpha1',
        'kind: IstioOperator',
        'spec:',
        '  values:',
        '    pilot:',
        '      env:',
        '        PILOT_ENABLE_QUIC_LISTENERS: "true"',
        '  components:',
        '    ingressGateways:',
        '      - name: edge-gateway',
        '        namespace: istio-ingress',
        '        enabled: true',
        '        k8s:',
        '          service:',
        '            type: ClusterIP',
        '',
      ].join('\n'),
      [
        '# apply with: helm upgrade istiod istio/istiod -n istio-system --reuse-values -f <this file> ' +
          '(istiod restarts with PILOT_ENABLE_QUIC_LISTENERS)',
        'pilot:',
        '  env:',
        '    PILOT_ENABLE_QUIC_LISTENERS: "true"',
        '',
      ].join('\n'),
      [
        '# apply with: helm upgrade <release> istio/gateway -n istio-ingress --reuse-values -f <this file> ' +
          "(kube-http3's Service replaces the chart's)",
        'service:',
        '  type: None',
        '',
      ].join('\n'),
    ]);
    // parsed back, the env value is a string, not a YAML boolean (gateways.md §1: "quote it")
    expect(parse(result.artifacts[0].content).spec.values.pilot.env).toStrictEqual({ PILOT_ENABLE_QUIC_LISTENERS: 'true' });
    expect(parse(result.artifacts[1].content)).toStrictEqual({ pilot: { env: { PILOT_ENABLE_QUIC_LISTENERS: 'true' } } });
  });

  test('report: who terminates QUIC, TCP fallback and the istiod setting', () => {
    const { report } = listener();
    expect(report.quicTerminatedBy).toBe('the Istio ingress gateway pods (Envoy) in istio-system, selected by {"istio":"ingressgateway"}');
    expect(report.tcpFallback).toEqual({
      status: FindingStatus.YES,
      detail: 'the same server keeps serving HTTP/1.1 and HTTP/2 over TLS on 443/TCP',
    });
    expect(report.notes.map((n) => [n.severity, n.topic])).toEqual([
      [NoteSeverity.WARNING, 'apply-server-side'],
      [NoteSeverity.WARNING, 'istio-quic-setting'],
      [NoteSeverity.WARNING, 'istio-single-load-balancer'],
    ]);
    expect(report.notes[1].message).toBe(
      'QUIC listeners appear only after istiod runs with PILOT_ENABLE_QUIC_LISTENERS="true" ' +
        '(apply the istioctl overlay or the istiod Helm values); ' +
        'the setting is experimental and applies to every gateway in the mesh that has a matching UDP port',
    );
  });

  // gateways.md §1 Pitfalls: QUIC never enforces client certificates; Eligibility: passthrough servers get no QUIC listener
  const MTLS =
    'cannot be enforced over HTTP/3: istiod builds QUIC listeners with RequireClientCertificate=false (envoyproxy/envoy #23809), ' +
    'so a client without a certificate would reach the server over QUIC; use tlsMode "SIMPLE" with HTTP/3, or serve this host without HTTP/3';
  const PASSTHROUGH =
    'cannot serve HTTP/3: Istio generates QUIC listeners only for servers that terminate TLS, never for passthrough; ' +
    'use tlsMode "SIMPLE" so the gateway terminates TLS, or let the backend terminate QUIC itself';
  test.each<[string, string]>([
    ['MUTUAL', MTLS],
    ['OPTIONAL_MUTUAL', MTLS],
    ['ISTIO_MUTUAL', MTLS],
    ['PASSTHROUGH', PASSTHROUGH],
    ['AUTO_PASSTHROUGH', PASSTHROUGH],
  ])('tlsMode %s is refused', (tlsMode, reason) => {
    const error = errorOf(() => listener({ gateway: { implementation: 'istio', tlsMode } }));
    expect(error.prop).toBe('gateway.tlsMode');
    expect(error.value).toBe(tlsMode);
    expect(error.message).toBe(`gateway.tlsMode "${tlsMode}" ${reason}`);
  });

  test('tlsMode SIMPLE given explicitly is the default shape', () => {
    const result = listener({ gateway: { implementation: 'istio', tlsMode: 'SIMPLE' } });
    expect((byRole(result, 'gateway').spec as { servers: Array<{ tls: object }> }).servers[0].tls).toStrictEqual({
      mode: 'SIMPLE',
      credentialName: 'shop-cert',
    });
  });

  // gateways.md §1 Maturity: experimental since 1.12 (PR #33817)
  test.each<[string, boolean]>([
    ['1.11', false],
    ['1.11.8', false],
    ['1.12', true],
    ['v1.12.0', true],
    ['1.31', true],
  ])('version %s accepted: %s', (version, accepted) => {
    const run = () => listener({ gateway: { implementation: 'istio', version } });
    if (accepted) {
      expect(run().resources.map((r) => r.role)).toEqual(['gateway', 'virtual-service', 'service']);
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

// gateways.md §2: ClientTrafficPolicy spec.http3 {} targeting the Gateway (sectionName = one listener); HTTPS listener with
// tls Terminate; EnvoyProxy envoyService for the Service shape, attached with Gateway.spec.infrastructure.parametersRef
describe('envoy-gateway', () => {
  const EG = { gateway: 'envoy-gateway' } as const;

  test('Gateway, HTTPRoute and ClientTrafficPolicy, exactly; no EnvoyProxy on the defaults', () => {
    const result = listener(EG);
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([
      ['gateway', true],
      ['route', false],
      ['client-traffic-policy', false],
    ]);
    expect(byRole(result, 'gateway')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        gatewayClassName: 'eg',
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: 'shop.example.org',
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-cert' }] },
          },
        ],
      },
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
    expect(byRole(result, 'client-traffic-policy')).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'ClientTrafficPolicy',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'https' }],
        http3: {},
      },
    });
    // the controller generates the load-balancer Service: kube-http3 creates none
    expect(result.serviceNames).toEqual([]);
    expect(result.artifacts).toEqual([]);
    expect(result.tlsSecretNamespace).toBe('default');
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
  });

  test('several hostnames: no listener hostname, the HTTPRoute selects them', () => {
    const result = listener({ ...EG, hostnames: ['shop.example.org', '*.shop.example.org'], port: 8443 });
    const listeners = (byRole(result, 'gateway').spec as { listeners: object[] }).listeners;
    expect(listeners).toStrictEqual([
      {
        name: 'https',
        protocol: 'HTTPS',
        port: 8443,
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-cert' }] },
      },
    ]);
    expect((byRole(result, 'route').spec as { hostnames: string[] }).hostnames).toEqual(['shop.example.org', '*.shop.example.org']);
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
  });

  test('gatewayClassName is passed through', () => {
    const result = listener({ gateway: { implementation: 'envoy-gateway', gatewayClassName: 'eg-public' } });
    expect((byRole(result, 'gateway').spec as { gatewayClassName: string }).gatewayClassName).toBe('eg-public');
  });

  test('a backend in another namespace gets a ReferenceGrant there', () => {
    const result = listener({ ...EG, namespace: 'edge', backend: { service: 'shop', port: 8080, namespace: 'apps' } });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy', 'reference-grant']);
    expect((byRole(result, 'route').spec as { rules: object[] }).rules).toStrictEqual([
      { backendRefs: [{ group: '', kind: 'Service', name: 'shop', namespace: 'apps', port: 8080 }] },
    ]);
    expect(byRole(result, 'reference-grant')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'shop-edge', namespace: 'apps', labels: LABELS },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }],
        to: [{ group: '', kind: 'Service', name: 'shop' }],
      },
    });
  });

  test('a backend namespace equal to the gateway namespace needs no ReferenceGrant', () => {
    const result = listener({ ...EG, namespace: 'apps', backend: { service: 'shop', port: 8080, namespace: 'apps' } });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy']);
    expect((byRole(result, 'route').spec as { rules: object[] }).rules).toStrictEqual([
      { backendRefs: [{ group: '', kind: 'Service', name: 'shop', port: 8080 }] },
    ]);
  });

  // gateways.md §2 "Customising the generated Service": EnvoyProxy envoyService, externalTrafficPolicy defaults to Local
  const AWS = 'service.beta.kubernetes.io/aws-load-balancer';
  test.each<[string, Partial<QuicListenerOptions>, object | undefined]>([
    ['generic, Local: EG defaults, no EnvoyProxy', { provider: 'generic' }, undefined],
    ['kind: EG defaults, no EnvoyProxy', { provider: 'kind' }, undefined],
    ['metallb without options: EG defaults, no EnvoyProxy', { provider: 'metallb' }, undefined],
    ['generic, Cluster', { provider: 'generic', externalTrafficPolicy: 'Cluster' }, { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' }],
    [
      'generic with a class',
      { provider: { name: 'generic', loadBalancerClass: 'example.com/l4' } },
      { type: 'LoadBalancer', loadBalancerClass: 'example.com/l4', externalTrafficPolicy: 'Local' },
    ],
    [
      'generic with user annotations',
      { provider: { name: 'generic', annotations: { 'example.com/team': 'edge' } } },
      { type: 'LoadBalancer', annotations: { 'example.com/team': 'edge' }, externalTrafficPolicy: 'Local' },
    ],
    [
      'metallb with a pinned address',
      { provider: { name: 'metallb', address: '192.0.2.10' } },
      { type: 'LoadBalancer', annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' }, externalTrafficPolicy: 'Local' },
    ],
    [
      'aws-lbc',
      { provider: { name: 'aws-lbc', scheme: 'internet-facing' } },
      {
        type: 'LoadBalancer',
        annotations: {
          [`${AWS}-type`]: 'external',
          [`${AWS}-nlb-target-type`]: 'ip',
          [`${AWS}-scheme`]: 'internet-facing',
          [`${AWS}-enable-tcp-udp-listener`]: 'true',
        },
        externalTrafficPolicy: 'Local',
      },
    ],
  ])('EnvoyProxy: %s', (_label, options, envoyService) => {
    const result = listener({ ...EG, ...options });
    const gatewaySpec = byRole(result, 'gateway').spec as Record<string, unknown>;
    if (envoyService === undefined) {
      expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy']);
      expect('infrastructure' in gatewaySpec).toBe(false);
      return;
    }
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy', 'envoy-proxy']);
    expect(byRole(result, 'envoy-proxy')).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: { provider: { type: 'Kubernetes', kubernetes: { envoyService } } },
    });
    expect(gatewaySpec.infrastructure).toStrictEqual({ parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'shop' } });
  });

  test('report: the Envoy Gateway proxy terminates QUIC and generates the Service ports', () => {
    const { report } = listener({ ...EG, port: 8443, provider: 'metallb' });
    expect(report.quicTerminatedBy).toBe('the Envoy Gateway proxy pods (Envoy)');
    expect(report.tcpFallback).toEqual({
      status: FindingStatus.YES,
      detail: 'the HTTPS listener keeps serving HTTP/1.1 and HTTP/2 over TLS on 8443/TCP',
    });
    // the provider still reports on the generated Service it shaped (metallb, Local)
    expect(report.clientIp.status).toBe(FindingStatus.YES);
    expect(report.notes).toEqual([
      {
        severity: NoteSeverity.INFO,
        topic: 'envoy-gateway-service',
        message:
          'Envoy Gateway generates the load-balancer Service (in its own namespace) with https-8443 on TCP and https-8443-h3 on UDP, ' +
          'both port 8443',
      },
    ]);
  });

  // gateways.md §2 version table: #5005 (TLS inspector on the QUIC listener) fixed in v1.5.0
  test.each<[string, string[]]>([
    ['1.1.0', ['envoy-gateway-service', 'envoy-gateway-tls-inspector']],
    ['1.4.9', ['envoy-gateway-service', 'envoy-gateway-tls-inspector']],
    ['1.5.0', ['envoy-gateway-service']],
    ['v1.9.0', ['envoy-gateway-service']],
  ])('version %s notes', (version, topics) => {
    const { report } = listener({ gateway: { implementation: 'envoy-gateway', version } });
    expect(report.notes.map((n) => n.topic)).toEqual(topics);
  });

  // gateways.md §2 version table: v1.1.0 fixed Alt-Svc advertising the container port (#2882, #2886)
  test.each<[string, boolean]>([
    ['1.0.2', false],
    ['v1.0.0', false],
    ['1.1', true],
    ['1.1.0', true],
  ])('version %s accepted: %s', (version, accepted) => {
    const run = () => listener({ gateway: { implementation: 'envoy-gateway', version } });
    if (accepted) {
      expect(run().resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy']);
      return;
    }
    const error = errorOf(run);
    expect(error.prop).toBe('gateway.version');
    expect(error.message).toBe(
      `gateway.version ${JSON.stringify(version)} advertises the wrong port: before v1.1.0 Envoy Gateway put the container port (10443) ` +
        'into Alt-Svc (envoyproxy/gateway #2882), so browsers never reach HTTP/3; upgrade Envoy Gateway to v1.1.0 or later',
    );
  });

  // gateways.md §2 Pitfalls: http3 + proxyProtocol breaks HTTP/3 (#9798); §0.4 no PROXY protocol over UDP
  test('proxyProtocol is refused', () => {
    const error = errorOf(() => listener({ gateway: { implementation: 'envoy-gateway', proxyProtocol: true } }));
    expect(error.prop).toBe('gateway.proxyProtocol');
    expect(error.message).toBe(
      'gateway.proxyProtocol true breaks HTTP/3: Envoy has no PROXY protocol listener filter for UDP and NACKs the QUIC listener, ' +
        'while TCP keeps working and keeps advertising h3 (envoyproxy/gateway #9798); ' +
        'turn proxyProtocol off and keep the client IP with externalTrafficPolicy "Local" on a pass-through load balancer',
    );
  });

  test('proxyProtocol false is accepted and changes nothing', () => {
    const result = listener({ gateway: { implementation: 'envoy-gateway', proxyProtocol: false } });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'client-traffic-policy']);
  });

  // gateways.md §2: Envoy Gateway generates one mixed Service per Gateway
  test('two Services are refused', () => {
    const error = errorOf(() => listener({ ...EG, provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toBe(
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": ' +
        'Envoy Gateway generates exactly one Service per Gateway, with the TCP and the UDP port together; ' +
        'use mixedProtocol "single-service" on a provider that carries one mixed Service',
    );
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
