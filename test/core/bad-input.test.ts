import { X509Certificate } from 'node:crypto';
import { synthesizeAltSvcPolicy } from '../../lib/core/alt-svc-policy';
import { Http3ConfigError } from '../../lib/core/errors';
import { GATEWAYS } from '../../lib/gateways/registry';
import { PROVIDERS as REGISTERED_PROVIDERS } from '../../lib/providers/registry';
import { synthesizeHttp3Gateway } from '../../lib/core/http3-gateway';
import { synthesizeHttpsDnsRecord } from '../../lib/core/https-dns-record';
import { synthesizeMixedProtocolLoadBalancer } from '../../lib/core/mixed-protocol-load-balancer';
import { synthesizeQuicListener } from '../../lib/core/quic-listener';
import type { Synthesis } from '../../lib/core/types';
import { makeCertificate, type PemPair } from '../helpers/certs';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

type ConstructName = 'Http3Gateway' | 'QuicListener' | 'MixedProtocolLoadBalancer' | 'AltSvcPolicy' | 'HttpsDnsRecord';

const DAY = 86_400_000;
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (days: number): Date => new Date(NOW.getTime() + days * DAY);

/** the synthesis function of each construct (Http3Gateway checks certificates against NOW) */
const SYNTHESIZE: Record<ConstructName, (props: never) => Synthesis> = {
  Http3Gateway: (props) => synthesizeHttp3Gateway(props, { now: NOW }),
  QuicListener: synthesizeQuicListener,
  MixedProtocolLoadBalancer: synthesizeMixedProtocolLoadBalancer,
  AltSvcPolicy: synthesizeAltSvcPolicy,
  HttpsDnsRecord: synthesizeHttpsDnsRecord,
};

/** valid props of each construct: every row changes one thing (or one combination) in them */
const BASELINE: Record<ConstructName, Record<string, unknown>> = {
  Http3Gateway: {
    name: 'shop',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 8080 },
    gateway: 'istio',
    tls: { secretName: 'shop-cert' },
  },
  QuicListener: {
    name: 'shop',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 8080 },
    gateway: 'envoy-gateway',
    tlsSecretName: 'shop-cert',
  },
  MixedProtocolLoadBalancer: { name: 'edge', selector: { app: 'edge' } },
  AltSvcPolicy: {},
  HttpsDnsRecord: { name: 'shop', hostnames: ['shop.example.org'] },
};

const certs: { valid?: PemPair; other?: PemPair; expired?: PemPair } = {};
beforeAll(async () => {
  [certs.valid, certs.other, certs.expired] = await Promise.all([
    makeCertificate({ dnsNames: ['shop.example.org'], notBefore: at(-1), notAfter: at(90) }),
    makeCertificate({ dnsNames: ['shop.example.org'] }),
    makeCertificate({ dnsNames: ['shop.example.org'], notBefore: at(-100), notAfter: at(-10) }),
  ]);
});
const pem = (name: keyof typeof certs): PemPair => {
  const pair = certs[name];
  if (!pair) throw new Error(`certificate ${name} not generated yet`);
  return pair;
};

// message parts shared by many rows (the full messages are compared)
const PORT = 'an integer between 1 and 65535';
const HOSTNAME = 'a lowercase DNS hostname such as "app.example.com" (optionally "*." first, no trailing dot, no IP address)';
const LABEL = 'a DNS-1123 label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit)';
const SUBDOMAIN = 'a DNS-1123 subdomain (lowercase dot-separated labels, at most 253 characters)';
const NAME = 'a DNS-1035 label (at most 59 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)';
const NAME_FIX = '; set the name prop (when it is not set, cdk8s derives it from the construct path and Pulumi uses the resource name)';
const SERVICE = 'a DNS-1035 label (at most 63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)';
const LABEL_VALUE = 'a label value (at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric, or empty)';
const VERSION = 'a version such as "1.30" or "0.14.9"';
// every registered name, in registry order (the messages list them all)
const IMPLEMENTATION_NAMES = GATEWAYS.map((g) => JSON.stringify(g.implementation)).join(', ');
const IMPLEMENTATIONS = `one of ${IMPLEMENTATION_NAMES}`;
const PROVIDERS = `one of ${REGISTERED_PROVIDERS.map((p) => JSON.stringify(p.name)).join(', ')}`;
const PROVIDER_FIX = 'use "generic" for a load balancer that accepts one Service with TCP and UDP on the same port';
const TLS = 'an object: { secretName } for an existing Secret, { certificate, privateKey } as PEM, or { certManager: { issuer } }';
const MTLS =
  'cannot be enforced over HTTP/3: istiod builds QUIC listeners with RequireClientCertificate=false (envoyproxy/envoy #23809), so a client ' +
  'without a certificate would reach the server over QUIC; use tlsMode "SIMPLE" with HTTP/3, or serve this host without HTTP/3';
