/**
 * Http3Gateway (Pulumi) under mocks: the children it registers (type, name, parent, exact inputs), its outputs,
 * the pulumi.Input leaf path (placeholders in, resolved values out, secrets kept secret), deferred validation
 * of Input values at deployment, and the refusal of structural props given as Outputs.
 */
import * as pulumi from '@pulumi/pulumi';
import { Http3ConfigError } from 'kube-http3';
import { Http3Gateway, type Http3GatewayArgs } from 'kube-http3/pulumi';
import { makeCertificate, type PemPair } from '../helpers/certs';
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
  unsecret,
  withoutSerializationContext, plainValueMessage } from '../helpers/pulumi';
import { ManifestCollector } from '../helpers/schemas';

const TYPE = 'kube-http3:index:Http3Gateway';
const SERVICE = 'kubernetes:core/v1:Service';
const SECRET = 'kubernetes:core/v1:Secret';
const ISTIO_GATEWAY = 'kubernetes:networking.istio.io/v1:Gateway';
const VIRTUAL_SERVICE = 'kubernetes:networking.istio.io/v1:VirtualService';
const GATEWAY = 'kubernetes:gateway.networking.k8s.io/v1:Gateway';
const HTTP_ROUTE = 'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute';
const CLIENT_TRAFFIC_POLICY = 'kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy';
const ENVOY_PROXY = 'kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy';
const CERTIFICATE = 'kubernetes:cert-manager.io/v1:Certificate';
const REFERENCE_GRANT = 'kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant';

const LABELS = { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kube-http3' };

const collector = new ManifestCollector();

let shopPem: PemPair;
let otherPem: PemPair;

beforeAll(async () => {
  await setupMocks();
  shopPem = await makeCertificate({ dnsNames: ['shop.example.org'] });
  otherPem = await makeCertificate({ dnsNames: ['other.example.org'] });
});
beforeEach(freshRegistrations);

/** the error a construction with plain values throws, with the registrations it started drained and forgotten */
async function plainError(construct: () => unknown): Promise<Error> {
  const error = thrownBy(construct);
  await freshRegistrations();
  return error;
}

/** construct, wait for every child, and check the registered manifests against the published schemas */
async function deploy(name: string, args: Http3GatewayArgs): Promise<Http3Gateway> {
  const gateway = new Http3Gateway(name, args);
  await settle(gateway, gateway.resources);
  collector.add(customInputs());
  return gateway;
}

/** the registrations as [type, name, custom], sorted */
function registrations(): Array<[string, string, boolean]> {
  return registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName);
}

const istioMetallb: Http3GatewayArgs = {
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio',
  provider: { name: 'metallb', address: '192.0.2.10' },
  tls: { secretName: 'shop-credential' },
};

const envoyAwsCertManager: Http3GatewayArgs = {
  namespace: 'web',
  hostnames: ['shop.example.org', 'www.shop.example.org'],
  backend: { service: 'shop', port: 8080, namespace: 'shop' },
  gateway: { implementation: 'envoy-gateway', gatewayClassName: 'eg' },
  provider: { name: 'aws-lbc', scheme: 'internet-facing' },
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  dns: { ttlSeconds: 60 },
};

