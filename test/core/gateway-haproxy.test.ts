/**
 * The `haproxy` implementation against the facts of gateways.md §5.5 and the haproxytech sources: QUIC binds once
 * the controller ConfigMap key ssl-certificate names the TLS Secret, --quic-announce-port set to the client port,
 * quic-alt-svc-max-age from the Alt-Svc policy, an Ingress for routing; the chart's Service shaped through Helm
 * values (install "helm") or kube-http3's Service, ConfigMap and controller flags (install "manifests").
 */
import { parse } from 'yaml';
import { renderArtifact } from '../../lib/core/artifacts';
import { synthesizeAltSvcPolicy } from '../../lib/core/alt-svc-policy';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway } from '../../lib/core/http3-gateway';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import { ArtifactTool, type KubeManifest } from '../../lib/core/types';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const BASE: QuicListenerOptions = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'haproxy',
  tlsSecretName: 'shop-cert',
};

const MANIFESTS = { implementation: 'haproxy', install: 'manifests' } as const;

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
const AWS = 'service.beta.kubernetes.io/aws-load-balancer';

/** one Ingress rule to the backend */
function rule(host: string, service = 'shop', port = 8080): object {
  return { host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { number: port } } } }] } };
}

// gateways.md §5.5 helm values; helm-charts kubernetes-ingress/values.yaml (controller.config, controller.quic.announcePort,
// controller.service.{type,annotations,loadBalancerClass,loadBalancerIP,externalTrafficPolicy,ports.https,enablePorts.quic})
describe('haproxy, install helm (the default)', () => {
  test('the Ingress and the Helm values, exactly; no Service from kube-http3', () => {
    const result = listener();
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([['ingress', true]]);
    expect(byRole(result, 'ingress')).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        ingressClassName: 'haproxy',
        tls: [{ hosts: ['shop.example.org'], secretName: 'shop-cert' }],
        rules: [rule('shop.example.org')],
      },
    });
    expect(result.serviceNames).toEqual([]);
    expect(result.tlsSecretNamespace).toBe('default');
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.artifacts.map((a) => [a.fileName, a.tool])).toEqual([['shop.kubernetes-ingress-values.yaml', ArtifactTool.HELM]]);
    expect(renderArtifact(result.artifacts[0])).toBe(
      [
        '# apply with: helm upgrade <release> haproxytech/kubernetes-ingress -n <release namespace> --reuse-values -f <this file> ' +
          '(QUIC on, Alt-Svc advertising the client port)',
        'controller:',
        '  config:',
        '    ssl-certificate: default/shop-cert',
        '    quic-alt-svc-max-age: "86400"',
        '  quic:',
        '    announcePort: 443',
        '  service:',
        '    type: LoadBalancer',
        '    externalTrafficPolicy: Local',
        '    ports:',
        '      https: 443',
        '    enablePorts:',
        '      quic: true',
        '',
      ].join('\n'),
    );
    // ConfigMap data must be strings: the chart copies controller.config into the ConfigMap as is
    expect(parse(result.artifacts[0].content).controller.config).toStrictEqual({
      'ssl-certificate': 'default/shop-cert',
      'quic-alt-svc-max-age': '86400',
    });
  });

  test('several hostnames, another port and max age, another IngressClass', () => {
    const result = listener({
      namespace: 'web',
      hostnames: ['shop.example.org', '*.shop.example.org'],
      port: 8443,
      altSvc: { maxAgeSeconds: 3600 },
      gateway: { implementation: 'haproxy', ingressClassName: 'haproxy-public' },
    });
    expect(byRole(result, 'ingress').spec).toStrictEqual({
      ingressClassName: 'haproxy-public',
      tls: [{ hosts: ['shop.example.org', '*.shop.example.org'], secretName: 'shop-cert' }],
      rules: [rule('shop.example.org'), rule('*.shop.example.org')],
    });
    expect(parse(result.artifacts[0].content)).toStrictEqual({
      controller: {
        config: { 'ssl-certificate': 'web/shop-cert', 'quic-alt-svc-max-age': '3600' },
        quic: { announcePort: 8443 },
        service: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: { https: 8443 }, enablePorts: { quic: true } },
      },
    });
    expect(result.altSvcValue).toBe('h3=":8443"; ma=3600');
    expect(result.report.notes.find((n) => n.topic === 'haproxy-alt-svc-format')?.message).toBe(
      'clients receive alt-svc: h3=":8443";ma=3600; (HAProxy\'s spelling: no space and a trailing ";", pkg/handler/quic.go), the same alternative ' +
        'as h3=":8443"; ma=3600; RFC 7838\'s grammar has no trailing ";" (unverified: whether every client tolerates it); the controller adds ' +
        'the header only once the ssl-certificate Secret exists',
    );
  });

  test.each<[string, Partial<QuicListenerOptions>, object]>([
    ['generic', { provider: 'generic' }, { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }],
    ['kind, Cluster', { provider: 'kind', externalTrafficPolicy: 'Cluster' }, { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' }],
    [
      'generic with a class and annotations',
      { provider: { name: 'generic', loadBalancerClass: 'example.com/l4', annotations: { 'example.com/team': 'edge' } } },
      { type: 'LoadBalancer', annotations: { 'example.com/team': 'edge' }, loadBalancerClass: 'example.com/l4', externalTrafficPolicy: 'Local' },
    ],
    [
      'metallb with an address and a pool',
      { provider: { name: 'metallb', address: '192.0.2.10', addressPool: 'public' } },
      {
        type: 'LoadBalancer',
        annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/address-pool': 'public' },
        externalTrafficPolicy: 'Local',
      },
    ],
    [
      'aws-lbc (the TCP_UDP listener the chart README\'s EKS section lacks)',
      { provider: { name: 'aws-lbc', scheme: 'internet-facing', targetType: 'instance' } },
      {
        type: 'LoadBalancer',
        annotations: {
          [`${AWS}-type`]: 'external',
          [`${AWS}-nlb-target-type`]: 'instance',
          [`${AWS}-scheme`]: 'internet-facing',
          [`${AWS}-enable-tcp-udp-listener`]: 'true',
        },
        externalTrafficPolicy: 'Local',
      },
    ],
  ])('the provider shapes controller.service: %s', (_title, options, service) => {
    const result = listener(options);
    expect(result.resources.map((r) => r.role)).toEqual(['ingress']);
    expect(parse(result.artifacts[0].content).controller.service).toStrictEqual({ ...service, ports: { https: 443 }, enablePorts: { quic: true } });
  });

  test('values that may be Pulumi Inputs are written double-quoted, so both adapters write the same file', () => {
    const result = listener({ provider: { name: 'generic', loadBalancerClass: 'example.com/l4', annotations: { 'example.com/ip': '192.0.2.10' } } });
    expect(renderArtifact(result.artifacts[0]).split('\n').slice(7, 13)).toEqual([
      '  service:',
      '    type: LoadBalancer',
      '    annotations:',
      '      example.com/ip: "192.0.2.10"',
      '    loadBalancerClass: "example.com/l4"',
      '    externalTrafficPolicy: Local',
    ]);
  });

  test('the provider still reports on the Service the chart creates from its shape', () => {
    const { report } = listener({ provider: { name: 'aws-lbc', scheme: 'internet-facing' } });
    expect(report.clientIp.status).toBe(FindingStatus.YES);
    expect(report.notes.map((n) => n.topic)).toContain('udp-idle-timeout');
  });

  // the chart renders one Service (templates/controller-service.yaml): quic next to https
  test('two Services are refused', () => {
    const error = errorOf(() => listener({ provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } }));
    expect(error.prop).toBe('provider.mixedProtocol');
    expect(error.message).toBe(
      'provider.mixedProtocol "two-services" cannot be combined with gateway.install "helm": the haproxytech/kubernetes-ingress chart renders one ' +
        'Service, with the https (TCP) and quic (UDP) ports together; use mixedProtocol "single-service" on a provider that carries one mixed ' +
        'Service, or install "manifests" so kube-http3 creates the two Services',
    );
  });

  test('report: who terminates QUIC, TCP fallback and the notes', () => {
    const { report } = listener();
    expect(report.quicTerminatedBy).toBe('the HAProxy Kubernetes Ingress Controller pods of the Helm release (HAProxy, with limited-quic)');
    expect(report.tcpFallback).toEqual({
      status: FindingStatus.YES,
      detail: 'the HTTPS frontend keeps serving HTTP/1.1 and HTTP/2 over TLS on 443/TCP',
    });
    expect(report.discovery).toEqual({
      status: FindingStatus.YES,
      detail: 'Alt-Svc h3=":443"; ma=86400 is added by the implementation (the HAProxy Kubernetes Ingress Controller sets alt-svc: ' +
        'h3=":<--quic-announce-port>";ma=<quic-alt-svc-max-age>; on every response of its HTTPS frontend)',
    });
    expect(report.notes.map((n) => [n.severity, n.topic, n.message])).toEqual([
      [
        NoteSeverity.WARNING,
        'haproxy-default-certificate',
        'the controller creates its QUIC binds only while the ConfigMap key ssl-certificate names an existing TLS Secret: kube-http3 sets it to ' +
          'default/shop-cert, which also makes it the controller-wide default certificate (served to TLS clients whose SNI matches no Ingress)',
      ],
      [
        NoteSeverity.INFO,
        'haproxy-alt-svc-format',
        'clients receive alt-svc: h3=":443";ma=86400; (HAProxy\'s spelling: no space and a trailing ";", pkg/handler/quic.go), ' +
          'the same alternative as h3=":443"; ma=86400; ' +
          'RFC 7838\'s grammar has no trailing ";" (unverified: whether every client tolerates it); ' +
          'the controller adds the header only once the ssl-certificate Secret exists',
      ],
      [
        NoteSeverity.INFO,
        'haproxy-ingress-class',
        'the Ingress has ingressClassName "haproxy": an IngressClass of that name must point at this controller (the chart creates ' +
          'controller.ingressClassResource.name, "haproxy" by default)',
      ],
      [
        NoteSeverity.WARNING,
        'haproxy-chart-ports',
        'the chart\'s Service also carries http (80), stat (1024) and admin (6060) by default, and on a LoadBalancer they are public: set ' +
          'controller.service.enablePorts.stat and .admin to false unless you mean to expose them',
      ],
      [
        NoteSeverity.WARNING,
        'haproxy-helm-upgrade',
        'helm upgrade patches the Service with a strategic merge keyed on the port number: when an existing release gains the quic port ' +
          '(443/UDP next to 443/TCP), one of the two can be dropped silently; check the Service\'s ports after the upgrade, and recreate the ' +
          'Service if one is missing',
      ],
    ]);
  });

  // helm-charts kubernetes-ingress/templates/_podspec.tpl: enablePorts.quic false only drops the flags, so --disable-quic
  // is what stops the controller (pkg/controller/handler.go); annotations.md response-set-header on the Ingress
  test('withdraw: --disable-quic, no quic port, alt-svc: clear on the Ingress', () => {
    const result = listener({ altSvc: { clear: true } });
    expect(byRole(result, 'ingress').metadata).toStrictEqual({
      name: 'shop',
      namespace: 'default',
      labels: LABELS,
      annotations: { 'haproxy.org/response-set-header': 'alt-svc clear' },
    });
    expect(renderArtifact(result.artifacts[0])).toBe(
      [
        '# apply with: helm upgrade <release> haproxytech/kubernetes-ingress -n <release namespace> --reuse-values -f <this file> ' +
          '(QUIC off while HTTP/3 is withdrawn)',
        'controller:',
        '  config:',
        '    ssl-certificate: default/shop-cert',
        '  extraArgs:',
        '    - --disable-quic',
        '  service:',
        '    type: LoadBalancer',
        '    externalTrafficPolicy: Local',
        '    ports:',
        '      https: 443',
        '    enablePorts:',
        '      quic: false',
        '',
      ].join('\n'),
    );
    expect(result.altSvcValue).toBe('clear');
    expect(result.report.quicTerminatedBy).toBe('nobody: HTTP/3 is off while it is withdrawn (altSvc.clear)');
    expect(result.report.notes.map((n) => n.topic)).toEqual([
      'haproxy-default-certificate',
      'haproxy-ingress-class',
      'haproxy-chart-ports',
      'haproxy-helm-extra-args',
    ]);
    expect(result.report.notes[0].message).toBe(
      'kube-http3 keeps the ConfigMap key ssl-certificate at default/shop-cert (the controller-wide default certificate); --disable-quic keeps the ' +
        'controller from creating QUIC binds and from advertising h3',
    );
    expect(result.report.notes[3].message).toBe(
      'controller.extraArgs is a list, which helm replaces as a whole: add your own flags next to --disable-quic; when you turn HTTP/3 back on, ' +
        'remove --disable-quic from it (helm upgrade --reuse-values keeps it)',
    );
  });
});

