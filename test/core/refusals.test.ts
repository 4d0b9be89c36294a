/**
 * Implementations that cannot serve HTTP/3 are refused with the reason, the upstream source and the supported
 * alternatives (gateways.md §5.1-§5.4, §5.6-§5.8, §5.10, §5.11, §6); and the guards from real incidents.
 */
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeAltSvcPolicy } from '../../lib/core/alt-svc-policy';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { REFUSED_IMPLEMENTATIONS } from '../../lib/gateways/refusals';
import { GATEWAYS } from '../../lib/gateways/registry';

const BASE: Http3GatewayOptions = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio',
  tls: { secretName: 'shop-tls' },
};

function errorOf(fn: () => unknown): Http3ConfigError {
  try {
    fn();
  } catch (e) {
    expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
    return e as Http3ConfigError;
  }
  throw new Error('expected a Http3ConfigError, nothing was thrown');
}

const gatewayWith = (implementation: string) => () =>
  synthesizeHttp3Gateway({ ...BASE, gateway: { implementation } } as unknown as Http3GatewayOptions);

describe('refused implementations', () => {
  test.each([
    [
      'kong',
      'gateway.implementation "kong" (Kong Gateway / Kong Ingress Controller) cannot serve HTTP/3: proxy_listen has no http3 or quic option and the bundled OpenResty is built without the HTTP/3 module (Kong/kong kong.conf.default and build/openresty/BUILD.openresty.bazel; Kong/kong #4103 closed as not supported); use "envoy-gateway", "istio", "traefik"',
    ],
    [
      'nginx-gateway-fabric',
      'gateway.implementation "nginx-gateway-fabric" (NGINX Gateway Fabric) cannot serve HTTP/3: it has no QUIC or HTTP/3 code: HTTP/3 is only an unassigned, low-priority row of its extensions proposal (nginx/nginx-gateway-fabric docs/proposals/nginx-extensions.md); use "envoy-gateway", "istio-gateway-api"',
    ],
    [
      'nginx-ingress',
      'gateway.implementation "nginx-ingress" (F5 NGINX Ingress Controller) cannot serve HTTP/3: its templates and CRDs have no quic or http3 setting; only unsupported snippets on an nginx built with the HTTP/3 module could do it (nginx/kubernetes-ingress templates and CRDs); use "traefik", "haproxy", "envoy-gateway"',
    ],
    [
      'ingress-nginx',
      'gateway.implementation "ingress-nginx" (ingress-nginx (Kubernetes community)) cannot serve HTTP/3: its HTTP/3 pull request was closed unmerged, and the project is retired (best-effort maintenance ended in March 2026) (kubernetes/ingress-nginx #13649); use "traefik", "haproxy", "envoy-gateway"',
    ],
    [
      'cilium',
      'gateway.implementation "cilium" (Cilium Gateway API / Ingress) cannot serve HTTP/3: the operator generates no QUIC listeners: the pull request adding them was closed unmerged in January 2026 (cilium/cilium #28497 (open), #43860 (closed)); use "envoy-gateway", "istio-gateway-api"; Cilium LB-IPAM still works as the load balancer in front of them',
    ],
    [
      'contour',
      'gateway.implementation "contour" (Contour) cannot serve HTTP/3: HTTPProxy and ContourConfiguration have no HTTP/3 field; the request has been open since 2020 (projectcontour/contour #2582); use "envoy-gateway"',
    ],
    [
      'haproxy-ingress',
      'gateway.implementation "haproxy-ingress" (HAProxy Ingress (jcmoraisjr)) cannot serve HTTP/3: it has no QUIC bind; users inject binds through config-proxy with custom images, which is unsupported (jcmoraisjr/haproxy-ingress #958 (open since 2022)); use "haproxy"',
    ],
    [
      'aws-alb',
      'gateway.implementation "aws-alb" (AWS Application Load Balancer (Ingress or Gateway through the AWS Load Balancer Controller)) cannot serve HTTP/3: ALB listeners are HTTP or HTTPS only: there is no HTTP/3 or QUIC listener (inferred from the listener protocol lists) (AWS Load Balancer Controller docs (QUIC only for NLB); AWS ELB listener protocols); use "envoy-gateway", "istio", "traefik"; put them behind an NLB with provider "aws-lbc", or use CloudFront for HTTP/3 at the edge',
    ],
    [
      'azure-application-gateway',
      'gateway.implementation "azure-application-gateway" (Azure Application Gateway Ingress Controller (AGIC)) cannot serve HTTP/3: Application Gateway HTTP/3 is a preview set per Basic listener through the portal or REST API only; AGIC has no setting for it and overwrites the listeners it manages (learn.microsoft.com azure/application-gateway/http3-quic-support; Azure/application-gateway-kubernetes-ingress #1286, #1481); use "envoy-gateway", "istio", "traefik"; on AKS, the Azure Load Balancer carries one mixed TCP+UDP Service in front of them',
    ],
    [
      'azure-application-gateway-for-containers',
      'gateway.implementation "azure-application-gateway-for-containers" (Azure Application Gateway for Containers) cannot serve HTTP/3: the alb.networking.azure.io/v1 API documents no HTTP/3 field or feature (unverified, so treated as unsupported) (Application Gateway for Containers API reference); use "envoy-gateway", "istio", "traefik"; on AKS, the Azure Load Balancer carries one mixed TCP+UDP Service in front of them',
    ],
  ])('%s is refused with the reason and the alternatives', (implementation, message) => {
    const error = errorOf(gatewayWith(implementation));
    expect(error.prop).toBe('gateway.implementation');
    expect(error.value).toBe(implementation);
    expect(error.message).toBe(message);
  });

  test('every refused implementation has a test above', () => {
    expect(REFUSED_IMPLEMENTATIONS.map((r) => r.implementation)).toEqual([
      'kong', 'nginx-gateway-fabric', 'nginx-ingress', 'ingress-nginx', 'cilium', 'contour', 'haproxy-ingress', 'aws-alb',
      'azure-application-gateway', 'azure-application-gateway-for-containers',
    ]);
  });

  test.each(REFUSED_IMPLEMENTATIONS.flatMap((r) => r.aliases.map((alias) => [alias, r.implementation])))('the alias %s is refused like %s', (alias, name) => {
    const byAlias = errorOf(gatewayWith(alias));
    const byName = errorOf(gatewayWith(name));
    expect(byAlias.message).toBe(byName.message.replace(`"${name}"`, `"${alias}"`));
  });

  test('every alternative named is an implementation kube-http3 supports', () => {
    const supported = GATEWAYS.map((g) => g.implementation);
    for (const r of REFUSED_IMPLEMENTATIONS) for (const a of r.alternatives) expect(supported).toContain(a);
  });

  test('no refused name is also a supported implementation', () => {
    const supported = new Set(GATEWAYS.map((g) => g.implementation));
    for (const r of REFUSED_IMPLEMENTATIONS) for (const n of [r.implementation, ...r.aliases]) expect(supported.has(n)).toBe(false);
  });
});