describe('istio on metallb with an existing Secret', () => {
  test('registers the component and one child per manifest, named ${name}-<role>', async () => {
    await deploy('shop', istioMetallb);
    expect(registrations()).toEqual([
      [TYPE, 'shop', false],
      [SERVICE, 'shop-service', true],
      [ISTIO_GATEWAY, 'shop-gateway', true],
      [VIRTUAL_SERVICE, 'shop-virtual-service', true],
    ]);
  });

  test('every child is parented to the component (its URN encodes the parent type)', async () => {
    const gateway = await deploy('shop', istioMetallb);
    expect(await promiseOf(gateway.urn)).toBe(`urn:pulumi:stack::project::${TYPE}::shop`);
    const urns = await Promise.all(gateway.resources.map((r) => promiseOf(r.urn)));
    expect(urns).toEqual([
      childUrn(TYPE, ISTIO_GATEWAY, 'shop-gateway'),
      childUrn(TYPE, VIRTUAL_SERVICE, 'shop-virtual-service'),
      childUrn(TYPE, SERVICE, 'shop-service'),
    ]);
    for (const urn of urns) expect(urn).toContain(`${TYPE}$`);
    expect(await Promise.all(gateway.services.map((s) => promiseOf(s.urn)))).toEqual([childUrn(TYPE, SERVICE, 'shop-service')]);
  });

  test('the Service carries 443 over TCP and UDP to the gateway pods, with the MetalLB address', async () => {
    await deploy('shop', istioMetallb);
    expect(findRegistered(SERVICE, 'shop-service').inputs).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'shop',
        namespace: 'istio-system',
        labels: LABELS,
        annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' },
      },
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
  });

  test('the Istio Gateway terminates TLS with the Secret and the VirtualService routes to the backend', async () => {
    await deploy('shop', istioMetallb);
    expect(findRegistered(ISTIO_GATEWAY, 'shop-gateway').inputs).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts: ['shop.example.org'],
            tls: { mode: 'SIMPLE', credentialName: 'shop-credential' },
          },
        ],
      },
    });
    expect(findRegistered(VIRTUAL_SERVICE, 'shop-virtual-service').inputs).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'shop', namespace: 'default', labels: LABELS },
      spec: {
        hosts: ['shop.example.org'],
        gateways: ['default/shop'],
        http: [{ route: [{ destination: { host: 'shop.default.svc.cluster.local', port: { number: 8080 } } }] }],
      },
    });
  });

  test('outputs: Alt-Svc value, HTTPS record, TLS Secret name and the istioctl/Helm/zone artifacts', async () => {
    const gateway = await deploy('shop', istioMetallb);
    expect(await promiseOf(gateway.altSvcValue)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(gateway.httpsRecords)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect(await promiseOf(gateway.tlsSecretName)).toBe('shop-credential');
    const artifacts = await promiseOf(gateway.artifacts);
    expect(Object.keys(artifacts).sort()).toEqual([
      'shop.https-records.zone',
      'shop.istio-gateway-values.yaml',
      'shop.istio-operator.yaml',
      'shop.istiod-values.yaml',
    ]);
    expect(artifacts['shop.istiod-values.yaml']).toBe(
      '# apply with: helm upgrade istiod istio/istiod -n istio-system --reuse-values -f <this file> (istiod restarts with '
        + 'PILOT_ENABLE_QUIC_LISTENERS)\npilot:\n  env:\n    PILOT_ENABLE_QUIC_LISTENERS: "true"\n',
    );
    expect(artifacts['shop.https-records.zone']).toBe(
      '; add these records to the zone of each hostname (BIND or CoreDNS zone file, or your DNS provider); check with '
        + 'named-checkzone\nshop.example.org. 300 IN HTTPS 1 . alpn=h3,h2\n',
    );
  });

  test('report: who terminates QUIC, what MetalLB preserves, discovery by Alt-Svc and the HTTPS record', async () => {
    const { report } = await deploy('shop', istioMetallb);
    expect(report.quicTerminatedBy).toBe('the Istio ingress gateway pods (Envoy) in istio-system, selected by {"istio":"ingressgateway"}');
    expect({
      clientIp: report.clientIp.status,
      connectionMigration: report.connectionMigration.status,
      udpHealthCheck: report.udpHealthCheck.status,
      tcpFallback: report.tcpFallback.status,
      discovery: report.discovery.status,
    }).toEqual({ clientIp: 'yes', connectionMigration: 'no', udpHealthCheck: 'n/a', tcpFallback: 'yes', discovery: 'yes' });
    expect(report.notes.map((n) => n.topic)).toEqual([
      'apply-server-side',
      'istio-quic-setting',
      'istio-single-load-balancer',
      'tls-existing-secret',
      'https-record-upgrades-http',
    ]);
  });

  test('the manifests are named after args.name while the children keep the resource name', async () => {
    await deploy('edge', { ...istioMetallb, name: 'shop' });
    expect(registrations()).toEqual([
      [TYPE, 'edge', false],
      [SERVICE, 'edge-service', true],
      [ISTIO_GATEWAY, 'edge-gateway', true],
      [VIRTUAL_SERVICE, 'edge-virtual-service', true],
    ]);
    expect(customInputs().map((m) => (m.metadata as { name: string }).name)).toEqual(['shop', 'shop', 'shop']);
  });
});

