/**
 * Traefik Proxy v3 (gateways.md §3, loadbalancers.md §15): the entryPoint's `http3.advertisedPort` is the client-facing
 * port (else Alt-Svc advertises 8443), rendered as Helm values (`ports.<ep>.http3`, `service.single`, the provider's
 * Service shape) or as static configuration (traefik.yml and CLI flags); routes through IngressRoute or the Gateway
 * API (listener on the entryPoint port); Alt-Svc `h3=":<advertisedPort>"; ma=2592000` from quic-go; withdraw with a
 * Middleware or HTTPRoute filter answering `alt-svc: clear`; sticky cookies and hrw.
 */
import { parse } from 'yaml';
import { synthesizeAltSvcPolicy, AltSvcAttachment } from '../../lib/core/alt-svc-policy';
import { renderArtifact } from '../../lib/core/artifacts';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway } from '../../lib/core/http3-gateway';
import { placeholder } from '../../lib/core/placeholders';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import { ArtifactTool, type KubeManifest } from '../../lib/core/types';
import { traefikGateway } from '../../lib/gateways/traefik';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const BASE: QuicListenerOptions = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'traefik',
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

/** the artifact text with the file name */
function artifact(result: ReturnType<typeof listener>, fileName: string): string {
  const found = result.artifacts.find((a) => a.fileName === fileName);
  if (!found) throw new Error(`no artifact ${fileName}: ${result.artifacts.map((a) => a.fileName).join(', ')}`);
  return renderArtifact(found);
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
const AWS = 'service.beta.kubernetes.io/aws-load-balancer';

const HELM_HEADER = '# apply with: helm upgrade --install <release> traefik/traefik --namespace traefik --version 41.3.0 -f <this file> '
  + '(merge into your values; Traefik restarts with the new entryPoint configuration)';

/** the Helm values text for one entryPoint block, service block and providers block (lines, two-space indented from the root) */
function helmValues(lines: readonly string[], header = HELM_HEADER): string {
  return [header, ...lines, ''].join('\n');
}

const WEBSECURE_HTTP3 = [
  'ports:',
  '  websecure:',
  '    port: 8443',
  '    exposedPort: 443',
  '    expose:',
  '      default: true',
  '    protocol: TCP',
  '    http:',
  '      tls:',
  '        enabled: true',
  '    http3:',
  '      enabled: true',
  '      advertisedPort: 443',
];

const CRD_PROVIDER = ['providers:', '  kubernetesCRD:', '    enabled: true'];

describe('support row and plug-in facts', () => {
  test('the README row', () => {
    expect(traefikGateway.title).toBe('Traefik Proxy v3');
    expect(traefikGateway.support).toStrictEqual({
      howEnabled: 'entryPoint `http3.advertisedPort` in the static configuration (`traefik.yml` or `--entryPoints.<ep>.http3.advertisedPort`); '
        + 'Helm: `ports.<ep>.http3.enabled` + `.advertisedPort`; routes through IngressRoute or Gateway API, TLS routers only',
      autoUdpPort: 'Helm chart: yes (`<ep>-http3` UDP; `service.single` true = one mixed Service, false = a separate `-udp` Service); '
        + 'plain manifests: kube-http3 creates the Service',
      autoAltSvc: 'yes: `h3=":<advertisedPort>"; ma=2592000` (kube-http3 sets advertisedPort to the client port)',
      caveats: 'v3 only (the v2 `experimental.http3` form is refused); an unset advertisedPort advertises the entryPoint port (8443); '
        + '`helm upgrade` can drop one of 443/TCP and 443/UDP on a single Service (traefik-helm-chart #982)',
    });
    // Traefik has sticky cookies and hrw (client-IP hashing), no header hashing
    expect(traefikGateway.sessionAffinity).toEqual(['cookie', 'source-ip']);
  });

  // gateways.md §3 Alt-Svc: quic-go generateAltSvcHeader writes ma=2592000
  test('Alt-Svc is automatic with the fixed quic-go max age on the client port', () => {
    const options = traefikGateway.parse({}, 'gateway');
    expect(traefikGateway.altSvc(options, 443)).toStrictEqual({
      kind: 'automatic',
      alternatives: [{ protocolId: 'h3', port: 443, maxAgeSeconds: 2592000 }],
      source: 'Traefik (quic-go) adds alt-svc: h3=":<http3.advertisedPort>"; ma=2592000 to every HTTPS response of an HTTP/3 entryPoint '
        + '(ma is hard-coded in quic-go)',
    });
    expect(traefikGateway.tlsKinds(options)).toEqual(['secret']);
    // advertisedPort is independent of the listen port, and the chart's UDP Service port follows it (loadbalancers.md §15)
    expect(traefikGateway.udpPortMayDiffer).toBe(true);
    expect(traefikGateway.serviceOwner(options)).toBe('controller');
    expect(traefikGateway.serviceOwner(traefikGateway.parse({ install: 'manifests' }, 'gateway'))).toBe('kube-http3');
  });
});

// gateways.md §3 Helm chart and loadbalancers.md §15: the chart creates the Service; values ports.websecure.http3.enabled
// + advertisedPort (the chart passes --...http3.advertisedPort only when set), ports.websecure.http.tls (chart >= 39)
describe('install helm, routing ingressroute', () => {
  test('IngressRoute, no Service, the Helm values, exactly', () => {
    const result = listener();
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([['ingress-route', true]]);
    expect(byRole(result, 'ingress-route')).toStrictEqual({
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        entryPoints: ['websecure'],
        routes: [{ match: 'Host(`shop.example.org`)', kind: 'Rule', services: [{ name: 'shop', port: 8080 }] }],
        tls: { secretName: 'shop-cert' },
      },
    });
    // the chart creates the load-balancer Service: kube-http3 creates none
    expect(result.serviceNames).toEqual([]);
    expect(result.tlsSecretNamespace).toBe('default');
    expect(result.altSvcValue).toBe('h3=":443"; ma=2592000');
    expect(result.artifacts.map((a) => [a.fileName, a.tool])).toEqual([['shop.traefik-values.yaml', ArtifactTool.HELM]]);
    expect(artifact(result, 'shop.traefik-values.yaml')).toBe(helmValues([
      ...WEBSECURE_HTTP3,
      'service:',
      '  single: true',
      '  spec:',
      '    type: LoadBalancer',
      '    externalTrafficPolicy: Local',
      ...CRD_PROVIDER,
    ]));
    // parsed back, the values carry numbers and booleans (the chart's schema types)
    expect(parse(result.artifacts[0].content).ports.websecure.http3).toStrictEqual({ enabled: true, advertisedPort: 443 });
  });

  test('report: Traefik terminates QUIC; the static-config, Service, helm-upgrade, max-age and TLS notes', () => {
    const { report } = listener();
    expect(report.quicTerminatedBy).toBe('the Traefik pods in traefik (entryPoint websecure, 8443/UDP)');
    expect(report.tcpFallback).toStrictEqual({
      status: FindingStatus.YES,
      detail: 'the websecure entryPoint keeps serving HTTP/1.1 and HTTP/2 over TLS on 443/TCP',
    });
    expect(report.discovery).toStrictEqual({
      status: FindingStatus.YES,
      detail: 'Alt-Svc h3=":443"; ma=2592000 is added by the implementation (Traefik (quic-go) adds alt-svc: h3=":<http3.advertisedPort>"; '
        + 'ma=2592000 to every HTTPS response of an HTTP/3 entryPoint (ma is hard-coded in quic-go))',
    });
    expect(report.notes.map((n) => [n.severity, n.topic])).toEqual([
      [NoteSeverity.WARNING, 'traefik-static-config'],
      [NoteSeverity.INFO, 'traefik-service'],
      [NoteSeverity.WARNING, 'traefik-helm-upgrade'],
      [NoteSeverity.INFO, 'traefik-alt-svc-max-age'],
      [NoteSeverity.INFO, 'traefik-tls-routers'],
    ]);
    expect(report.notes.map((n) => n.message)).toEqual([
      'HTTP/3 is static configuration of the websecure entryPoint: it starts only once Traefik runs with the Helm values '
        + '(shop.traefik-values.yaml), which sets http3.advertisedPort=443; left unset, Traefik advertises its entryPoint port (h3=":8443") '
        + 'and HTTP/3 never starts',
      'the chart creates one load-balancer Service <release fullname> in traefik with websecure 443/TCP and websecure-http3 443/UDP '
        + '(service.single: true)',
      "helm upgrade patches the chart's single Service with a strategic merge keyed by port number only, so adding or removing 443/UDP "
        + 'next to 443/TCP can silently drop one of them (traefik-helm-chart #982): use two Services where the provider can share one '
        + 'address (mixedProtocol "two-services" renders service.single: false), or install "manifests" with the chart\'s '
        + "service.enabled: false so kube-http3's Service is applied with kubectl apply --server-side; after every upgrade, check that "
        + 'the Service still lists 443/TCP and 443/UDP',
      'Traefik advertises ma=2592000 (30 days, fixed by quic-go): a client that cached h3 keeps trying it that long; to roll back, '
        + 'withdraw with altSvc: { clear: true }, which turns HTTP/3 off and answers Alt-Svc: clear',
      'only routers with TLS serve HTTP/3: the IngressRoute terminates TLS with the Secret default/shop-cert on the websecure entryPoint',
    ]);
  });

  // loadbalancers.md §15: single: false = <fullname> (TCP) + <fullname>-udp; annotations merged from annotations +
  // annotationsTCP / annotationsUDP; the same service.spec on both
  test.each<[string, Partial<QuicListenerOptions>, readonly string[]]>([
    ['generic', { provider: 'generic' }, ['  single: true', '  spec:', '    type: LoadBalancer', '    externalTrafficPolicy: Local']],
    ['kind', { provider: 'kind' }, ['  single: true', '  spec:', '    type: LoadBalancer', '    externalTrafficPolicy: Local']],
    [
      'generic with a class, annotations and externalTrafficPolicy Cluster',
      {
        provider: { name: 'generic', loadBalancerClass: 'example.com/l4', annotations: { 'example.com/team': 'edge' } },
        externalTrafficPolicy: 'Cluster',
      },
      [
        '  single: true',
        '  annotations:',
        '    example.com/team: "edge"',
        '  spec:',
        '    type: LoadBalancer',
        '    loadBalancerClass: example.com/l4',
        '    externalTrafficPolicy: Cluster',
      ],
    ],
    [
      'metallb single, pinned address',
      { provider: { name: 'metallb', address: '192.0.2.10' } },
      [
        '  single: true',
        '  annotations:',
        '    metallb.io/loadBalancerIPs: "192.0.2.10"',
        '  spec:',
        '    type: LoadBalancer',
        '    externalTrafficPolicy: Local',
      ],
    ],
    [
      'metallb two-services: service.single false, sharing annotations on both Services',
      { provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10', sharingKey: 'edge' } },
      [
        '  single: false',
        '  annotations:',
        '    metallb.io/loadBalancerIPs: "192.0.2.10"',
        '    metallb.io/allow-shared-ip: "edge"',
        '  spec:',
        '    type: LoadBalancer',
        '    externalTrafficPolicy: Local',
      ],
    ],
    [
      'aws-lbc: one Service with the TCP_UDP listener annotation',
      { provider: { name: 'aws-lbc', scheme: 'internet-facing' } },
      [
        '  single: true',
        '  annotations:',
        `    ${AWS}-type: "external"`,
        `    ${AWS}-nlb-target-type: "ip"`,
        `    ${AWS}-scheme: "internet-facing"`,
        `    ${AWS}-enable-tcp-udp-listener: "true"`,
        '  spec:',
        '    type: LoadBalancer',
        '    externalTrafficPolicy: Local',
      ],
    ],
  ])('provider shape in the chart values: %s', (_title, options, serviceLines) => {
    const result = listener(options);
    expect(result.resources.map((r) => r.role)).toEqual(['ingress-route']);
    expect(result.serviceNames).toEqual([]);
    expect(artifact(result, 'shop.traefik-values.yaml')).toBe(helmValues([...WEBSECURE_HTTP3, 'service:', ...serviceLines, ...CRD_PROVIDER]));
  });

  test('two Services: the chart note names <fullname>-udp and there is no helm-upgrade warning', () => {
    const { report } = listener({ provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(report.notes.map((n) => n.topic)).toEqual([
      'metallb-shared-ip',
      'traefik-static-config',
      'traefik-service',
      'traefik-alt-svc-max-age',
      'traefik-tls-routers',
    ]);
    expect(report.notes.find((n) => n.topic === 'traefik-service')!.message).toBe(
      'the chart creates two load-balancer Services in traefik: <release fullname> with websecure 443/TCP and <release fullname>-udp '
        + 'with websecure-http3 443/UDP (service.single: false)',
    );
  });

  test('aws-lbc: the provider findings reach the report', () => {
    const { report } = listener({ provider: { name: 'aws-lbc', scheme: 'internet-facing' } });
    expect(report.clientIp.status).toBe(FindingStatus.YES);
    expect(report.notes.map((n) => n.topic)).toEqual([
      'udp-idle-timeout',
      'aws-lbc-immutable',
      'traefik-static-config',
      'traefik-service',
      'traefik-helm-upgrade',
      'traefik-alt-svc-max-age',
      'traefik-tls-routers',
    ]);
  });

  test('a custom entryPoint, entryPoint port, namespace and client port', () => {
    const result = listener({
      port: 8443,
      gateway: { implementation: 'traefik', entryPoint: 'https', entryPointPort: 9443, namespace: 'edge', advertisedPort: 8443 },
    });
    expect((byRole(result, 'ingress-route').spec as { entryPoints: string[] }).entryPoints).toEqual(['https']);
    expect(result.altSvcValue).toBe('h3=":8443"; ma=2592000');
    expect(artifact(result, 'shop.traefik-values.yaml')).toBe(helmValues(
      [
        'ports:',
        '  https:',
        '    port: 9443',
        '    exposedPort: 8443',
        '    expose:',
        '      default: true',
        '    protocol: TCP',
        '    http:',
        '      tls:',
        '        enabled: true',
        '    http3:',
        '      enabled: true',
        '      advertisedPort: 8443',
        'service:',
        '  single: true',
        '  spec:',
        '    type: LoadBalancer',
        '    externalTrafficPolicy: Local',
        ...CRD_PROVIDER,
      ],
      '# apply with: helm upgrade --install <release> traefik/traefik --namespace edge --version 41.3.0 -f <this file> '
        + '(merge into your values; Traefik restarts with the new entryPoint configuration)',
    ));
    expect(result.report.quicTerminatedBy).toBe('the Traefik pods in edge (entryPoint https, 9443/UDP)');
  });

  // gateways.md §3 Pitfalls: chart v39.0.0 moved ports.<ep>.tls to ports.<ep>.http.tls (traefik-helm-chart 266ff0e4)
  test.each<[string, readonly string[]]>([
    ['38.0.0', ['    tls:', '      enabled: true']],
    ['28.0.0', ['    tls:', '      enabled: true']],
    ['39.0.0', ['    http:', '      tls:', '        enabled: true']],
    ['v41.3.0', ['    http:', '      tls:', '        enabled: true']],
  ])('chartVersion %s: the entryPoint TLS path', (chartVersion, tlsLines) => {
    const result = listener({ gateway: { implementation: 'traefik', chartVersion } });
    const text = artifact(result, 'shop.traefik-values.yaml');
    const version = chartVersion.replace(/^v/, '');
    expect(text).toBe(helmValues(
      [
        ...WEBSECURE_HTTP3.slice(0, 7),
        ...tlsLines,
        ...WEBSECURE_HTTP3.slice(10),
        'service:',
        '  single: true',
        '  spec:',
        '    type: LoadBalancer',
        '    externalTrafficPolicy: Local',
        ...CRD_PROVIDER,
      ],
      `# apply with: helm upgrade --install <release> traefik/traefik --namespace traefik --version ${version} -f <this file> `
        + '(merge into your values; Traefik restarts with the new entryPoint configuration)',
    ));
  });

  test('several hostnames and a one-label wildcard: Host() || HostRegexp()', () => {
    const result = listener({ hostnames: ['shop.example.org', '*.shop.example.org'] });
    expect((byRole(result, 'ingress-route').spec as { routes: Array<{ match: string }> }).routes[0].match).toBe(
      'Host(`shop.example.org`) || HostRegexp(`^[a-z0-9-]+\\.shop\\.example\\.org$`)',
    );
  });

  test('a hostname known only at deployment is matched with Host() and reported', () => {
    const result = listener({ hostnames: [placeholder(0)] });
    expect((byRole(result, 'ingress-route').spec as { routes: Array<{ match: string }> }).routes[0].match).toBe('Host(`{{kube-http3:input:0}}`)');
    expect(result.report.notes.find((n) => n.topic === 'traefik-hostname-input')).toStrictEqual({
      severity: NoteSeverity.INFO,
      topic: 'traefik-hostname-input',
      message: 'hostnames known only at deployment are matched with Host(); a wildcard hostname needs HostRegexp(), '
        + 'so pass wildcard hostnames as plain strings',
    });
  });

  test('a backend in another namespace: services[].namespace and allowCrossNamespace in the values, with a warning', () => {
    const result = listener({ namespace: 'edge', backend: { service: 'shop', port: 8080, namespace: 'apps' } });
    expect((byRole(result, 'ingress-route').spec as { routes: Array<{ services: object[] }> }).routes[0].services).toStrictEqual([
      { name: 'shop', namespace: 'apps', port: 8080 },
    ]);
    expect(artifact(result, 'shop.traefik-values.yaml').endsWith(
      ['providers:', '  kubernetesCRD:', '    enabled: true', '    allowCrossNamespace: true', ''].join('\n'),
    )).toBe(true);
    expect(result.report.notes.find((n) => n.topic === 'traefik-cross-namespace')).toStrictEqual({
      severity: NoteSeverity.WARNING,
      topic: 'traefik-cross-namespace',
      message: 'the IngressRoute in edge routes to the Service apps/shop: Traefik ignores such references unless the CRD provider runs with '
        + 'allowCrossNamespace, which the artifacts turn on for every IngressRoute in the cluster; to avoid it, create the IngressRoute in '
        + 'apps (namespace: "apps")',
    });
  });

  test('Http3Gateway: the cert-manager Certificate and the IngressRoute Secret live in the route namespace', () => {
    const result = synthesizeHttp3Gateway({
      name: 'shop',
      namespace: 'web',
      hostnames: ['shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway: 'traefik',
      tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
    });
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => r.role)).toEqual(['ingress-route', 'certificate']);
    expect(byRole(result, 'certificate').metadata.namespace).toBe('web');
    expect((byRole(result, 'ingress-route').spec as { tls: object }).tls).toStrictEqual({ secretName: 'shop-tls' });
    expect(result.tlsSecretNamespace).toBe('web');
    expect(result.httpsRecords.map((r) => r.text)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(result.altSvcValue).toBe('h3=":443"; ma=2592000');
  });
});

// gateways.md §3 Static configuration: entryPoints.<ep>.http3.advertisedPort, CLI --entryPoints.<ep>.http3 and
// --entryPoints.<ep>.http3.advertisedPort; kube-http3 creates the mixed Service selecting the Traefik pods
describe('install manifests', () => {
  const MANIFESTS = { implementation: 'traefik', install: 'manifests' } as const;
  const FILE_HEADER = '# apply with: merge into the Traefik static configuration file (traefik.yml) and restart Traefik; '
    + 'or use shop.traefik-args.yaml instead (Traefik reads one static configuration source)';
  const ARGS_HEADER = '# apply with: add to the args of the Traefik container (Helm chart: additionalArguments) and restart Traefik; '
    + 'the CLI form of shop.traefik.yml';

  test('IngressRoute and the mixed Service in the Traefik namespace; traefik.yml and the CLI flags, exactly', () => {
    const result = listener({ gateway: MANIFESTS });
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([['ingress-route', true], ['service', false]]);
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop', namespace: 'traefik', labels: LABELS },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { 'app.kubernetes.io/name': 'traefik' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    expect(result.serviceNames).toEqual(['shop']);
    expect(result.artifacts.map((a) => [a.fileName, a.tool])).toEqual([
      ['shop.traefik.yml', ArtifactTool.PROXY_CONFIG],
      ['shop.traefik-args.yaml', ArtifactTool.PROXY_CONFIG],
    ]);
    expect(artifact(result, 'shop.traefik.yml')).toBe([
      FILE_HEADER,
      'entryPoints:',
      '  websecure:',
      '    address: ":8443"',
      '    http:',
      '      tls: {}',
      '    http3:',
      '      advertisedPort: 443',
      'providers:',
      '  kubernetesCRD: {}',
      '',
    ].join('\n'));
    expect(artifact(result, 'shop.traefik-args.yaml')).toBe([
      ARGS_HEADER,
      '- --entryPoints.websecure.address=:8443',
      '- --entryPoints.websecure.http.tls=true',
      '- --entryPoints.websecure.http3',
      '- --entryPoints.websecure.http3.advertisedPort=443',
      '- --providers.kubernetescrd',
      '',
    ].join('\n'));
    expect(parse(result.artifacts[0].content).entryPoints.websecure.address).toBe(':8443');
    expect(result.altSvcValue).toBe('h3=":443"; ma=2592000');
    expect(result.report.notes.map((n) => [n.severity, n.topic])).toEqual([
      [NoteSeverity.WARNING, 'apply-server-side'],
      [NoteSeverity.WARNING, 'traefik-static-config'],
      [NoteSeverity.INFO, 'traefik-alt-svc-max-age'],
      [NoteSeverity.INFO, 'traefik-tls-routers'],
    ]);
    expect(result.report.notes[1].message).toBe(
      'HTTP/3 is static configuration of the websecure entryPoint: it starts only once Traefik runs with the static configuration '
        + '(shop.traefik.yml or shop.traefik-args.yaml), which sets http3.advertisedPort=443; left unset, Traefik advertises its '
        + 'entryPoint port (h3=":8443") and HTTP/3 never starts',
    );
  });

  test('selector, namespace and entryPoint port give the Service its pods and target port', () => {
    const result = listener({
      gateway: { ...MANIFESTS, namespace: 'ingress', selector: { app: 'traefik-edge' }, entryPointPort: 9443 },
      provider: 'kind',
      externalTrafficPolicy: 'Cluster',
    });
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop', namespace: 'ingress', labels: LABELS },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        selector: { app: 'traefik-edge' },
        ports: [
          { name: 'https', port: 443, targetPort: 9443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 9443, protocol: 'UDP' },
        ],
      },
    });
    expect(parse(result.artifacts[0].content).entryPoints.websecure.address).toBe(':9443');
  });

  test('metallb two-services: <name>-tcp and <name>-udp sharing one address', () => {
    const result = listener({ gateway: MANIFESTS, provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(result.resources.map((r) => r.role)).toEqual(['ingress-route', 'service-tcp', 'service-udp']);
    expect(result.serviceNames).toEqual(['shop-tcp', 'shop-udp']);
    const annotations = { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'shop' };
    expect(byRole(result, 'service-udp').metadata).toStrictEqual({ name: 'shop-udp', namespace: 'traefik', labels: LABELS, annotations });
    expect((byRole(result, 'service-udp').spec as { ports: object[] }).ports).toStrictEqual([
      { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
    ]);
  });

  test('aws-lbc: the TCP_UDP annotation on the one Service', () => {
    const result = listener({ gateway: MANIFESTS, provider: { name: 'aws-lbc', scheme: 'internet-facing', targetType: 'instance' } });
    expect(byRole(result, 'service').metadata.annotations).toStrictEqual({
      [`${AWS}-type`]: 'external',
      [`${AWS}-nlb-target-type`]: 'instance',
      [`${AWS}-scheme`]: 'internet-facing',
      [`${AWS}-enable-tcp-udp-listener`]: 'true',
    });
  });

  test('a backend in another namespace: allowCrossNamespace in both static forms', () => {
    const result = listener({ gateway: MANIFESTS, namespace: 'edge', backend: { service: 'shop', port: 8080, namespace: 'apps' } });
    expect(parse(result.artifacts[0].content).providers).toStrictEqual({ kubernetesCRD: { allowCrossNamespace: true } });
    expect(parse(result.artifacts[1].content).slice(-2)).toEqual(['--providers.kubernetescrd', '--providers.kubernetescrd.allowCrossNamespace=true']);
  });
});

// gateways.md §3 "Gateway API with Traefik": the listener port is the entryPoint port (8443), not 443; HTTP/3 comes from
// the entryPoint configuration, not from the Gateway object
describe('routing gateway-api', () => {
  const GATEWAY_API = { implementation: 'traefik', routing: 'gateway-api' } as const;

  test('Gateway on the entryPoint port, HTTPRoute, and the Gateway API provider in the values', () => {
    const result = listener({ gateway: GATEWAY_API });
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([['gateway', true], ['route', false]]);
    expect(byRole(result, 'gateway')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        gatewayClassName: 'traefik',
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 8443,
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
    expect(result.altSvcValue).toBe('h3=":443"; ma=2592000');
    expect(artifact(result, 'shop.traefik-values.yaml')).toBe(helmValues([
      ...WEBSECURE_HTTP3,
      'service:',
      '  single: true',
      '  spec:',
      '    type: LoadBalancer',
      '    externalTrafficPolicy: Local',
      'providers:',
      '  kubernetesGateway:',
      '    enabled: true',
    ]));
    expect(result.report.notes.find((n) => n.topic === 'traefik-gateway-listener-port')!.message).toBe(
      'the Gateway listener port is the entryPoint port 8443, not 443: Traefik maps listeners to entryPoints by port; the GatewayClass '
        + 'traefik must exist with controllerName traefik.io/gateway-controller (the chart creates it with the Gateway API provider on)',
    );
    expect(result.report.notes.find((n) => n.topic === 'traefik-tls-routers')!.message).toBe(
      "only routers with TLS serve HTTP/3: the Gateway's HTTPS listener terminates TLS with the Secret default/shop-cert",
    );
  });

  test('gatewayClassName, a backend in another namespace (ReferenceGrant) and install manifests', () => {
    const result = listener({
      namespace: 'edge',
      backend: { service: 'shop', port: 8080, namespace: 'apps' },
      gateway: { ...GATEWAY_API, install: 'manifests', gatewayClassName: 'traefik-public', entryPointPort: 9443 },
    });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route', 'reference-grant', 'service']);
    const gatewaySpec = byRole(result, 'gateway').spec as { gatewayClassName: string; listeners: Array<{ port: number }> };
    expect(gatewaySpec.gatewayClassName).toBe('traefik-public');
    expect(gatewaySpec.listeners[0].port).toBe(9443);
    expect(byRole(result, 'reference-grant').metadata).toStrictEqual({ name: 'shop-edge', namespace: 'apps', labels: LABELS });
    expect(parse(result.artifacts[0].content)).toStrictEqual({
      entryPoints: { websecure: { address: ':9443', http: { tls: {} }, http3: { advertisedPort: 443 } } },
      providers: { kubernetesGateway: {} },
    });
    expect(parse(result.artifacts[1].content)).toEqual([
      '--entryPoints.websecure.address=:9443',
      '--entryPoints.websecure.http.tls=true',
      '--entryPoints.websecure.http3',
      '--entryPoints.websecure.http3.advertisedPort=443',
      '--providers.kubernetesgateway',
    ]);
    // a cross-namespace HTTPRoute backend is granted by the ReferenceGrant: no allowCrossNamespace warning
    expect(result.report.notes.map((n) => n.topic)).not.toContain('traefik-cross-namespace');
    expect(result.report.notes.find((n) => n.topic === 'traefik-gateway-listener-port')!.message).toBe(
      'the Gateway listener port is the entryPoint port 9443, not 443: Traefik maps listeners to entryPoints by port; the GatewayClass '
        + 'traefik-public must exist with controllerName traefik.io/gateway-controller',
    );
  });

  test.each(['3.1', '3.1.0', '3.7.11'])('version %s has the GA Gateway API provider', (version) => {
    expect(listener({ gateway: { ...GATEWAY_API, version } }).resources.map((r) => r.role)).toEqual(['gateway', 'route']);
  });
});

// a provider that cannot carry both protocols on one port number (Linode: UDP on another port): Traefik listens for QUIC
// on the entryPoint port whatever the client port, advertisedPort follows the UDP client port, and the chart puts the UDP
// Service port on http3.advertisedPort (`exposedPort = http3.advertisedPort || exposedPort`, loadbalancers.md §15)
describe('HTTP/3 on another client port than HTTPS (linode udpPort)', () => {
  const LINODE = { name: 'linode', udpPort: 8443, acceptChromeIgnoresH3: true } as const;

  test('helm: exposedPort 443 for TCP, advertisedPort 8443 for UDP; no helm-upgrade warning (different port numbers)', () => {
    const result = listener({ provider: LINODE });
    expect(result.altSvcValue).toBe('h3=":8443"; ma=2592000');
    expect(artifact(result, 'shop.traefik-values.yaml')).toBe(helmValues([
      ...WEBSECURE_HTTP3.slice(0, 12),
      '      advertisedPort: 8443',
      'service:',
      '  single: true',
      '  annotations:',
      '    service.beta.kubernetes.io/linode-loadbalancer-nodebalancer-type: "premium"',
      '  spec:',
      '    type: LoadBalancer',
      '    externalTrafficPolicy: Local',
      ...CRD_PROVIDER,
    ]));
    const topics = result.report.notes.map((n) => n.topic);
    expect(topics).not.toContain('traefik-helm-upgrade');
    expect(result.report.notes.find((n) => n.topic === 'traefik-service')!.message).toBe(
      'the chart creates one load-balancer Service <release fullname> in traefik with websecure 443/TCP and websecure-http3 8443/UDP '
        + '(service.single: true)',
    );
    // advertisedPort equals the entryPoint port here: leaving it unset would advertise the same port
    expect(result.report.notes.find((n) => n.topic === 'traefik-static-config')!.message).toBe(
      'HTTP/3 is static configuration of the websecure entryPoint: it starts only once Traefik runs with the Helm values '
        + '(shop.traefik-values.yaml), which sets http3.advertisedPort=8443',
    );
  });

  test('manifests: the Service carries 443/TCP and 8443/UDP to the entryPoint port; the static configuration advertises 8443', () => {
    const result = listener({ provider: LINODE, gateway: { implementation: 'traefik', install: 'manifests' } });
    expect((byRole(result, 'service').spec as { ports: object[] }).ports).toStrictEqual([
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      { name: 'http3', port: 8443, targetPort: 8443, protocol: 'UDP' },
    ]);
    expect(parse(result.artifacts[0].content).entryPoints.websecure.http3).toStrictEqual({ advertisedPort: 8443 });
    expect(parse(result.artifacts[1].content)).toContain('--entryPoints.websecure.http3.advertisedPort=8443');
  });

  test('an explicit advertisedPort must be the UDP client port', () => {
    expect(listener({ provider: LINODE, gateway: { implementation: 'traefik', advertisedPort: 8443 } }).altSvcValue).toBe('h3=":8443"; ma=2592000');
    const error = errorOf(() => listener({ provider: LINODE, gateway: { implementation: 'traefik', advertisedPort: 443 } }));
    expect(error.prop).toBe('gateway.advertisedPort');
    expect(error.message).toBe(
      'gateway.advertisedPort 443 cannot be combined with port 8443: Traefik writes advertisedPort into Alt-Svc, so clients would receive '
        + 'h3=":443"; ma=2592000 and try QUIC on 443/UDP, while the load balancer carries HTTP/3 on 8443/UDP: HTTP/3 silently never starts '
        + '(the Traefik "Alt-Svc advertises 8443" pitfall); remove advertisedPort (kube-http3 sets it to the UDP port the load balancer '
        + 'carries) or set it to 8443',
    );
  });
});

// the issue: withdraw = HTTP/3 off on the entryPoint and alt-svc: clear through a Middleware or an HTTPRoute filter
describe('withdraw (altSvc.clear)', () => {
  const CLEAR = { altSvc: { clear: true } };

  test('helm, ingressroute: the Middleware answers alt-svc: clear and http3 is off in the values', () => {
    const result = listener(CLEAR);
    expect(result.altSvcValue).toBe('clear');
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([['ingress-route', true], ['middleware', false]]);
    expect(byRole(result, 'ingress-route').spec).toStrictEqual({
      entryPoints: ['websecure'],
      routes: [
        {
          match: 'Host(`shop.example.org`)',
          kind: 'Rule',
          services: [{ name: 'shop', port: 8080 }],
          middlewares: [{ name: 'shop-alt-svc' }],
        },
      ],
      tls: { secretName: 'shop-cert' },
    });
    expect(byRole(result, 'middleware')).toStrictEqual({
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'Middleware',
      metadata: { name: 'shop-alt-svc', namespace: 'default', labels: LABELS },
      spec: { headers: { customResponseHeaders: { 'alt-svc': 'clear' } } },
    });
    expect(artifact(result, 'shop.traefik-values.yaml')).toBe(helmValues([
      ...WEBSECURE_HTTP3.slice(0, 10),
      '    http3:',
      '      enabled: false',
      'service:',
      '  single: true',
      '  spec:',
      '    type: LoadBalancer',
      '    externalTrafficPolicy: Local',
      ...CRD_PROVIDER,
    ]));
    expect(result.report.quicTerminatedBy).toBe('nobody: HTTP/3 is off while it is withdrawn (altSvc.clear)');
    expect(result.report.notes.map((n) => n.topic)).toEqual([
      'traefik-static-config',
      'traefik-service',
      'traefik-helm-upgrade',
      'traefik-tls-routers',
    ]);
    expect(result.report.notes[0].message).toBe(
      'HTTP/3 stays off only once Traefik runs with the Helm values (shop.traefik-values.yaml), which have no http3 on the websecure entryPoint',
    );
    expect(result.report.notes[1].message).toBe(
      'the chart creates the load-balancer Service <release fullname> in traefik with websecure 443/TCP only while HTTP/3 is withdrawn',
    );
  });

  test('manifests: no http3 in the static configuration, the Service carries TCP only', () => {
    const result = listener({ ...CLEAR, gateway: { implementation: 'traefik', install: 'manifests' } });
    expect(result.resources.map((r) => r.role)).toEqual(['ingress-route', 'middleware', 'service']);
    expect((byRole(result, 'service').spec as { ports: object[] }).ports).toStrictEqual([
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
    ]);
    expect(parse(result.artifacts[0].content)).toStrictEqual({
      entryPoints: { websecure: { address: ':8443', http: { tls: {} } } },
      providers: { kubernetesCRD: {} },
    });
    expect(parse(result.artifacts[1].content)).toEqual([
      '--entryPoints.websecure.address=:8443',
      '--entryPoints.websecure.http.tls=true',
      '--providers.kubernetescrd',
    ]);
  });

  test('gateway-api: an HTTPRoute ResponseHeaderModifier sets alt-svc: clear', () => {
    const result = listener({ ...CLEAR, gateway: { implementation: 'traefik', routing: 'gateway-api' } });
    expect(result.resources.map((r) => r.role)).toEqual(['gateway', 'route']);
    expect((byRole(result, 'route').spec as { rules: object[] }).rules).toStrictEqual([
      {
        filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'clear' }] } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'shop', port: 8080 }],
      },
    ]);
    expect(parse(result.artifacts[0].content).ports.websecure.http3).toStrictEqual({ enabled: false });
  });

  test('metallb two-services: the chart keeps only the TCP Service', () => {
    const result = listener({ ...CLEAR, provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(parse(result.artifacts[0].content).service.single).toBe(false);
    expect(result.report.notes.find((n) => n.topic === 'traefik-service')!.message).toBe(
      'the chart creates the load-balancer Service <release fullname> in traefik with websecure 443/TCP only while HTTP/3 is withdrawn',
    );
  });
});

// IngressRoute services[].sticky.cookie (name, maxAge in seconds) and services[].strategy hrw (client-IP hashing,
// in the CRDs from Traefik v3.6); schemas: shared/schemas/traefik/traefik.io_ingressroutes.yaml
describe('session affinity', () => {
  test.each([
    [{ type: 'cookie', name: 'session' } as const, { sticky: { cookie: { name: 'session', maxAge: 3600 } } }],
    [{ type: 'cookie', name: 'session', ttlSeconds: 600 } as const, { sticky: { cookie: { name: 'session', maxAge: 600 } } }],
    [{ type: 'source-ip' } as const, { strategy: 'hrw' }],
  ])('%j on the IngressRoute service', (sessionAffinity, extra) => {
    const result = listener({ sessionAffinity });
    expect((byRole(result, 'ingress-route').spec as { routes: Array<{ services: object[] }> }).routes[0].services).toStrictEqual([
      { name: 'shop', port: 8080, ...extra },
    ]);
  });

  test('the sticky cookie note', () => {
    const { report } = listener({ sessionAffinity: { type: 'cookie', name: 'session', ttlSeconds: 600 } });
    expect(report.notes.find((n) => n.topic === 'traefik-sticky-cookie')!.message).toBe(
      'Traefik sets the sticky cookie "session" (maxAge 600 s) and sends a client back to the backend pod it names; it works only while '
        + 'Traefik balances the pods itself (nativeLB off, the default)',
    );
    expect(report.notes.map((n) => n.topic)).toContain('session-affinity');
  });

  test('header hashing does not exist in Traefik', () => {
    const error = errorOf(() => listener({ sessionAffinity: { type: 'header', name: 'x-session-id' } }));
    expect(error.prop).toBe('sessionAffinity.type');
    expect(error.message).toBe(
      'sessionAffinity.type "header" cannot be combined with gateway.implementation "traefik": kube-http3 renders traefik affinity only '
        + 'for "cookie", "source-ip"; use type "cookie" or "source-ip"',
    );
  });

  test('source-ip before v3.6 is refused', () => {
    const error = errorOf(() => listener({ sessionAffinity: { type: 'source-ip' }, gateway: { implementation: 'traefik', version: '3.5' } }));
    expect(error.prop).toBe('sessionAffinity.type');
    expect(error.message).toBe(
      'sessionAffinity.type "source-ip" cannot be combined with gateway.version "3.5": client-IP hashing is the IngressRoute strategy hrw '
        + '(highest random weight), which arrived in Traefik v3.6; upgrade Traefik to v3.6 or later, or use type "cookie"',
    );
    expect(listener({ sessionAffinity: { type: 'cookie', name: 's' }, gateway: { implementation: 'traefik', version: '3.0' } }).resources)
      .toHaveLength(1);
  });

  test.each(['cookie', 'source-ip'] as const)('%s with gateway-api routing is refused', (type) => {
    const sessionAffinity = type === 'cookie' ? { type, name: 'session' } : { type };
    const error = errorOf(() => listener({ sessionAffinity, gateway: { implementation: 'traefik', routing: 'gateway-api' } }));
    expect(error.prop).toBe('sessionAffinity.type');
    expect(error.message).toBe(
      `sessionAffinity.type "${type}" cannot be combined with gateway.routing "gateway-api": Traefik's Gateway API provider has no sticky `
        + 'sessions or client-IP hashing for HTTPRoute backends (it reads only nativeLB and nodePortLB from Service annotations, and does not '
        + 'implement sessionPersistence); use routing "ingressroute", which carries sticky cookies and the hrw strategy, or remove sessionAffinity',
    );
  });
});

describe('Alt-Svc policy', () => {
  test('AltSvcPolicy alone: the automatic value with ma=2592000', () => {
    const result = synthesizeAltSvcPolicy({ gateway: 'traefik' });
    expect(result.value).toBe('h3=":443"; ma=2592000');
    expect(result.attachment).toBe(AltSvcAttachment.AUTOMATIC);
  });

  test('maxAgeSeconds 2592000 (what quic-go emits) is accepted', () => {
    expect(listener({ altSvc: { maxAgeSeconds: 2592000 } }).altSvcValue).toBe('h3=":443"; ma=2592000');
  });

  test('another maxAgeSeconds is refused with the quic-go source', () => {
    const error = errorOf(() => listener({ altSvc: { maxAgeSeconds: 86400 } }));
    expect(error.prop).toBe('altSvc.maxAgeSeconds');
    expect(error.message).toBe(
      'altSvc.maxAgeSeconds 86400 cannot be combined with gateway.implementation "traefik": Traefik (quic-go) adds alt-svc: '
        + 'h3=":<http3.advertisedPort>"; ma=2592000 to every HTTPS response of an HTTP/3 entryPoint (ma is hard-coded in quic-go), so clients '
        + 'would receive h3=":443"; ma=2592000, not h3=":443"; ma=86400; remove altSvc.maxAgeSeconds (or set it to what the implementation emits)',
    );
  });

  test('altSvc false is refused: Traefik advertises by itself', () => {
    const error = errorOf(() => listener({ altSvc: false }));
    expect(error.prop).toBe('altSvc');
    expect(error.message).toBe(
      'altSvc false cannot be combined with gateway.implementation "traefik": Traefik (quic-go) adds alt-svc: h3=":<http3.advertisedPort>"; '
        + 'ma=2592000 to every HTTPS response of an HTTP/3 entryPoint (ma is hard-coded in quic-go), so it cannot serve HTTP/3 without '
        + 'advertising it; remove altSvc: false, or use altSvc: { clear: true } to turn HTTP/3 off and withdraw it',
    );
  });

  // the guard: advertisedPort must be the client port, else Alt-Svc advertises 8443 and HTTP/3 never starts
  const ADVERTISED_8443 = 'gateway.advertisedPort 8443 cannot be combined with port 443: Traefik writes advertisedPort into Alt-Svc, so '
    + 'clients would receive h3=":8443"; ma=2592000 and try QUIC on 8443/UDP, while the load balancer carries HTTP/3 on 443/UDP: HTTP/3 '
    + 'silently never starts (the Traefik "Alt-Svc advertises 8443" pitfall); remove advertisedPort (kube-http3 sets it to the UDP port the '
    + 'load balancer carries) or set it to 443';
  test('advertisedPort different from the client port is refused (QuicListener)', () => {
    const error = errorOf(() => listener({ gateway: { implementation: 'traefik', advertisedPort: 8443 } }));
    expect(error.prop).toBe('gateway.advertisedPort');
    expect(error.value).toBe(8443);
    expect(error.message).toBe(ADVERTISED_8443);
  });

  test('advertisedPort different from the client port is refused (AltSvcPolicy)', () => {
    const error = errorOf(() => synthesizeAltSvcPolicy({ gateway: { implementation: 'traefik', advertisedPort: 8443 } }));
    expect(error.message).toBe(ADVERTISED_8443);
  });

  test('advertisedPort equal to the client port is accepted', () => {
    const result = listener({ gateway: { implementation: 'traefik', advertisedPort: 443 } });
    expect(parse(result.artifacts[0].content).ports.websecure.http3).toStrictEqual({ enabled: true, advertisedPort: 443 });
  });
});

describe('options: bad values and impossible combinations', () => {
  // gateways.md §3 Versions: experimental in v2.5 with experimental.http3; GA in v3.0, where experimental.http3 stops Traefik
  const V2 = 'is Traefik v2, where HTTP/3 is experimental and needs experimental.http3, which Traefik v3 removed and refuses to start with '
    + '(traefik/traefik docs/content/migrate/v2-to-v3-details.md); kube-http3 renders the v3 configuration only; upgrade Traefik to v3';
  test.each<[unknown, string, string]>([
    [{ version: '2.11' }, 'gateway.version', `gateway.version "2.11" ${V2}`],
    [{ version: 'v2.6.0' }, 'gateway.version', `gateway.version "v2.6.0" ${V2}`],
    [
      { version: '4.0' },
      'gateway.version',
      'gateway.version "4.0" is newer than the Traefik v3 line kube-http3 was checked against (v3.7: entryPoints.<entryPoint>.http3.advertisedPort); '
        + 'use Traefik v3, or check that your release still reads entryPoints.<entryPoint>.http3.advertisedPort and set version to the v3 '
        + 'release it matches',
    ],
    [{ version: 'latest' }, 'gateway.version', 'gateway.version must be a version such as "1.30" or "0.14.9", got "latest"'],
    [
      { experimental: { http3: true } },
      'gateway.experimental',
      'gateway.experimental {"http3":true} is the Traefik v2 form (experimental.http3): Traefik v3 made HTTP/3 GA, removed the option and '
        + 'does not start with it (traefik/traefik docs/content/migrate/v2-to-v3-details.md); remove it: kube-http3 turns HTTP/3 on with '
        + 'entryPoints.<entryPoint>.http3.advertisedPort',
    ],
    [{ install: 'operator' }, 'gateway.install', 'gateway.install must be one of "helm", "manifests", got "operator"'],
    [{ routing: 'ingress' }, 'gateway.routing', 'gateway.routing must be one of "ingressroute", "gateway-api", got "ingress"'],
    [
      { routing: 'gateway-api', version: '3.0.4' },
      'gateway.routing',
      'gateway.routing "gateway-api" cannot be combined with gateway.version "3.0.4": Traefik v3.0 runs the Gateway API provider only as '
        + 'an experimental feature (experimental.kubernetesgateway); it is GA from v3.1 (traefik/traefik docs/content/migration/v3.md); '
        + 'upgrade Traefik to v3.1 or later, or use routing "ingressroute"',
    ],
    [
      { entryPoint: 'websecure-edge' },
      'gateway.entryPoint',
      'gateway.entryPoint must be an entryPoint name of at most 13 lowercase letters, digits and "-", starting with a letter and ending with '
        + 'a letter or digit, got "websecure-edge"; the chart truncates the UDP port name <entryPoint>-http3 to 15 characters, so a longer '
        + 'name collides with the TCP port name',
    ],
    [
      { entryPoint: 'Web.Secure', install: 'manifests' },
      'gateway.entryPoint',
      'gateway.entryPoint must be an entryPoint name of at most 63 lowercase letters, digits and "-", starting with a letter and ending with '
        + 'a letter or digit, got "Web.Secure"',
    ],
    [{ entryPointPort: 0 }, 'gateway.entryPointPort', 'gateway.entryPointPort must be an integer between 1 and 65535, got 0'],
    [{ advertisedPort: '443' }, 'gateway.advertisedPort', 'gateway.advertisedPort must be an integer between 1 and 65535, got "443"'],
    [
      { namespace: 'Traefik' },
      'gateway.namespace',
      'gateway.namespace must be a DNS-1123 label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit), '
        + 'got "Traefik"',
    ],
    [
      { selector: { app: 'traefik' } },
      'gateway.selector',
      'gateway.selector {"app":"traefik"} cannot be combined with gateway.install "helm": the chart\'s Service selects the pods the chart '
        + 'deploys, so kube-http3 has no Service to put a selector on; remove selector, or use install "manifests" for a Traefik whose '
        + 'load-balancer Service kube-http3 creates',
    ],
    [
      { selector: {}, install: 'manifests' },
      'gateway.selector',
      'gateway.selector must be a non-empty map of pod labels, got {}; a Service without a selector reaches no pods',
    ],
    [
      { gatewayClassName: 'traefik' },
      'gateway.gatewayClassName',
      'gateway.gatewayClassName "traefik" cannot be combined with gateway.routing "ingressroute": an IngressRoute has no GatewayClass; '
        + 'remove gatewayClassName, or use routing "gateway-api"',
    ],
    [
      { chartVersion: '41.3.0', install: 'manifests' },
      'gateway.chartVersion',
      'gateway.chartVersion "41.3.0" cannot be combined with gateway.install "manifests": kube-http3 renders Helm values only with install '
        + '"helm"; remove chartVersion, or use install "helm"',
    ],
    [
      { chartVersion: '27.0.0' },
      'gateway.chartVersion',
      'gateway.chartVersion "27.0.0" is a traefik/traefik chart for Traefik v2: with ports.<entryPoint>.http3.enabled it passes '
        + '--experimental.http3=true, which Traefik v3 does not start with (the v3 charts begin at 28.0.0); upgrade the chart to 28.0.0 or '
        + 'later (41.3.0 ships Traefik v3.7)',
    ],
    [
      { routing: 'gateway-api', chartVersion: '28.0.0' },
      'gateway.routing',
      'gateway.routing "gateway-api" cannot be combined with gateway.chartVersion "28.0.0": the chart turns the Traefik Gateway API provider '
        + 'on with providers.kubernetesGateway.enabled from 29.0.0 (traefik-helm-chart 2eb640a4); 28.x has only the experimental switch of '
        + 'Traefik v3.0; upgrade the chart to 29.0.0 or later, or use routing "ingressroute"',
    ],
  ])('%j', (gateway, prop, message) => {
    const error = errorOf(() => listener({ gateway: { implementation: 'traefik', ...(gateway as object) } }));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  test('an entryPoint of 13 characters is accepted with Helm', () => {
    const result = listener({ gateway: { implementation: 'traefik', entryPoint: 'websecure-eu1' } });
    expect(Object.keys(parse(result.artifacts[0].content).ports)).toEqual(['websecure-eu1']);
  });

  test('an unknown field is refused with the list of fields', () => {
    const error = errorOf(() => listener({ gateway: { implementation: 'traefik', http3: true } }));
    expect(error.prop).toBe('gateway.http3');
    expect(error.message).toBe(
      'gateway.http3 is not a known field (got true); the fields of gateway are: advertisedPort, chartVersion, entryPoint, entryPointPort, '
        + 'experimental, gatewayClassName, implementation, install, namespace, routing, selector, version',
    );
  });

  test('a load-balancer certificate is refused: Traefik terminates TLS in the cluster', () => {
    const error = errorOf(() => synthesizeQuicListener({ ...BASE, tlsSecretName: undefined, loadBalancerCertificateId: 'cert-1' }));
    expect(error.prop).toBe('loadBalancerCertificateId');
  });
});

test('every manifest of this file passes the strict upstream validator', () => {
  expect(collector.size).toBeGreaterThan(40);
  collector.expectStrictlyValid();
});
