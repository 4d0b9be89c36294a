/**
 * `digitalocean-load-balancer`: the one TCP-only LoadBalancer Service whose annotations make DigitalOcean's
 * cloud controller build a REGIONAL load balancer that terminates HTTP/3 (loadbalancers.md §4; DO CCM
 * docs/controllers/services/annotations.md and examples/http3-with-http2.yml).
 */
import { AltSvcAttachment, synthesizeAltSvcPolicy } from '../../lib/core/alt-svc-policy';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import type { KubeManifest } from '../../lib/core/types';
import { digitaloceanLoadBalancerGateway } from '../../lib/gateways/digitalocean-load-balancer';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const CERT = 'c019bbf4-cad2-4884-8a20-410ddad7f54a';
const DO = { implementation: 'digitalocean-load-balancer', selector: { app: 'shop' }, targetPort: 8080 } as const;

const BASE: QuicListenerOptions = {
  name: 'shop-edge',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 80 },
  gateway: DO,
  loadBalancerCertificateId: CERT,
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

const LABELS = { 'app.kubernetes.io/instance': 'shop-edge', 'app.kubernetes.io/managed-by': 'kube-http3' };
const DO_PREFIX = 'service.beta.kubernetes.io/do-loadbalancer-';
const ANNOTATIONS = {
  [`${DO_PREFIX}type`]: 'REGIONAL',
  [`${DO_PREFIX}certificate-id`]: CERT,
  [`${DO_PREFIX}http2-ports`]: '443',
  [`${DO_PREFIX}http3-port`]: '443',
};

/** the load-balancer Service with the annotations, port and namespace */
function serviceManifest(
  annotations: Record<string, string>,
  options: { port?: number; namespace?: string; etp?: string; targetPort?: number } = {},
): KubeManifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop-edge', namespace: options.namespace ?? 'shop', labels: LABELS, annotations },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: options.etp ?? 'Local',
      selector: { app: 'shop' },
      ports: [{ name: 'https', port: options.port ?? 443, targetPort: options.targetPort ?? 8080, protocol: 'TCP' }],
    },
  };
}

describe('digitalocean-load-balancer: the Service', () => {
  // examples/http3-with-http2.yml: http3-port + http2-ports on the same port + certificate-id, one TCP port
  test('one TCP-only Service with the REGIONAL, certificate, HTTP/2 and HTTP/3 annotations, exactly', () => {
    const result = listener();
    expect(result.resources.map((r) => [r.role, r.primary === true])).toEqual([['service', true]]);
    expect(byRole(result, 'service')).toStrictEqual(serviceManifest(ANNOTATIONS));
    expect(result.artifacts).toEqual([]);
    expect(result.altSvcValue).toBe('h3=":443"; ma=86400');
    expect(result.quic).toBe(true);
    // the implementation renders the load-balancer Service itself: it is still listed as one
    expect(result.serviceNames).toEqual(['shop-edge']);
  });

  test('tcpProtocol https: the port is a tls-ports rule', () => {
    const result = listener({ gateway: { ...DO, tcpProtocol: 'https' } });
    expect(byRole(result, 'service')).toStrictEqual(serviceManifest({
      [`${DO_PREFIX}type`]: 'REGIONAL',
      [`${DO_PREFIX}certificate-id`]: CERT,
      [`${DO_PREFIX}tls-ports`]: '443',
      [`${DO_PREFIX}http3-port`]: '443',
    }));
    expect(result.report.tcpFallback).toEqual({ status: FindingStatus.YES, detail: 'the HTTPS rule keeps serving HTTPS on 443/TCP' });
  });

  test('port 8443, targetPort 9000, externalTrafficPolicy Cluster', () => {
    const result = listener({ port: 8443, externalTrafficPolicy: 'Cluster', gateway: { ...DO, targetPort: 9000 } });
    expect(byRole(result, 'service')).toStrictEqual(serviceManifest(
      { ...ANNOTATIONS, [`${DO_PREFIX}http2-ports`]: '8443', [`${DO_PREFIX}http3-port`]: '8443' },
      { port: 8443, etp: 'Cluster', targetPort: 9000 },
    ));
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
  });

  test('the Service goes to the backend namespace by default, or to gateway.namespace', () => {
    const inBackend = listener({ backend: { service: 'shop', port: 80, namespace: 'apps' } });
    expect(byRole(inBackend, 'service').metadata.namespace).toBe('apps');
    const explicit = listener({ gateway: { ...DO, namespace: 'edge' } });
    expect(byRole(explicit, 'service').metadata.namespace).toBe('edge');
  });

  test('the generic provider\'s annotations are kept, after kube-http3\'s', () => {
    const result = listener({ provider: { name: 'generic', annotations: { [`${DO_PREFIX}size-unit`]: '2', 'example.com/team': 'web' } } });
    expect(byRole(result, 'service').metadata.annotations).toStrictEqual({
      ...ANNOTATIONS,
      [`${DO_PREFIX}size-unit`]: '2',
      'example.com/team': 'web',
    });
  });

  test('labels go on the Service', () => {
    expect(byRole(listener({ labels: { team: 'web' } }), 'service').metadata.labels).toStrictEqual({ ...LABELS, team: 'web' });
  });
});