// haproxytech/kubernetes-ingress deploy/haproxy-ingress.yaml (namespace haproxy-controller, ConfigMap haproxy-kubernetes-ingress,
// pods run: haproxy-ingress, https 8443); documentation/controller.md flags
describe('haproxy, install manifests', () => {
  test('the Ingress, the controller ConfigMap, the Service and the flags, exactly', () => {
    const result = listener({ gateway: MANIFESTS });
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([
      ['ingress', true],
      ['controller-config', false],
      ['service', false],
    ]);
    expect(byRole(result, 'controller-config')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'haproxy-kubernetes-ingress', namespace: 'haproxy-controller', labels: LABELS },
      data: { 'ssl-certificate': 'default/shop-cert', 'quic-alt-svc-max-age': '86400' },
    });
    expect(byRole(result, 'service')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop', namespace: 'haproxy-controller', labels: LABELS },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { run: 'haproxy-ingress' },
        ports: [
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
        ],
      },
    });
    expect(result.serviceNames).toEqual(['shop']);
    expect(result.artifacts.map((a) => [a.fileName, a.tool])).toEqual([['shop.haproxy-ingress-args.yaml', ArtifactTool.PROXY_CONFIG]]);
    expect(renderArtifact(result.artifacts[0])).toBe(
      [
        '# add these flags to the args of the haproxytech/kubernetes-ingress controller container ' +
          '(its Deployment or DaemonSet in haproxy-controller)',
        'args:',
        '  - --configmap=haproxy-controller/haproxy-kubernetes-ingress',
        '  - --https-bind-port=8443',
        '  - --quic-bind-port=8443',
        '  - --quic-announce-port=443',
        '',
      ].join('\n'),
    );
    expect(result.report.quicTerminatedBy).toBe(
      'the HAProxy Kubernetes Ingress Controller pods (HAProxy, with limited-quic) in haproxy-controller, selected by {"run":"haproxy-ingress"}',
    );
    expect(result.report.notes.map((n) => n.topic)).toEqual([
      'apply-server-side',
      'haproxy-default-certificate',
      'haproxy-alt-svc-format',
      'haproxy-ingress-class',
      'haproxy-controller-flags',
      'haproxy-configmap',
    ]);
    expect(result.report.notes.slice(4).map((n) => n.message)).toEqual([
      'run the controller with the flags of shop.haproxy-ingress-args.yaml: without --quic-announce-port=443 it advertises its bind port 8443 in ' +
        'Alt-Svc, which clients cannot reach',
      'kube-http3 writes its keys into the controller ConfigMap haproxy-controller/haproxy-kubernetes-ingress: apply it server-side so the keys ' +
        "other managers own stay, and keep in mind that deleting kube-http3's objects deletes that ConfigMap",
    ]);
  });

  test('namespace, selector, ConfigMap name and bind port', () => {
    const result = listener({
      namespace: 'web',
      gateway: { ...MANIFESTS, namespace: 'ingress', selector: { app: 'haproxy' }, configMapName: 'haproxy-config', httpsBindPort: 9443 },
    });
    expect(byRole(result, 'controller-config').metadata).toStrictEqual({ name: 'haproxy-config', namespace: 'ingress', labels: LABELS });
    expect(byRole(result, 'controller-config').data).toStrictEqual({
      'ssl-certificate': 'web/shop-cert',
      'quic-alt-svc-max-age': '86400',
    });
    expect(byRole(result, 'service').metadata.namespace).toBe('ingress');
    expect(byRole(result, 'service').spec).toMatchObject({
      selector: { app: 'haproxy' },
      ports: [
        { name: 'https', port: 443, targetPort: 9443, protocol: 'TCP' },
        { name: 'http3', port: 443, targetPort: 9443, protocol: 'UDP' },
      ],
    });
    expect(parse(result.artifacts[0].content)).toStrictEqual({
      args: ['--configmap=ingress/haproxy-config', '--https-bind-port=9443', '--quic-bind-port=9443', '--quic-announce-port=443'],
    });
    expect(byRole(result, 'ingress').metadata.namespace).toBe('web');
  });

  test('two Services: kube-http3 creates them, so any provider layout works', () => {
    const result = listener({ gateway: MANIFESTS, provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(result.resources.map((r) => r.role)).toEqual(['ingress', 'controller-config', 'service-tcp', 'service-udp']);
    expect(result.serviceNames).toEqual(['shop-tcp', 'shop-udp']);
  });

  test('withdraw: --disable-quic, no UDP port, no max age, alt-svc: clear on the Ingress', () => {
    const result = listener({ gateway: MANIFESTS, altSvc: { clear: true } });
    expect(byRole(result, 'controller-config').data).toStrictEqual({ 'ssl-certificate': 'default/shop-cert' });
    expect((byRole(result, 'service').spec as { ports: object[] }).ports).toStrictEqual([
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
    ]);
    expect(byRole(result, 'ingress').metadata.annotations).toStrictEqual({ 'haproxy.org/response-set-header': 'alt-svc clear' });
    expect(parse(result.artifacts[0].content)).toStrictEqual({
      args: ['--configmap=haproxy-controller/haproxy-kubernetes-ingress', '--https-bind-port=8443', '--disable-quic'],
    });
    expect(result.report.notes.find((n) => n.topic === 'haproxy-controller-flags')?.message).toBe(
      'run the controller with the flags of shop.haproxy-ingress-args.yaml: ' +
        'without --disable-quic it keeps advertising h3 while no UDP port reaches it',
    );
  });
});