const PASSTHROUGH =
  'cannot serve HTTP/3: Istio generates QUIC listeners only for servers that terminate TLS, never for passthrough; ' +
  'use tlsMode "SIMPLE" so the gateway terminates TLS, or let the backend terminate QUIC itself';
const ISTIO_ALT_SVC = 'istiod adds alt-svc: h3=":<server port>"; ma=86400 to every route of a server that has a QUIC listener (ma is hard-coded)';
const EG_ALT_SVC = 'Envoy Gateway appends alt-svc: h3=":<listener port>"; ma=86400 to every route of an HTTP/3 listener (ma is hard-coded)';
const OVERRIDE = 'remove it, or use the provider option that controls it';
const ALPN_ID =
  'an ALPN id of 1-255 printable ASCII characters without whitespace, quotes, commas, backslashes, semicolons or parentheses (e.g. "h3"), ' +
  'so that it never needs escaping in a zone file (RFC 9460 §7.1.1 lets zone files refuse the others)';
const GATEWAY_FIELDS = 'altSvc, backend, dns, externalTrafficPolicy, gateway, hostnames, labels, name, namespace, nodePort, port, provider, sessionAffinity, tls';
const LISTENER_FIELDS = 'altSvc, backend, externalTrafficPolicy, gateway, hostnames, labels, loadBalancerCertificateId, name, namespace, nodePort, port, provider, sessionAffinity, tlsSecretName';
const NOT_COVERED = 'reissue the certificate with every hostname as a subjectAltName, or remove the hostname';

interface Row {
  readonly label: string;
  readonly construct: ConstructName;
  /** fields merged over the baseline (undefined removes one), or the whole props */
  readonly patch: Record<string, unknown> | (() => unknown);
  readonly prop: string;
  readonly message: string | (() => string);
}

const row = (label: string, construct: ConstructName, patch: Row['patch'], prop: string, message: Row['message']): Row => ({
  label,
  construct,
  patch,
  prop,
  message,
});

const G = 'Http3Gateway';
const Q = 'QuicListener';
const L = 'MixedProtocolLoadBalancer';
const A = 'AltSvcPolicy';
const D = 'HttpsDnsRecord';