describe('digitalocean-load-balancer: withdraw', () => {
  test('altSvc.clear: no http3-port (the HTTP/3 rule goes away), the application must answer Alt-Svc: clear', () => {
    const result = listener({ altSvc: { clear: true } });
    expect(byRole(result, 'service')).toStrictEqual(serviceManifest({
      [`${DO_PREFIX}type`]: 'REGIONAL',
      [`${DO_PREFIX}certificate-id`]: CERT,
      [`${DO_PREFIX}http2-ports`]: '443',
    }));
    expect(result.quic).toBe(false);
    expect(result.altSvcValue).toBe('clear');
    expect(result.report.quicTerminatedBy).toBe('nobody: HTTP/3 is off while it is withdrawn (altSvc.clear)');
    expect(result.report.discovery.status).toBe(FindingStatus.NO);
    expect(result.report.notes.find((n) => n.topic === 'digitalocean-alt-svc')).toEqual({
      severity: NoteSeverity.WARNING,
      topic: 'digitalocean-alt-svc',
      message:
        'HTTP/3 is withdrawn: the Service has no do-loadbalancer-http3-port, and your application must answer with Alt-Svc: clear until the '
        + 'max age it advertised before has run out',
    });
  });
});

describe('digitalocean-load-balancer: report and Alt-Svc', () => {
  test('the load balancer terminates QUIC; the application sends Alt-Svc', () => {
    const { report } = listener();
    expect(report.quicTerminatedBy).toBe(
      `the DigitalOcean load balancer (type REGIONAL) with the certificate ${CERT}; it forwards plain HTTP to the pods in shop selected by `
        + '{"app":"shop"}, port 8080',
    );
    expect(report.clientIp).toEqual({
      status: FindingStatus.PARTIAL,
      detail:
        'the load balancer terminates every connection: pods see its address; the client IP arrives in X-Forwarded-For, which DigitalOcean '
        + 'documents for HTTP rules and HTTPS rules with a certificate (for the HTTP/3 rule unverified)',
    });
    expect(report.connectionMigration).toEqual({
      status: FindingStatus.PARTIAL,
      detail:
        'QUIC ends at the load balancer, so no in-cluster 5-tuple hashing breaks it; whether the DigitalOcean load balancer supports connection '
          + 'migration is not documented (unverified)',
    });
    expect(report.udpHealthCheck).toEqual({
      status: FindingStatus.NOT_APPLICABLE,
      detail:
        'no UDP reaches the cluster: the load balancer health-checks kube-proxy over HTTP (/healthz on 10256, or the healthCheckNodePort with '
          + 'externalTrafficPolicy Local)',
    });
    expect(report.tcpFallback).toEqual({ status: FindingStatus.YES, detail: 'the HTTP/2 rule keeps serving HTTPS on 443/TCP' });
    expect(report.discovery).toEqual({
      status: FindingStatus.PARTIAL,
      detail:
        'the backends must send Alt-Svc h3=":443"; ma=86400 themselves (your application sends it on every response; the DigitalOcean load '
        + 'balancer is not documented to add Alt-Svc): kube-http3 cannot attach it',
    });
    expect(report.notes).toEqual([
      {
        severity: NoteSeverity.INFO,
        topic: 'digitalocean-regional',
        message:
          'the Service sets do-loadbalancer-type REGIONAL: only REGIONAL (proxy) load balancers have HTTP/3 rules; a REGIONAL_NETWORK '
          + '(pass-through, the documented default) load balancer builds plain TCP/UDP rules and ignores do-loadbalancer-http3-port',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'digitalocean-plain-http-backend',
        message:
          'the pods receive plain HTTP on 8080 (X-Forwarded-Proto tells them the client used HTTPS): TLS and QUIC end at the load balancer; '
          + 'the Service shop/shop-edge replaces the backend shop/shop on the data path',
      },
      {
        severity: NoteSeverity.WARNING,
        topic: 'digitalocean-alt-svc',
        message:
          'kube-http3 found no documentation that the DigitalOcean load balancer adds Alt-Svc: your application must send Alt-Svc: '
          + 'h3=":443"; ma=86400 on its responses (they reach clients through the TCP rule); check with curl -sI whether the load balancer '
          + 'adds one too, and if it does, stop sending yours so that clients do not receive the alternative twice',
      },
      {
        severity: NoteSeverity.INFO,
        topic: 'digitalocean-certificate',
        message:
          'a Let\'s Encrypt certificate managed by DigitalOcean gets a new ID at every renewal: the cloud controller then keeps the load '
          + 'balancer\'s renewed certificate while the annotation names the old one (same certificate name) or a deleted one; update the ID '
          + 'in your props when you next deploy',
      },
    ]);
  });

  test('the max age the application must send follows altSvc.maxAgeSeconds; altSvc false advertises nothing', () => {
    const short = listener({ altSvc: { maxAgeSeconds: 300 } });
    expect(short.altSvcValue).toBe('h3=":443"; ma=300');
    expect(short.report.notes.find((n) => n.topic === 'digitalocean-alt-svc')?.message).toContain('must send Alt-Svc: h3=":443"; ma=300 on');
    const none = listener({ altSvc: false });
    expect(none.altSvcValue).toBeUndefined();
    expect(byRole(none, 'service').metadata.annotations).toStrictEqual(ANNOTATIONS);
    expect(none.report.notes.map((n) => n.topic)).toEqual(['digitalocean-regional', 'digitalocean-plain-http-backend', 'digitalocean-certificate']);
  });

  test('AltSvcPolicy: computed for the backends, attached by nobody', () => {
    const policy = synthesizeAltSvcPolicy({ gateway: { ...DO } });
    expect(policy.value).toBe('h3=":443"; ma=86400');
    expect(policy.attachment).toBe(AltSvcAttachment.NONE);
  });

  test('support row and plug-in facts', () => {
    const options = digitaloceanLoadBalancerGateway.parse({ ...DO }, 'gateway');
    expect(options).toEqual({
      implementation: 'digitalocean-load-balancer',
      selector: { app: 'shop' },
      targetPort: 8080,
      namespace: undefined,
      tcpProtocol: 'http2',
    });
    expect(digitaloceanLoadBalancerGateway.serviceOwner(options)).toBe('none');
    expect(digitaloceanLoadBalancerGateway.tlsKinds(options)).toEqual(['load-balancer']);
    expect(digitaloceanLoadBalancerGateway.sessionAffinity).toEqual([]);
    expect(digitaloceanLoadBalancerGateway.support).toEqual({
      howEnabled:
        'annotations on one TCP-only LoadBalancer Service kube-http3 creates: `do-loadbalancer-type: REGIONAL`, `do-loadbalancer-http3-port`, '
        + '`do-loadbalancer-certificate-id` and `do-loadbalancer-http2-ports` on the same port',
      autoUdpPort: 'n/a: the load balancer terminates QUIC, the Service stays TCP-only',
      autoAltSvc: 'not documented: your application sends it (kube-http3 computes the value)',
      caveats: 'REGIONAL load balancers only; pods receive plain HTTP, client IP in X-Forwarded-For; no session affinity (sticky sessions pin '
        + 'nodes, not pods)',
    });
  });
});