describe('guards from real incidents', () => {
  test('envoy-gateway http3 with the PROXY protocol (envoyproxy/gateway #9798)', () => {
    const error = errorOf(() => synthesizeHttp3Gateway({ ...BASE, gateway: { implementation: 'envoy-gateway', proxyProtocol: true } }));
    expect(error.prop).toBe('gateway.proxyProtocol');
    expect(error.message).toBe(
      'gateway.proxyProtocol true breaks HTTP/3: Envoy has no PROXY protocol listener filter for UDP and NACKs the QUIC listener, while TCP keeps working and keeps advertising h3 (envoyproxy/gateway #9798); turn proxyProtocol off and keep the client IP with externalTrafficPolicy "Local" on a pass-through load balancer',
    );
  });

  test('istio mTLS over QUIC (envoyproxy/envoy #23809)', () => {
    const error = errorOf(() => synthesizeHttp3Gateway({ ...BASE, gateway: { implementation: 'istio', tlsMode: 'MUTUAL' } }));
    expect(error.prop).toBe('gateway.tlsMode');
    expect(error.message).toBe(
      'gateway.tlsMode "MUTUAL" cannot be enforced over HTTP/3: istiod builds QUIC listeners with RequireClientCertificate=false (envoyproxy/envoy #23809), so a client without a certificate would reach the server over QUIC; use tlsMode "SIMPLE" with HTTP/3, or serve this host without HTTP/3',
    );
  });

  test('Alt-Svc advertised on a port the load balancer does not carry over UDP', () => {
    const error = errorOf(() => synthesizeAltSvcPolicy({ port: 443, udpPorts: [8443] }));
    expect(error.prop).toBe('udpPorts');
    expect(error.message).toBe(
      'udpPorts "h3=\\":443\\"; ma=86400" advertises h3 on port 443, which the load balancer does not carry over UDP (UDP ports: 8443); clients would try QUIC there, fail and mark HTTP/3 broken; advertise a port the load balancer carries over UDP, or carry this one',
    );
    expect(synthesizeAltSvcPolicy({ port: 443, udpPorts: [443] }).value).toBe('h3=":443"; ma=86400');
    // withdrawing advertises nothing, whatever the ports
    expect(synthesizeAltSvcPolicy({ clear: true, udpPorts: [] }).value).toBe('clear');
  });

  test('the Alt-Svc an Http3Gateway advertises is always carried over UDP by the Services it creates', () => {
    for (const port of [443, 8443]) {
      const out = synthesizeHttp3Gateway({ ...BASE, port });
      const udp = out.resources.flatMap((r) => ((r.manifest.spec as { ports?: Array<{ port: number; protocol: string }> }).ports ?? []))
        .filter((p) => p.protocol === 'UDP').map((p) => p.port);
      expect(out.altSvcValue).toBe(`h3=":${port}"; ma=86400`);
      expect(udp).toEqual([port]);
    }
  });
});