// the rules behind the refusals: gateways.md §1 Pitfalls/Maturity (Istio mTLS, passthrough, 1.12), §2 (Envoy Gateway
// v1.1.0, proxy protocol #9798, one Service); loadbalancers.md §1.2 (AWS LBC scheme, v2.13.0), §8 (MetalLB sharing);
// discovery.md A.5/A.6 (ma=0, clear alone), B.6 (alpn ids, hints, ech); DESIGN.md "Validation is eager and central"
const ROWS: readonly Row[] = [
  // unknown fields (typos)
  row('typo: hostname for hostnames', G, { hostname: ['shop.example.org'] }, 'hostname',
    `hostname is not a known field (got ["shop.example.org"]); the fields of the props are: ${GATEWAY_FIELDS}`),
  row('typo: tls on QuicListener (it takes tlsSecretName)', Q, { tls: { secretName: 'shop-cert' } }, 'tls',
    `tls is not a known field (got {"secretName":"shop-cert"}); the fields of the props are: ${LISTENER_FIELDS}`),
  row('typo: hostnames on MixedProtocolLoadBalancer', L, { hostnames: ['shop.example.org'] }, 'hostnames',
    'hostnames is not a known field (got ["shop.example.org"]); the fields of the props are: ' +
      'externalTrafficPolicy, labels, name, namespace, nodePort, port, provider, selector, targetPort'),
  row('typo: altSvc on AltSvcPolicy', A, { altSvc: false }, 'altSvc',
    'altSvc is not a known field (got false); the fields of the props are: clear, gateway, maxAgeSeconds, port, rolloutStage, rolloutStages, udpPorts'),
  row('typo: ttl for ttlSeconds', D, { ttl: 300 }, 'ttl',
    'ttl is not a known field (got 300); the fields of the props are: alpn, ech, hintsFromLoadBalancer, hostnames, ipv4hint, ipv6hint, name, port, priority, provider, ttlSeconds'),
  row('typo: altSvc.maxAge', G, { altSvc: { maxAge: 86400 } }, 'altSvc.maxAge',
    'altSvc.maxAge is not a known field (got 86400); the fields of altSvc are: clear, maxAgeSeconds, rolloutStage, rolloutStages'),
  row('typo: gateway.namepsace', G, { gateway: { implementation: 'istio', namepsace: 'istio-ingress' } }, 'gateway.namepsace',
    'gateway.namepsace is not a known field (got "istio-ingress"); the fields of gateway are: ' +
      'implementation, ingressGatewayName, namespace, selector, targetPort, tlsMode, version'),
  row('typo: backend.ns', Q, { backend: { service: 'shop', port: 8080, ns: 'apps' } }, 'backend.ns',
    'backend.ns is not a known field (got "apps"); the fields of backend are: namespace, port, service'),
  row('typo: dns.ttl', G, { dns: { ttl: 300 } }, 'dns.ttl',
    'dns.ttl is not a known field (got 300); the fields of dns are: alpn, ech, hintsFromLoadBalancer, ipv4hint, ipv6hint, priority, provider, ttlSeconds'),
  row('typo: tls.certManager.issuerKind', G, { tls: { certManager: { issuer: 'letsencrypt', issuerKind: 'ClusterIssuer' } } },
    'tls.certManager.issuerKind',
    'tls.certManager.issuerKind is not a known field (got "ClusterIssuer"); the fields of tls.certManager are: group, issuer, kind'),
  row('a field of another provider: kind has no loadBalancerClass', Q, { provider: { name: 'kind', loadBalancerClass: 'x' } },
    'provider.loadBalancerClass', 'provider.loadBalancerClass is not a known field (got "x"); the fields of provider are: annotations, name'),
  row('a field of another provider: aws-lbc has no address', L, { provider: { name: 'aws-lbc', scheme: 'internal', address: '192.0.2.1' } },
    'provider.address',
    'provider.address is not a known field (got "192.0.2.1"); the fields of provider are: annotations, name, quic, scheme, targetType, version'),

  // wrong types
  row('props not an object', G, () => 'shop.example.org', 'props',
    `props must be an object with the fields ${GATEWAY_FIELDS}, got "shop.example.org"`),
  row('hostnames as a string', G, { hostnames: 'shop.example.org' }, 'hostnames',
    'hostnames must be a non-empty list of hostnames, e.g. ["app.example.com"], got "shop.example.org"'),
  row('port as a string', G, { port: '443' }, 'port', `port must be ${PORT}, got "443"`),
  row('port not an integer', L, { port: 443.5 }, 'port', `port must be ${PORT}, got 443.5`),
  row('altSvc: true', G, { altSvc: true }, 'altSvc',
    'altSvc must be false (advertise nothing), or an object with the fields clear, maxAgeSeconds, rolloutStage, rolloutStages, got true'),
  row('dns: true', G, { dns: true }, 'dns',
    'dns must be false (no HTTPS record), or an object with the fields alpn, ech, hintsFromLoadBalancer, ipv4hint, ipv6hint, priority, provider, ttlSeconds, got true'),
  row('clear as a string', A, { clear: 'yes' }, 'clear', 'clear must be true or false, got "yes"'),
  row('annotation value not a string', L, { provider: { name: 'generic', annotations: { 'example.com/weight': 1 } } },
    'provider.annotations["example.com/weight"]',
    'provider.annotations["example.com/weight"] must be a string (quote numbers and booleans), got 1'),
  row('annotation key with a space', L, { provider: { name: 'generic', annotations: { 'bad key': 'x' } } }, 'provider.annotations["bad key"]',
    'provider.annotations["bad key"] must be a qualified name ("[prefix/]name", name at most 63 alphanumerics, "-", "_" or ".", ' +
      'prefix a DNS subdomain), got "bad key"'),
  row('gateway as a number', G, { gateway: 42 }, 'gateway',
    'gateway must be an implementation string or an object with an "implementation" field, got 42'),
  row('label value with a space', Q, { labels: { team: 'web shop' } }, 'labels["team"]', `labels["team"] must be ${LABEL_VALUE}, got "web shop"`),
  row('externalTrafficPolicy lowercase', Q, { externalTrafficPolicy: 'local' }, 'externalTrafficPolicy',
    'externalTrafficPolicy must be one of "Local", "Cluster", got "local"'),
  row('selector missing', L, { selector: undefined }, 'selector',
    'selector must be a non-empty map of pod labels, got undefined; a Service without a selector reaches no pods'),
  row('selector empty', L, { selector: {} }, 'selector',
    'selector must be a non-empty map of pod labels, got {}; a Service without a selector reaches no pods'),
  row('selector value with a space', L, { selector: { app: 'edge proxy' } }, 'selector["app"]',
    `selector["app"] must be ${LABEL_VALUE}, got "edge proxy"`),

  // hostnames
  row('hostname uppercase', G, { hostnames: ['Shop.example.org'] }, 'hostnames[0]',
    `hostnames[0] must be ${HOSTNAME}, got "Shop.example.org"; write it as "shop.example.org"`),
  row('hostname with a trailing dot', Q, { hostnames: ['shop.example.org.'] }, 'hostnames[0]',
    `hostnames[0] must be ${HOSTNAME}, got "shop.example.org."; write it as "shop.example.org"`),
  row('hostname is an IPv4 address', D, { hostnames: ['192.0.2.1'] }, 'hostnames[0]',
    `hostnames[0] must be ${HOSTNAME}, got "192.0.2.1"; HTTP/3 discovery (Alt-Svc, HTTPS records) and certificates need a DNS name`),
  row('hostname is an IPv6 address', G, { hostnames: ['2001:db8::1'] }, 'hostnames[0]',
    `hostnames[0] must be ${HOSTNAME}, got "2001:db8::1"; HTTP/3 discovery (Alt-Svc, HTTPS records) and certificates need a DNS name`),
  row('hostname listed twice', G, { hostnames: ['shop.example.org', 'www.example.org', 'shop.example.org'] }, 'hostnames[2]',
    'hostnames[2] must be a hostname not listed before (it is hostnames[0]), got "shop.example.org"; list each hostname once'),
  row('wildcard not in the first label', D, { hostnames: ['shop.*.example.org'] }, 'hostnames[0]',
    `hostnames[0] must be ${HOSTNAME}, got "shop.*.example.org"`),
  row('hostname with an underscore', Q, { hostnames: ['shop_1.example.org'] }, 'hostnames[0]',
    `hostnames[0] must be ${HOSTNAME}, got "shop_1.example.org"`),
  row('no hostnames', G, { hostnames: [] }, 'hostnames', 'hostnames must be a non-empty list of hostnames, e.g. ["app.example.com"], got []'),

  // ports
  row('port 0', L, { port: 0 }, 'port', `port must be ${PORT}, got 0`),
  row('port 65536', Q, { port: 65536 }, 'port', `port must be ${PORT}, got 65536`),
  row('targetPort 70000', L, { targetPort: 70000 }, 'targetPort', `targetPort must be ${PORT}, got 70000`),
  row('backend.port missing', G, { backend: { service: 'shop' } }, 'backend.port', `backend.port must be ${PORT}, got undefined`),
  row('AltSvcPolicy port 0', A, { port: 0 }, 'port', `port must be ${PORT}, got 0`),
  row('HttpsDnsRecord port 65536', D, { port: 65536 }, 'port', `port must be ${PORT}, got 65536`),
  row('istio targetPort 0', G, { gateway: { implementation: 'istio', targetPort: 0 } }, 'gateway.targetPort',
    `gateway.targetPort must be ${PORT}, got 0`),

  // names
  row('name uppercase', G, { name: 'Shop' }, 'name', `name must be ${NAME}, got "Shop"${NAME_FIX}`),
  row('name of 60 characters (derived names would pass 63)', L, { name: `e${'x'.repeat(59)}` }, 'name',
    `name must be ${NAME}, got "e${'x'.repeat(59)}"${NAME_FIX}`),
  row('name missing', D, { name: undefined }, 'name',
    'name must be a DNS-1035 label, got undefined; the adapters default it from the construct id or resource name'),
  row('name starting with a digit', Q, { name: '1shop' }, 'name', `name must be ${NAME}, got "1shop"${NAME_FIX}`),
  row('backend.service uppercase', G, { backend: { service: 'Shop', port: 8080 } }, 'backend.service',
    `backend.service must be ${SERVICE}, got "Shop"`),
  row('tlsSecretName with an underscore', Q, { tlsSecretName: 'shop_cert' }, 'tlsSecretName', `tlsSecretName must be ${SUBDOMAIN}, got "shop_cert"`),
  row('tlsSecretName missing', Q, { tlsSecretName: undefined }, 'tlsSecretName',
    'tlsSecretName must be the name of a kubernetes.io/tls Secret, got undefined; tlsSecretName is required for envoy-gateway'),

  // namespaces
  row('namespace with uppercase and underscore', G, { namespace: 'Web_1' }, 'namespace', `namespace must be ${LABEL}, got "Web_1"`),
  row('namespace with a dot', L, { namespace: 'web.prod' }, 'namespace', `namespace must be ${LABEL}, got "web.prod"`),
  row('istio namespace uppercase', Q, { gateway: { implementation: 'istio', namespace: 'Istio' } }, 'gateway.namespace',
    `gateway.namespace must be ${LABEL}, got "Istio"`),
  row('backend namespace of 64 characters', G, { backend: { service: 'shop', port: 8080, namespace: 'a'.repeat(64) } }, 'backend.namespace',
    `backend.namespace must be ${LABEL}, got "${'a'.repeat(64)}"`),

  // gateway and provider selection
  row('gateway missing', G, { gateway: undefined }, 'gateway',
    'gateway must be an implementation name or object, e.g. { implementation: "istio" }, got undefined; ' +
      `gateway is required: ${IMPLEMENTATION_NAMES}`),
  row('unknown implementation', Q, { gateway: 'nginx' }, 'gateway.implementation', `gateway.implementation must be ${IMPLEMENTATIONS}, got "nginx"`),
  row('unknown implementation in an object', A, { gateway: { implementation: 'nginx-plus' } }, 'gateway.implementation',
    `gateway.implementation must be ${IMPLEMENTATIONS}, got "nginx-plus"`),
  row('gateway object without implementation', Q, { gateway: { namespace: 'istio-system' } }, 'gateway.implementation',
    `gateway.implementation must be ${IMPLEMENTATIONS}, got undefined`),
  row('unknown provider', L, { provider: 'equinix-emlb' }, 'provider.name', `provider.name must be ${PROVIDERS}, got "equinix-emlb"; ${PROVIDER_FIX}`),
  row('provider object without name', G, { provider: { scheme: 'internet-facing' } }, 'provider.name',
    `provider.name must be ${PROVIDERS}, got undefined; ${PROVIDER_FIX}`),

  // refusals in lib/gateways
  row('istio before 1.12', G, { gateway: { implementation: 'istio', version: '1.11' } }, 'gateway.version',
    'gateway.version "1.11" has no QUIC listeners: PILOT_ENABLE_QUIC_LISTENERS arrived in Istio 1.12 (istio #33817); upgrade Istio to 1.12 or later'),
  row('istio version not a version', Q, { gateway: { implementation: 'istio', version: 'latest' } }, 'gateway.version',
    `gateway.version must be ${VERSION}, got "latest"`),
  row('istio MUTUAL', Q, { gateway: { implementation: 'istio', tlsMode: 'MUTUAL' } }, 'gateway.tlsMode', `gateway.tlsMode "MUTUAL" ${MTLS}`),
  row('istio OPTIONAL_MUTUAL', G, { gateway: { implementation: 'istio', tlsMode: 'OPTIONAL_MUTUAL' } }, 'gateway.tlsMode',
    `gateway.tlsMode "OPTIONAL_MUTUAL" ${MTLS}`),
  row('istio ISTIO_MUTUAL', G, { gateway: { implementation: 'istio', tlsMode: 'ISTIO_MUTUAL' } }, 'gateway.tlsMode',
    `gateway.tlsMode "ISTIO_MUTUAL" ${MTLS}`),
  row('istio PASSTHROUGH', Q, { gateway: { implementation: 'istio', tlsMode: 'PASSTHROUGH' } }, 'gateway.tlsMode',
    `gateway.tlsMode "PASSTHROUGH" ${PASSTHROUGH}`),
  row('istio AUTO_PASSTHROUGH', G, { gateway: { implementation: 'istio', tlsMode: 'AUTO_PASSTHROUGH' } }, 'gateway.tlsMode',
    `gateway.tlsMode "AUTO_PASSTHROUGH" ${PASSTHROUGH}`),
  row('istio tlsMode lowercase', Q, { gateway: { implementation: 'istio', tlsMode: 'simple' } }, 'gateway.tlsMode',
    'gateway.tlsMode must be one of "SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL", "ISTIO_MUTUAL", "PASSTHROUGH", "AUTO_PASSTHROUGH", got "simple"'),
  row('envoy-gateway before 1.1.0', Q, { gateway: { implementation: 'envoy-gateway', version: '1.0.2' } }, 'gateway.version',
    'gateway.version "1.0.2" advertises the wrong port: before v1.1.0 Envoy Gateway put the container port (10443) into Alt-Svc ' +
      '(envoyproxy/gateway #2882), so browsers never reach HTTP/3; upgrade Envoy Gateway to v1.1.0 or later'),
  row('envoy-gateway with proxyProtocol', G, { gateway: { implementation: 'envoy-gateway', proxyProtocol: true } }, 'gateway.proxyProtocol',
    'gateway.proxyProtocol true breaks HTTP/3: Envoy has no PROXY protocol listener filter for UDP and NACKs the QUIC listener, while TCP ' +
      'keeps working and keeps advertising h3 (envoyproxy/gateway #9798); turn proxyProtocol off and keep the client IP with ' +
      'externalTrafficPolicy "Local" on a pass-through load balancer'),
  row('envoy-gateway proxyProtocol as a string', G, { gateway: { implementation: 'envoy-gateway', proxyProtocol: 'false' } },
    'gateway.proxyProtocol', 'gateway.proxyProtocol must be true or false, got "false"'),
  row('envoy-gateway with two Services', Q, { provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } },
    'provider.mixedProtocol',
    'provider.mixedProtocol "two-services" cannot be combined with gateway.implementation "envoy-gateway": Envoy Gateway generates exactly ' +
      'one Service per Gateway, with the TCP and the UDP port together; ' +
      'use mixedProtocol "single-service" on a provider that carries one mixed Service'),
  row('envoy-gateway gatewayClassName uppercase', G, { gateway: { implementation: 'envoy-gateway', gatewayClassName: 'EG' } },
    'gateway.gatewayClassName', `gateway.gatewayClassName must be ${SUBDOMAIN}, got "EG"`),

  // refusals in lib/providers
  row('aws-lbc without scheme (shorthand)', L, { provider: 'aws-lbc' }, 'provider.scheme',
    'provider.scheme must be "internet-facing" or "internal", got undefined; the controller defaults to "internal", which clients on the ' +
      'internet cannot reach, so kube-http3 asks'),
  row('aws-lbc before 2.13.0', L, { provider: { name: 'aws-lbc', scheme: 'internet-facing', version: '2.12.0' } }, 'provider.version',
    'provider.version "2.12.0" cannot put 443/TCP and 443/UDP on one NLB: the TCP_UDP listener annotation arrived in v2.13.0, and older ' +
      'releases keep only one of two ports with the same number (aws-load-balancer-controller #4405); upgrade the controller to v2.13.0 or later'),
  row('aws-lbc unknown scheme', G, { provider: { name: 'aws-lbc', scheme: 'public' } }, 'provider.scheme',
    'provider.scheme must be one of "internet-facing", "internal", got "public"'),
  row('aws-lbc unknown targetType', L, { provider: { name: 'aws-lbc', scheme: 'internal', targetType: 'pod' } }, 'provider.targetType',
    'provider.targetType must be one of "ip", "instance", got "pod"'),
  row('aws-lbc overriding the scheme annotation', Q,
    { provider: { name: 'aws-lbc', scheme: 'internal', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } } },
    'provider.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]',
    'provider.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] "internet-facing" would override what the aws-lbc ' +
      `provider sets itself ("internal"); ${OVERRIDE}`),
  row('metallb two-services without address', L, { provider: { name: 'metallb', mixedProtocol: 'two-services' } }, 'provider.address',
    'provider.address must be an IP address when mixedProtocol is "two-services", got undefined; MetalLB may place two Services on ' +
      'different IPs unless both request the same address'),
  row('metallb sharingKey with one Service', L, { provider: { name: 'metallb', sharingKey: 'edge' } }, 'provider.sharingKey',
    'provider.sharingKey "edge" cannot be combined with provider.mixedProtocol "single-service": a sharing key only joins two Services on ' +
      'one address; remove sharingKey, or set mixedProtocol to "two-services"'),
  row('metallb invalid address', Q, { provider: { name: 'metallb', address: '300.1.1.1' } }, 'provider.address',
    'provider.address must be an IPv4 or IPv6 address, got "300.1.1.1"'),
  row('metallb unknown mixedProtocol', L, { provider: { name: 'metallb', mixedProtocol: 'dual' } }, 'provider.mixedProtocol',
    'provider.mixedProtocol must be one of "single-service", "two-services", got "dual"'),
  row('metallb version not a version', L, { provider: { name: 'metallb', version: 'latest' } }, 'provider.version',
    `provider.version must be ${VERSION}, got "latest"`),
  row('metallb overriding the address annotation', L,
    { provider: { name: 'metallb', address: '192.0.2.10', annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.11' } } },
    'provider.annotations["metallb.io/loadBalancerIPs"]',
    'provider.annotations["metallb.io/loadBalancerIPs"] "192.0.2.11" would override what the metallb provider sets itself ' +
      `("192.0.2.10"); ${OVERRIDE}`),
  row('metallb sharingKey uppercase', L, { provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10', sharingKey: 'Edge' } },
    'provider.sharingKey', `provider.sharingKey must be ${LABEL}, got "Edge"`),
  row('generic loadBalancerClass empty', L, { provider: { name: 'generic', loadBalancerClass: '' } }, 'provider.loadBalancerClass',
    'provider.loadBalancerClass must be a non-empty string without surrounding whitespace, got ""'),

  // altSvc conflicts
  row('altSvc false with istio', G, { altSvc: false }, 'altSvc',
    `altSvc false cannot be combined with gateway.implementation "istio": ${ISTIO_ALT_SVC}, so it cannot serve HTTP/3 without advertising it; ` +
      'remove altSvc: false, or use altSvc: { clear: true } to turn HTTP/3 off and withdraw it'),
  row('altSvc false with envoy-gateway', Q, { altSvc: false }, 'altSvc',
    `altSvc false cannot be combined with gateway.implementation "envoy-gateway": ${EG_ALT_SVC}, so it cannot serve HTTP/3 without ` +
      'advertising it; remove altSvc: false, or use altSvc: { clear: true } to turn HTTP/3 off and withdraw it'),
  row('maxAgeSeconds other than what envoy-gateway emits', Q, { altSvc: { maxAgeSeconds: 3600 } }, 'altSvc.maxAgeSeconds',
    `altSvc.maxAgeSeconds 3600 cannot be combined with gateway.implementation "envoy-gateway": ${EG_ALT_SVC}, so clients would receive ` +
      'h3=":443"; ma=86400, not h3=":443"; ma=3600; remove altSvc.maxAgeSeconds (or set it to what the implementation emits)'),
  row('maxAgeSeconds other than what istio emits (AltSvcPolicy)', A, { gateway: 'istio', maxAgeSeconds: 600 }, 'maxAgeSeconds',
    `maxAgeSeconds 600 cannot be combined with gateway.implementation "istio": ${ISTIO_ALT_SVC}, so clients would receive ` +
      'h3=":443"; ma=86400, not h3=":443"; ma=600; remove maxAgeSeconds (or set it to what the implementation emits)'),
  row('clear with a max age', G, { altSvc: { clear: true, maxAgeSeconds: 86400 } }, 'altSvc.maxAgeSeconds',
    'altSvc.maxAgeSeconds 86400 cannot be combined with altSvc.clear true: a clear value carries no max age (RFC 7838: clear must be the ' +
      'whole value); remove maxAgeSeconds while withdrawing'),
  row('clear with a max age (AltSvcPolicy)', A, { clear: true, maxAgeSeconds: 60 }, 'maxAgeSeconds',
    'maxAgeSeconds 60 cannot be combined with clear true: a clear value carries no max age (RFC 7838: clear must be the whole value); ' +
      'remove maxAgeSeconds while withdrawing'),
  row('ma=0', A, { maxAgeSeconds: 0 }, 'maxAgeSeconds',
    'maxAgeSeconds must be an integer between 1 and 4294967295, got 0; ma=0 makes Chrome drop the whole header; to withdraw HTTP/3, set clear: true'),
  row('ma=0 on a listener', G, { altSvc: { maxAgeSeconds: 0 } }, 'altSvc.maxAgeSeconds',
    'altSvc.maxAgeSeconds must be an integer between 1 and 4294967295, got 0; ma=0 makes Chrome drop the whole header; ' +
      'to withdraw HTTP/3, set altSvc.clear: true'),
  row('ma beyond uint32', A, { maxAgeSeconds: 4294967296 }, 'maxAgeSeconds',
    'maxAgeSeconds must be an integer between 1 and 4294967295, got 4294967296'),

  // tls
  row('tls missing', G, { tls: undefined }, 'tls', `tls must be ${TLS}, got undefined`),
  row('tls empty', G, { tls: {} }, 'tls', `tls must be ${TLS}, got {}`),
  row('tls.secretName with an underscore', G, { tls: { secretName: 'shop_cert' } }, 'tls.secretName',
    `tls.secretName must be ${SUBDOMAIN}, got "shop_cert"`),
  row('tls certManager and PEM together', G, { tls: { certManager: { issuer: 'letsencrypt' }, certificate: 'x', privateKey: 'y' } },
    'tls.certManager',
    'tls.certManager {"issuer":"letsencrypt"} cannot be combined with tls.certificate <PEM certificate>: the certificate either comes as ' +
      'PEM or is issued by cert-manager; keep one of them'),
  row('tls.certificate not PEM', G, { tls: { certificate: 'not a pem', privateKey: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----' } },
    'tls.certificate', 'tls.certificate must be a PEM certificate chain ("-----BEGIN CERTIFICATE-----..."), got "not a pem"'),
  row('tls.privateKey not PEM (the key is never shown)', G,
    { tls: { certificate: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----', privateKey: 'hunter2' } }, 'tls.privateKey',
    'tls.privateKey must be a PEM private key ("-----BEGIN PRIVATE KEY-----..."), got <a string of 7 characters>'),
  row('tls.privateKey missing', G, { tls: { certificate: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' } }, 'tls.privateKey',
    'tls.privateKey must be a PEM private key ("-----BEGIN PRIVATE KEY-----..."), got undefined'),
  row('tls key of another certificate', G, () => ({ ...BASELINE.Http3Gateway, tls: { ...pem('valid'), privateKey: pem('other').privateKey } }),
    'tls.privateKey',
    () => `tls.privateKey <PEM private key> does not belong to the certificate (subject CN=shop.example.org, ` +
      `serial ${new X509Certificate(pem('valid').certificate).serialNumber}); pass the private key the certificate was issued for`),
  row('tls certificate expired', G, () => ({ ...BASELINE.Http3Gateway, tls: pem('expired') }), 'tls.certificate',
    () => `tls.certificate "subject CN=shop.example.org" has expired (now is ${NOW.toISOString()}): it is valid from ` +
      `${at(-100).toISOString()} to ${at(-10).toISOString()}; renew it, or use tls.certManager so it is renewed for you`),
  row('tls certificate not covering a hostname', G,
    () => ({ ...BASELINE.Http3Gateway, hostnames: ['shop.example.org', 'api.example.org'], tls: pem('valid') }), 'hostnames[1]',
    'hostnames[1] "api.example.org" is not covered by tls.certificate (its DNS names: shop.example.org; the subject CN does not count ' +
      `for browsers); ${NOT_COVERED}`),
  row('tls.certManager.kind lowercase', G, { tls: { certManager: { issuer: 'letsencrypt', kind: 'clusterissuer' } } }, 'tls.certManager.kind',
    'tls.certManager.kind must be one of "Issuer", "ClusterIssuer", got "clusterissuer"'),
  row('tls.certManager.issuer missing', G, { tls: { certManager: {} } }, 'tls.certManager.issuer',
    'tls.certManager.issuer must be the name of a cert-manager Issuer or ClusterIssuer, got undefined; tls.certManager.issuer is required'),

  // dns
  row('dns alpn with h3 while withdrawing', G, { altSvc: { clear: true }, dns: { alpn: ['h3', 'h2'] } }, 'dns.alpn',
    'dns.alpn ["h3","h2"] cannot be combined with altSvc.clear true: HTTP/3 is being withdrawn, and an HTTPS record with h3 would keep ' +
      'sending clients to QUIC; drop "h3" from alpn (or remove alpn to get ["h2"])'),
  row('dns alpn empty', G, { dns: { alpn: [] } }, 'dns.alpn', 'dns.alpn must be a non-empty list of ALPN ids, e.g. ["h3", "h2"], got []'),
  row('dns alpn id with a space (named as the user wrote it)', G, { dns: { alpn: ['h3', 'h 2'] } }, 'dns.alpn[1]',
    `dns.alpn[1] must be ${ALPN_ID}, got "h 2"; it contains " "`),
  row('alpn h2c', D, { alpn: ['h2c'] }, 'alpn[0]',
    'alpn[0] "h2c" is cleartext HTTP/2, which is never negotiated with ALPN over TLS or QUIC (RFC 9113 §3); use "h2"'),
  row('dns priority 0 (AliasMode)', G, { dns: { priority: 0 } }, 'dns.priority', 'dns.priority must be an integer between 1 and 65535 (ServiceMode), got 0; priority 0 is AliasMode, which carries no alpn and which Chrome ignores'),
  row('ttlSeconds 0', D, { ttlSeconds: 0 }, 'ttlSeconds', 'ttlSeconds must be an integer between 1 and 2147483647, got 0'),
  row('dns ipv4hint with an IPv6 address', G, { dns: { ipv4hint: ['2001:db8::1'] } }, 'dns.ipv4hint[0]',
    'dns.ipv4hint[0] must be an IPv4 address, got "2001:db8::1"'),
  row('ipv6hint with an IPv4 address', D, { ipv6hint: ['192.0.2.1'] }, 'ipv6hint[0]', 'ipv6hint[0] must be an IPv6 address, got "192.0.2.1"'),
  row('ipv4hint empty', D, { ipv4hint: [] }, 'ipv4hint', 'ipv4hint must be a non-empty list of addresses, got []'),
  row('ech not base64', D, { ech: '!!!' }, 'ech',
    'ech must be a base64 ECHConfigList (RFC 9848: RFC 4648 base64 with "=" padding, as published by the TLS server), got "!!!"; ' +
      'the text is not canonical base64 with "=" padding'),
  row('wildcard hostname on another port', D, { hostnames: ['*.example.org'], port: 8443 }, 'hostnames[0]',
    'hostnames[0] "*.example.org" cannot be combined with port 8443: the HTTPS record for port 8443 sits at _8443._https.<host> and ' +
      'names the host as TargetName, which cannot be a wildcard; list the concrete hostnames instead'),
  row('wildcard hostname on another port, with the dns prop', G, { hostnames: ['*.example.org'], port: 8443 }, 'hostnames[0]',
    'hostnames[0] "*.example.org" cannot be combined with port 8443: the HTTPS record for port 8443 sits at _8443._https.<host> and ' +
      'names the host as TargetName, which cannot be a wildcard; list the concrete hostnames instead, or set dns: false'),
];

/** the props of a row: the baseline with the patch applied */
function propsOf(r: Row): unknown {
  return typeof r.patch === 'function' ? r.patch() : { ...BASELINE[r.construct], ...r.patch };
}

test('the table covers all five constructs with at least 40 rows', () => {
  expect(ROWS.length).toBeGreaterThanOrEqual(40);
  expect(new Set(ROWS.map((r) => r.construct))).toEqual(new Set(Object.keys(BASELINE)));
  expect(new Set(ROWS.map((r) => r.label)).size).toBe(ROWS.length);
});

test.each<[ConstructName, string[], string[]]>([
  [
    'Http3Gateway',
    ['gateway', 'virtual-service', 'service'],
    ['shop.istio-operator.yaml', 'shop.istiod-values.yaml', 'shop.istio-gateway-values.yaml', 'shop.https-records.zone'],
  ],
  ['QuicListener', ['gateway', 'route', 'client-traffic-policy'], []],
  ['MixedProtocolLoadBalancer', ['service'], []],
  ['AltSvcPolicy', [], []],
  ['HttpsDnsRecord', [], ['shop.https-records.zone']],
])('the %s baseline is valid (each row fails because of its change)', (construct, roles, artifacts) => {
  const result = SYNTHESIZE[construct](BASELINE[construct] as never);
  collector.add(result.resources.map((r) => r.manifest));
  expect(result.resources.map((r) => r.role)).toEqual(roles);
  expect(result.artifacts.map((a) => a.fileName)).toEqual(artifacts);
});

test.each(ROWS)('$construct: $label', (r) => {
  let thrown: unknown;
  try {
    SYNTHESIZE[r.construct](propsOf(r) as never);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(Http3ConfigError);
  const error = thrown as Http3ConfigError;
  expect(error.name).toBe('Http3ConfigError');
  expect(error.message).toBe(typeof r.message === 'function' ? r.message() : r.message);
  expect(error.prop).toBe(r.prop);
  // every message starts with the prop it names
  expect(error.message.startsWith(r.prop)).toBe(true);
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