describe('envoy-gateway on aws-lbc with cert-manager and a backend in another namespace', () => {
  test('registers the Gateway API objects, the ClientTrafficPolicy, the EnvoyProxy, the Certificate and a ReferenceGrant; no Service', async () => {
    const gateway = await deploy('shop', envoyAwsCertManager);
    expect(registrations()).toEqual([
      [TYPE, 'shop', false],
      [CERTIFICATE, 'shop-certificate', true],
      [CLIENT_TRAFFIC_POLICY, 'shop-client-traffic-policy', true],
      [ENVOY_PROXY, 'shop-envoy-proxy', true],
      [GATEWAY, 'shop-gateway', true],
      [HTTP_ROUTE, 'shop-route', true],
      [REFERENCE_GRANT, 'shop-reference-grant', true],
    ]);
    expect(gateway.services).toEqual([]);
  });

  test('the ClientTrafficPolicy turns http3 on for the HTTPS listener', async () => {
    await deploy('shop', envoyAwsCertManager);
    expect(findRegistered(CLIENT_TRAFFIC_POLICY, 'shop-client-traffic-policy').inputs).toEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'ClientTrafficPolicy',
      metadata: { name: 'shop', namespace: 'web', labels: LABELS },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'https' }],
        http3: {},
      },
    });
  });

  test('the EnvoyProxy shapes the generated Service as one NLB with a TCP_UDP listener', async () => {
    await deploy('shop', envoyAwsCertManager);
    expect(findRegistered(ENVOY_PROXY, 'shop-envoy-proxy').inputs).toEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'shop', namespace: 'web', labels: LABELS },
      spec: {
        provider: {
          type: 'Kubernetes',
          kubernetes: {
            envoyService: {
              type: 'LoadBalancer',
              annotations: {
                'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
                'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
                'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
                'service.beta.kubernetes.io/aws-load-balancer-enable-tcp-udp-listener': 'true',
              },
              externalTrafficPolicy: 'Local',
            },
          },
        },
      },
    });
    expect(findRegistered(GATEWAY, 'shop-gateway').inputs).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop', namespace: 'web', labels: LABELS },
      spec: {
        gatewayClassName: 'eg',
        infrastructure: { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'shop' } },
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] },
          },
        ],
      },
    });
  });

  test('the Certificate covers every hostname, and the route reaches the backend namespace through a ReferenceGrant', async () => {
    await deploy('shop', envoyAwsCertManager);
    expect(findRegistered(CERTIFICATE, 'shop-certificate').inputs).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'shop', namespace: 'web', labels: LABELS },
      spec: {
        secretName: 'shop-tls',
        dnsNames: ['shop.example.org', 'www.shop.example.org'],
        issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    });
    expect(findRegistered(HTTP_ROUTE, 'shop-route').inputs).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'shop', namespace: 'web', labels: LABELS },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'https' }],
        hostnames: ['shop.example.org', 'www.shop.example.org'],
        rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'shop', namespace: 'shop', port: 8080 }] }],
      },
    });
    expect(findRegistered(REFERENCE_GRANT, 'shop-reference-grant').inputs).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'shop-web', namespace: 'shop', labels: LABELS },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'web' }],
        to: [{ group: '', kind: 'Service', name: 'shop' }],
      },
    });
  });

  test('outputs: one HTTPS record per hostname with the TTL, the Secret cert-manager writes, only the zone artifact', async () => {
    const gateway = await deploy('shop', envoyAwsCertManager);
    expect(await promiseOf(gateway.altSvcValue)).toBe('h3=":443"; ma=86400');
    expect(await promiseOf(gateway.httpsRecords)).toEqual([
      'shop.example.org. 60 IN HTTPS 1 . alpn=h3,h2',
      'www.shop.example.org. 60 IN HTTPS 1 . alpn=h3,h2',
    ]);
    expect(await promiseOf(gateway.tlsSecretName)).toBe('shop-tls');
    expect(Object.keys(await promiseOf(gateway.artifacts))).toEqual(['shop.https-records.zone']);
    expect(gateway.report.quicTerminatedBy).toBe('the Envoy Gateway proxy pods (Envoy)');
    expect(gateway.report.clientIp.status).toBe('yes');
  });

  test('withdrawing (altSvc.clear) drops the ClientTrafficPolicy, attaches Alt-Svc: clear and offers h2 only in DNS', async () => {
    const gateway = await deploy('shop', { ...envoyAwsCertManager, altSvc: { clear: true } });
    expect(registered.some((r) => r.type === CLIENT_TRAFFIC_POLICY)).toBe(false);
    expect(await promiseOf(gateway.altSvcValue)).toBe('clear');
    expect((findRegistered(HTTP_ROUTE, 'shop-route').inputs.spec as { rules: unknown[] }).rules).toEqual([
      {
        filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'clear' }] } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'shop', namespace: 'shop', port: 8080 }],
      },
    ]);
    expect(await promiseOf(gateway.httpsRecords)).toEqual([
      'shop.example.org. 60 IN HTTPS 1 . alpn=h2',
      'www.shop.example.org. 60 IN HTTPS 1 . alpn=h2',
    ]);
  });

  test('dns: false gives no HTTPS record and no zone artifact', async () => {
    const gateway = await deploy('shop', { ...envoyAwsCertManager, dns: false });
    expect(await promiseOf(gateway.httpsRecords)).toEqual([]);
    expect(await promiseOf(gateway.artifacts)).toEqual({});
  });
});