describe('haproxy: guards', () => {
  // networking.k8s.io/v1 IngressServiceBackend has name and port only
  test.each([['helm', 'haproxy'], ['manifests', MANIFESTS]] as const)('%s: a backend in another namespace is refused', (_title, gateway) => {
    const error = errorOf(() => listener({ namespace: 'web', backend: { service: 'shop', port: 8080, namespace: 'apps' }, gateway }));
    expect(error.prop).toBe('backend.namespace');
    expect(error.value).toBe('apps');
    expect(error.message).toBe(
      'backend.namespace "apps" cannot be combined with gateway.implementation "haproxy": an Ingress routes only to Services in its own namespace ' +
        '(web): networking.k8s.io/v1 Ingress backends have no namespace; set namespace to "apps" so the Ingress lives beside the backend, or ' +
        'leave backend.namespace out',
    );
  });

  test('a backend namespace equal to the Ingress namespace is accepted', () => {
    const result = listener({ namespace: 'apps', backend: { service: 'shop', port: 8080, namespace: 'apps' } });
    expect(byRole(result, 'ingress').metadata.namespace).toBe('apps');
  });

  test.each<[string, unknown]>([
    ['namespace', 'ingress'],
    ['selector', { app: 'haproxy' }],
    ['configMapName', 'haproxy-config'],
    ['httpsBindPort', 9443],
  ])('install helm refuses %s', (field, value) => {
    const error = errorOf(() => listener({ gateway: { implementation: 'haproxy', [field]: value } }));
    expect(error.prop).toBe(`gateway.${field}`);
    expect(error.message).toBe(
      `gateway.${field} ${JSON.stringify(value)} cannot be combined with gateway.install "helm": ` +
        'it describes a controller kube-http3 wires itself; ' +
        'with the chart, the chart creates the Service, the ConfigMap and the flags in the release namespace; ' +
        `remove ${field}, or set install "manifests"`,
    );
  });

  // gateways.md §5.5: QUIC added in v1.11.0
  test.each<[string, boolean]>([
    ['1.10.11', false],
    ['v1.10.0', false],
    ['1.11.0', true],
    ['1.11', true],
    ['3.2.12', true],
  ])('version %s accepted: %s', (version, accepted) => {
    const run = () => listener({ gateway: { implementation: 'haproxy', version } });
    if (accepted) {
      expect(run().resources.map((r) => r.role)).toEqual(['ingress']);
      return;
    }
    const error = errorOf(run);
    expect(error.prop).toBe('gateway.version');
    expect(error.message).toBe(
      `gateway.version ${JSON.stringify(version)} has no QUIC: the controller added QUIC binds and --quic-announce-port in v1.11.0; ` +
        'upgrade the HAProxy Kubernetes Ingress Controller to v1.11.0 or later',
    );
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ['install kubectl', { install: 'kubectl' }, 'gateway.install', 'gateway.install must be one of "helm", "manifests", got "kubectl"'],
    [
      'an IngressClass name with a space',
      { ingressClassName: 'haproxy public' },
      'gateway.ingressClassName',
      'gateway.ingressClassName must be a DNS-1123 subdomain (lowercase dot-separated labels, at most 253 characters), got "haproxy public"',
    ],
    [
      'an empty selector',
      { install: 'manifests', selector: {} },
      'gateway.selector',
      'gateway.selector must be a non-empty map of pod labels, got {}; a Service without a selector reaches no pods',
    ],
    [
      'httpsBindPort 70000',
      { install: 'manifests', httpsBindPort: 70000 },
      'gateway.httpsBindPort',
      'gateway.httpsBindPort must be an integer between 1 and 65535, got 70000',
    ],
  ])('bad option: %s', (_title, options, prop, message) => {
    const error = errorOf(() => listener({ gateway: { implementation: 'haproxy', ...options } }));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  test('altSvc false is refused: the controller advertises by itself', () => {
    const error = errorOf(() => listener({ altSvc: false }));
    expect(error.message).toBe(
      'altSvc false cannot be combined with gateway.implementation "haproxy": the HAProxy Kubernetes Ingress Controller sets alt-svc: ' +
        'h3=":<--quic-announce-port>";ma=<quic-alt-svc-max-age>; on every response of its HTTPS frontend, so it cannot serve HTTP/3 without ' +
        'advertising it; remove altSvc: false, or use altSvc: { clear: true } to turn HTTP/3 off and withdraw it',
    );
  });

  test('AltSvcPolicy with haproxy: any max age, the controller is configured with it', () => {
    expect(synthesizeAltSvcPolicy({ gateway: 'haproxy' }).value).toBe('h3=":443"; ma=86400');
    expect(synthesizeAltSvcPolicy({ gateway: 'haproxy', port: 8443, maxAgeSeconds: 600 }).value).toBe('h3=":8443"; ma=600');
  });
});

// annotations.md: load-balance (configmap, ingress, service) takes hdr(<name>) and source; cookie-persistence is Service/ConfigMap only
describe('haproxy: session affinity through haproxy.org/load-balance', () => {
  test.each([
    [{ type: 'header', name: 'x-session-id' } as const, 'hdr(x-session-id)'],
    [{ type: 'source-ip' } as const, 'source'],
  ])('%j', (sessionAffinity, algorithm) => {
    const result = listener({ sessionAffinity });
    expect(byRole(result, 'ingress').metadata.annotations).toStrictEqual({ 'haproxy.org/load-balance': algorithm });
    expect(result.report.notes.find((n) => n.topic === 'haproxy-load-balance')?.message).toBe(
      `affinity is the backend's balance ${algorithm} (haproxy.org/load-balance on the Ingress): HAProxy's default map-based hash remaps most ` +
        'clients when a backend pod comes or goes, and a load-balance annotation on the backend Service takes precedence over the Ingress',
    );
  });

  test('affinity and withdrawal together', () => {
    const result = listener({ gateway: MANIFESTS, sessionAffinity: { type: 'source-ip' }, altSvc: { clear: true } });
    expect(byRole(result, 'ingress').metadata.annotations).toStrictEqual({
      'haproxy.org/load-balance': 'source',
      'haproxy.org/response-set-header': 'alt-svc clear',
    });
  });

  test('cookie affinity is refused: the controller reads cookie-persistence from the Service, never from an Ingress', () => {
    const error = errorOf(() => listener({ sessionAffinity: { type: 'cookie', name: 'session' } }));
    expect(error.prop).toBe('sessionAffinity.type');
    expect(error.message).toBe(
      'sessionAffinity.type "cookie" cannot be combined with gateway.implementation "haproxy": kube-http3 renders haproxy affinity only for ' +
        '"header", "source-ip"; use type "header" or "source-ip"',
    );
  });
});

describe('haproxy: Http3Gateway', () => {
  test('cert-manager issues the Secret beside the Ingress; ssl-certificate names it', () => {
    const result = synthesizeHttp3Gateway({
      name: 'shop',
      namespace: 'web',
      hostnames: ['shop.example.org', 'www.shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway: { implementation: 'haproxy', install: 'manifests' },
      provider: { name: 'aws-lbc', scheme: 'internet-facing' },
      tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
    });
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => [r.role, r.manifest.kind, r.manifest.metadata.namespace])).toEqual([
      ['ingress', 'Ingress', 'web'],
      ['controller-config', 'ConfigMap', 'haproxy-controller'],
      ['service', 'Service', 'haproxy-controller'],
      ['certificate', 'Certificate', 'web'],
    ]);
    expect((byRole(result, 'controller-config').data as Record<string, string>)['ssl-certificate']).toBe('web/shop-tls');
    expect((byRole(result, 'ingress').spec as { tls: object }).tls).toStrictEqual([
      { hosts: ['shop.example.org', 'www.shop.example.org'], secretName: 'shop-tls' },
    ]);
    expect(result.httpsRecords.map((r) => r.text)).toEqual([
      'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
      'www.shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
    ]);
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