describe('digitalocean-load-balancer: refusals', () => {
  test.each<[string, Record<string, unknown>, string, unknown, string]>([
    [
      'no selector',
      { implementation: 'digitalocean-load-balancer', targetPort: 8080 },
      'gateway.selector',
      undefined,
      'gateway.selector must be a non-empty map of pod labels, got undefined; gateway.selector is required',
    ],
    [
      'an empty selector',
      { ...DO, selector: {} },
      'gateway.selector',
      {},
      'gateway.selector must be a non-empty map of pod labels, got {}; a Service without a selector reaches no pods',
    ],
    [
      'no targetPort',
      { implementation: 'digitalocean-load-balancer', selector: { app: 'shop' } },
      'gateway.targetPort',
      undefined,
      'gateway.targetPort must be the pods\' plain-HTTP port, got undefined; gateway.targetPort is required',
    ],
    ['targetPort 0', { ...DO, targetPort: 0 }, 'gateway.targetPort', 0, 'gateway.targetPort must be an integer between 1 and 65535, got 0'],
    [
      'tcpProtocol tcp',
      { ...DO, tcpProtocol: 'tcp' },
      'gateway.tcpProtocol',
      'tcp',
      'gateway.tcpProtocol must be one of "http2", "https", got "tcp"',
    ],
    [
      'namespace Web',
      { ...DO, namespace: 'Web' },
      'gateway.namespace',
      'Web',
      'gateway.namespace must be a DNS-1123 label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit), got '
        + '"Web"',
    ],
  ])('options: %s', (_title, gateway, prop, value, message) => {
    const error = errorOf(() => listener({ gateway }));
    expect(error.prop).toBe(prop);
    expect(error.value).toEqual(value);
    expect(error.message).toBe(message);
  });

  test('the shorthand is refused: the Service must select pods', () => {
    const error = errorOf(() => listener({ gateway: 'digitalocean-load-balancer' }));
    expect(error.prop).toBe('gateway.selector');
  });

  // the Service kube-http3 creates would overwrite the backend Service
  test('a construct named like the backend Service in the same namespace is refused', () => {
    const error = errorOf(() => listener({ backend: { service: 'shop-edge', port: 80 } }));
    expect(error.prop).toBe('name');
    expect(error.message).toBe(
      'name "shop-edge" cannot be combined with backend.service "shop-edge": the load-balancer Service kube-http3 creates in shop would '
        + 'replace the backend Service of the same name; give the construct another name (the name prop)',
    );
    // in another namespace there is no clash
    expect(listener({ backend: { service: 'shop-edge', port: 80 }, gateway: { ...DO, namespace: 'edge' } }).resources).toHaveLength(1);
  });

  test.each<[string, unknown]>([
    ['kind', 'kind'],
    ['metallb', { name: 'metallb', address: '192.0.2.10' }],
    ['metallb', { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' }],
    ['aws-lbc', { name: 'aws-lbc', scheme: 'internet-facing' }],
  ])('provider %s is refused', (name, provider) => {
    const error = errorOf(() => listener({ provider }));
    expect(error.prop).toBe('provider.name');
    expect(error.message).toBe(
      `provider.name ${JSON.stringify(name)} cannot be combined with gateway.implementation "digitalocean-load-balancer": the DigitalOcean load `
        + 'balancer is created by DigitalOcean\'s cloud controller from the Service kube-http3 renders, and terminates HTTP/3 itself; another '
        + 'provider would shape a different load balancer; use provider "generic" (the default) on a DigitalOcean Kubernetes cluster',
    );
  });

  test.each<unknown>(['digitalocean', { name: 'digitalocean', type: 'REGIONAL' }])('provider digitalocean is refused (%p)', (provider) => {
    const error = errorOf(() => listener({ provider }));
    expect(error.prop).toBe('provider.name');
    expect(error.value).toBe('digitalocean');
    expect(error.message).toBe(
      'provider.name "digitalocean" cannot be combined with gateway.implementation "digitalocean-load-balancer": the digitalocean provider builds '
        + 'plain tcp and udp rules that pass TLS and QUIC through to a gateway in the cluster, while this implementation has the load balancer '
        + 'terminate them; use provider "generic" (the default): the Service this implementation renders carries the DigitalOcean annotations itself',
    );
  });

  test('a loadBalancerClass is refused: the cloud controller would ignore the Service', () => {
    const error = errorOf(() => listener({ provider: { name: 'generic', loadBalancerClass: 'example.com/l4' } }));
    expect(error.prop).toBe('provider.loadBalancerClass');
    expect(error.message).toBe(
      'provider.loadBalancerClass "example.com/l4" would make DigitalOcean\'s cloud controller ignore the Service: controllers built on '
        + 'k8s.io/cloud-provider skip every Service with a loadBalancerClass; remove provider.loadBalancerClass',
    );
  });

  test.each<[string, string, string]>([
    ['type', 'REGIONAL_NETWORK', 'kube-http3 sets REGIONAL: only REGIONAL load balancers terminate HTTP/3'],
    ['certificate-id', 'other', 'kube-http3 sets it from the tls prop'],
    ['certificate-name', 'shop-cert', 'the certificate-id kube-http3 sets from the tls prop takes precedence over it'],
    ['http2-ports', '443', 'kube-http3 sets the TCP rule of the port from gateway.tcpProtocol'],
    ['tls-ports', '443', 'kube-http3 sets the TCP rule of the port from gateway.tcpProtocol'],
    ['http3-port', '443', 'kube-http3 sets it from the port while HTTP/3 is on, and leaves it out while it is withdrawn'],
    ['tls-passthrough', 'true', 'the cloud controller refuses TLS passthrough together with HTTP/3'],
  ])('provider annotation do-loadbalancer-%s is refused', (suffix, value, reason) => {
    const key = `${DO_PREFIX}${suffix}`;
    const error = errorOf(() => listener({ provider: { name: 'generic', annotations: { [key]: value } } }));
    expect(error.prop).toBe(`provider.annotations[${JSON.stringify(key)}]`);
    expect(error.message).toBe(
      `provider.annotations[${JSON.stringify(key)}] ${JSON.stringify(value)} cannot be set with gateway.implementation "digitalocean-load-balancer": `
        + `${reason}; remove it`,
    );
  });

  test('a Secret is refused: the load balancer terminates TLS', () => {
    const error = errorOf(() => listener({ loadBalancerCertificateId: undefined, tlsSecretName: 'shop-tls' }));
    expect(error.prop).toBe('tlsSecretName');
    expect(error.message).toBe(
      'tlsSecretName "shop-tls" cannot be combined with gateway.implementation "digitalocean-load-balancer": digitalocean-load-balancer terminates '
        + 'TLS at the load balancer, which cannot read a Kubernetes Secret; give tls as { loadBalancerCertificateId } for a certificate the load '
        + 'balancer holds',
    );
  });

  test('QuicListener needs the certificate ID', () => {
    const error = errorOf(() => listener({ loadBalancerCertificateId: undefined }));
    expect(error.prop).toBe('loadBalancerCertificateId');
    expect(error.message).toBe(
      'loadBalancerCertificateId must be a load-balancer certificate ID, got undefined; loadBalancerCertificateId is required for '
        + 'digitalocean-load-balancer',
    );
  });

  test('nodePort is refused: the Service is the implementation\'s', () => {
    const error = errorOf(() => listener({ nodePort: 30443 }));
    expect(error.prop).toBe('nodePort');
    expect(error.message).toBe(
      'nodePort 30443 cannot be combined with gateway.implementation "digitalocean-load-balancer": it needs no UDP Service; remove nodePort',
    );
  });

  test.each([{ type: 'source-ip' }, { type: 'cookie', name: 'session' }])('sessionAffinity $type is refused', (sessionAffinity) => {
    const error = errorOf(() => listener({ sessionAffinity }));
    expect(error.prop).toBe('sessionAffinity.type');
    expect(error.message).toBe(
      `sessionAffinity.type ${JSON.stringify(sessionAffinity.type)} cannot be combined with gateway.implementation "digitalocean-load-balancer": `
        + 'kube-http3 has no session affinity for digitalocean-load-balancer; remove sessionAffinity, or choose an implementation that has it',
    );
  });
});

describe('digitalocean-load-balancer: Http3Gateway', () => {
  const props = (options: Partial<Http3GatewayOptions>): Http3GatewayOptions => ({
    name: 'shop-edge',
    namespace: 'shop',
    hostnames: ['shop.example.org', 'www.shop.example.org'],
    backend: { service: 'shop', port: 80 },
    gateway: DO,
    ...options,
  });

  test('tls.loadBalancerCertificateId: only the Service, the HTTPS records, no Secret', () => {
    const result = synthesizeHttp3Gateway(props({ tls: { loadBalancerCertificateId: CERT } }));
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.resources.map((r) => r.role)).toEqual(['service']);
    expect(byRole(result, 'service')).toStrictEqual(serviceManifest(ANNOTATIONS));
    expect(result.tlsSecretName).toBeUndefined();
    expect(result.httpsRecords.map((r) => r.text)).toEqual([
      'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
      'www.shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
    ]);
    expect(result.report.notes.map((n) => n.topic)).toContain('tls-load-balancer-certificate');
  });

  test.each<[string, Http3GatewayOptions['tls']]>([
    ['secretName', { secretName: 'shop-tls' }],
    ['certManager', { certManager: { issuer: 'letsencrypt' } }],
  ])('tls %s is refused', (_title, tls) => {
    const error = errorOf(() => synthesizeHttp3Gateway(props({ tls })));
    expect(error.prop).toBe('tls');
    expect(error.message).toBe(
      `tls ${JSON.stringify(tls)} cannot be combined with gateway.implementation "digitalocean-load-balancer": digitalocean-load-balancer `
        + 'terminates TLS at the load balancer, which cannot read a Kubernetes Secret; give tls as { loadBalancerCertificateId } for a '
        + 'certificate the load balancer holds',
    );
  });

  test('withdraw: the DNS records stop advertising h3', () => {
    const result = synthesizeHttp3Gateway(props({ tls: { loadBalancerCertificateId: CERT }, altSvc: { clear: true } }));
    collector.add(result.resources.map((r) => r.manifest));
    expect(result.httpsRecords.map((r) => r.text)).toEqual([
      'shop.example.org. 300 IN HTTPS 1 . alpn=h2',
      'www.shop.example.org. 300 IN HTTPS 1 . alpn=h2',
    ]);
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