describe('pulumi.Input leaves', () => {
  test('hostnames, certificate and address as Outputs: the children get the resolved values', async () => {
    const gateway = await deploy('shop', {
      hostnames: [pulumi.output('shop.example.org')],
      backend: { service: 'shop', port: 8080 },
      gateway: 'istio',
      provider: { name: 'metallb', address: pulumi.output('192.0.2.10') },
      tls: { certificate: pulumi.output(shopPem.certificate), privateKey: pulumi.output(shopPem.privateKey) },
    });
    expect(registrations()).toEqual([
      [TYPE, 'shop', false],
      [SECRET, 'shop-tls-secret', true],
      [SERVICE, 'shop-service', true],
      [ISTIO_GATEWAY, 'shop-gateway', true],
      [VIRTUAL_SERVICE, 'shop-virtual-service', true],
    ]);
    expect((findRegistered(SERVICE, 'shop-service').inputs.metadata as { annotations: unknown }).annotations).toEqual({
      'metallb.io/loadBalancerIPs': '192.0.2.10',
    });
    expect(findRegistered(ISTIO_GATEWAY, 'shop-gateway').inputs.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['shop.example.org'],
          tls: { mode: 'SIMPLE', credentialName: 'shop-tls' },
        },
      ],
    });
    expect((findRegistered(VIRTUAL_SERVICE, 'shop-virtual-service').inputs.spec as { hosts: unknown }).hosts).toEqual(['shop.example.org']);
    expect(await promiseOf(gateway.httpsRecords)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
    expect((await promiseOf(gateway.artifacts))['shop.https-records.zone']).toContain('\nshop.example.org. 300 IN HTTPS 1 . alpn=h3,h2\n');
    // the report is plain data computed at construction: no placeholder may leak into it
    expect(JSON.stringify(gateway.report)).not.toContain('{{kube-http3:input:');
  });

  test('the HTTPS record text interpolates an Output hostname among plain ones', async () => {
    const gateway = await deploy('shop', {
      ...envoyAwsCertManager,
      hostnames: ['shop.example.org', pulumi.output('www.shop.example.org')],
    });
    expect(await promiseOf(gateway.httpsRecords)).toEqual([
      'shop.example.org. 60 IN HTTPS 1 . alpn=h3,h2',
      'www.shop.example.org. 60 IN HTTPS 1 . alpn=h3,h2',
    ]);
    expect((findRegistered(CERTIFICATE, 'shop-certificate').inputs.spec as { dnsNames: unknown }).dnsNames).toEqual([
      'shop.example.org',
      'www.shop.example.org',
    ]);
  });

  test('the TLS Secret holds the PEM as a Pulumi secret, type kubernetes.io/tls', async () => {
    await deploy('shop', {
      ...istioMetallb,
      tls: { certificate: pulumi.output(shopPem.certificate), privateKey: pulumi.output(shopPem.privateKey) },
    });
    expect(findRegistered(SECRET, 'shop-tls-secret').inputs).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-tls', namespace: 'istio-system', labels: LABELS },
      type: 'kubernetes.io/tls',
      stringData: {
        '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
        value: { 'tls.crt': shopPem.certificate, 'tls.key': shopPem.privateKey },
      },
    });
  });

  test('the private key is a secret even when passed as a plain string', async () => {
    await deploy('shop', { ...istioMetallb, tls: { certificate: shopPem.certificate, privateKey: shopPem.privateKey } });
    const secret = findRegistered(SECRET, 'shop-tls-secret').inputs;
    expect(secret.stringData).toEqual({
      '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
      value: { 'tls.crt': shopPem.certificate, 'tls.key': shopPem.privateKey },
    });
    expect(JSON.stringify({ ...secret, stringData: undefined })).not.toContain('PRIVATE KEY');
  });

  test('a secret hostname keeps the outputs that carry it secret', async () => {
    const gateway = await deploy('shop', { ...istioMetallb, hostnames: [pulumi.secret('shop.example.org')] });
    // the whole field that holds the secret hostname is sent as a secret; fields without it stay plain
    expect(findRegistered(VIRTUAL_SERVICE, 'shop-virtual-service').inputs.spec).toEqual({
      '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
      value: {
        hosts: ['shop.example.org'],
        gateways: ['default/shop'],
        http: [{ route: [{ destination: { host: 'shop.default.svc.cluster.local', port: { number: 8080 } } }] }],
      },
    });
    expect(findRegistered(VIRTUAL_SERVICE, 'shop-virtual-service').inputs.metadata).toEqual({ name: 'shop', namespace: 'default', labels: LABELS });
    expect(findRegistered(SERVICE, 'shop-service').inputs.spec).not.toHaveProperty('4dabf18193072939515e22adb298388d');
    expect(await pulumi.isSecret(gateway.httpsRecords)).toBe(true);
    expect(await pulumi.isSecret(gateway.artifacts)).toBe(true);
    expect(await pulumi.isSecret(gateway.altSvcValue)).toBe(false);
  });

  // PEM is stored exactly as given, so an Input and a plain value give the same Secret bytes
  test('a PEM Input without a final newline gives the same Secret as the plain PEM', async () => {
    const certificate = shopPem.certificate.trimEnd();
    const privateKey = shopPem.privateKey.trimEnd();
    await deploy('plain', { ...istioMetallb, name: 'shop', tls: { certificate, privateKey } });
    const plain = unsecret(findRegistered(SECRET, 'plain-tls-secret').inputs);
    await freshRegistrations();
    await deploy('input', { ...istioMetallb, name: 'shop', tls: { certificate: pulumi.output(certificate), privateKey: pulumi.output(privateKey) } });
    expect(unsecret(findRegistered(SECRET, 'input-tls-secret').inputs)).toEqual(plain);
  });
});

describe('deferred validation of Inputs', () => {
  test('an Output hostname that resolves to an invalid value fails the deployment with the plain-value message', async () => {
    const plain = await plainError(() => new Http3Gateway('plain', { ...istioMetallb, hostnames: ['Bad_Host'] }));
    expect(plain.message).toBe(
      'hostnames[0] must be a lowercase DNS hostname such as "app.example.com" (optionally "*." first, no trailing dot, no IP address), got '
        + '"Bad_Host"; write it as "bad_host"',
    );
    let gateway: Http3Gateway | undefined;
    const errors = await deploymentErrors(() => {
      gateway = new Http3Gateway('shop', { ...istioMetallb, hostnames: [pulumi.output('Bad_Host')] });
    });
    collector.add(customInputs());
    expect(gateway).toBeDefined();
    const unique = [...new Set(errors)];
    expect(unique).toHaveLength(1);
    const [error] = unique as Http3ConfigError[];
    expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
    expect({ prop: error.prop, value: error.value }).toEqual({ prop: 'hostnames[0]', value: 'Bad_Host' });
    expect(withoutSerializationContext(error.message)).toBe(plain.message);
    // every resource waits for the check of the resolved values: none is registered, not even the Service that carries no hostname
    expect(registrations()).toEqual([[TYPE, 'shop', false]]);
  });

  test('a certificate Output that does not cover the hostname fails the deployment with the plain-value message', async () => {
    const plain = await plainError(() => new Http3Gateway('plain', { ...istioMetallb, tls: otherPem }));
    expect(plain.message).toBe(
      'hostnames[0] "shop.example.org" is not covered by tls.certificate (its DNS names: other.example.org; the subject CN does not count for '
        + 'browsers); reissue the certificate with every hostname as a subjectAltName, or remove the hostname',
    );
    const errors = await deploymentErrors(() => new Http3Gateway('shop', {
      ...istioMetallb,
      tls: { certificate: pulumi.output(otherPem.certificate), privateKey: pulumi.output(otherPem.privateKey) },
    }));
    collector.add(customInputs());
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect(Http3ConfigError.isHttp3ConfigError(unique[0])).toBe(true);
    expect(withoutSerializationContext(unique[0].message)).toBe(plain.message);
    // only the Secret carries the certificate, but every resource waits for the check: none is registered
    expect(registrations()).toEqual([[TYPE, 'shop', false]]);
  });

  test('a private key Output that does not belong to the certificate fails the deployment with the plain-value message', async () => {
    const plain = await plainError(() => new Http3Gateway('plain', {
      ...istioMetallb,
      tls: { certificate: shopPem.certificate, privateKey: otherPem.privateKey },
    }));
    expect(plain.message).toMatch(/^tls\.privateKey <PEM private key> does not belong to the certificate \(subject CN=shop\.example\.org, serial /);
    const errors = await deploymentErrors(() => new Http3Gateway('shop', {
      ...istioMetallb,
      tls: { certificate: shopPem.certificate, privateKey: pulumi.secret(otherPem.privateKey) },
    }));
    collector.add(customInputs());
    const unique = [...new Set(errors)] as Error[];
    expect(unique.map((e) => withoutSerializationContext(e.message))).toEqual([plain.message]);
  });

  test('valid Inputs deploy without any error', async () => {
    const errors = await deploymentErrors(() => new Http3Gateway('shop', {
      ...istioMetallb,
      hostnames: [pulumi.output('shop.example.org')],
      tls: { certificate: pulumi.output(shopPem.certificate), privateKey: pulumi.secret(shopPem.privateKey) },
    }));
    collector.add(customInputs());
    expect(errors).toEqual([]);
    expect(registrations()).toEqual([
      [TYPE, 'shop', false],
      [SECRET, 'shop-tls-secret', true],
      [SERVICE, 'shop-service', true],
      [ISTIO_GATEWAY, 'shop-gateway', true],
      [VIRTUAL_SERVICE, 'shop-virtual-service', true],
    ]);
  });
});

describe('construction errors', () => {
  test('a structural prop given as an Output is refused at construction', () => {
    const error = thrownBy(() => new Http3Gateway('shop', { ...istioMetallb, port: pulumi.output(443) as unknown as number }));
    expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
    expect(error.message).toBe(plainValueMessage('port'));
  });

  test('the gateway implementation given as an Output is refused at construction', () => {
    const error = thrownBy(() => new Http3Gateway('shop', { ...istioMetallb, gateway: pulumi.output('istio') as unknown as 'istio' }));
    expect(error.message).toBe(plainValueMessage('gateway.implementation'));
  });

  test('a plain invalid combination throws the core error synchronously', () => {
    const error = thrownBy(() => new Http3Gateway('shop', {
      ...istioMetallb,
      gateway: 'envoy-gateway',
      provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' },
    }));
    expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
    expect(error.message).toBe(
      'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": Envoy Gateway generates exactly one '
        + 'Service per Gateway, with the TCP and the UDP port together; use mixedProtocol "single-service" on a provider that carries one mixed '
        + 'Service',
    );
  });
});

test('every manifest registered in this file passes the strict upstream validator', () => {
  expect(collector.size).toBeGreaterThan(40);
  collector.expectStrictlyValid();
});
