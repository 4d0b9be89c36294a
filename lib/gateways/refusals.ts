/**
 * Gateway implementations that cannot serve HTTP/3, as data: selecting one is refused with the reason (and
 * the upstream issue or fact behind it) and the supported alternatives. Facts from gateways.md §5 and §6.
 */

/** an implementation kube-http3 refuses for HTTP/3 */
export interface RefusedImplementation {
  /** the `gateway.implementation` users would write */
  readonly implementation: string;
  /** other names users write for it */
  readonly aliases: readonly string[];
  readonly title: string;
  /** why it cannot serve HTTP/3 */
  readonly reason: string;
  /** where that comes from: the upstream issue, PR or source file */
  readonly source: string;
  /** what to use instead: supported implementation names, and advice */
  readonly alternatives: readonly string[];
  /** advice beyond the implementation names, e.g. another load balancer */
  readonly advice?: string;
}

/** every refused implementation, in README order */
export const REFUSED_IMPLEMENTATIONS: readonly RefusedImplementation[] = [
  {
    implementation: 'kong',
    aliases: ['kong-ingress-controller', 'kic'],
    title: 'Kong Gateway / Kong Ingress Controller',
    reason: 'proxy_listen has no http3 or quic option and the bundled OpenResty is built without the HTTP/3 module',
    source: 'Kong/kong kong.conf.default and build/openresty/BUILD.openresty.bazel; Kong/kong #4103 closed as not supported',
    alternatives: ['envoy-gateway', 'istio', 'traefik'],
  },
  {
    implementation: 'nginx-gateway-fabric',
    aliases: ['ngf'],
    title: 'NGINX Gateway Fabric',
    reason: 'it has no QUIC or HTTP/3 code: HTTP/3 is only an unassigned, low-priority row of its extensions proposal',
    source: 'nginx/nginx-gateway-fabric docs/proposals/nginx-extensions.md',
    alternatives: ['envoy-gateway', 'istio-gateway-api'],
  },
  {
    implementation: 'nginx-ingress',
    aliases: ['f5-nginx-ingress', 'nginx-ingress-controller'],
    title: 'F5 NGINX Ingress Controller',
    reason: 'its templates and CRDs have no quic or http3 setting; only unsupported snippets on an nginx built with the HTTP/3 module could do it',
    source: 'nginx/kubernetes-ingress templates and CRDs',
    alternatives: ['traefik', 'haproxy', 'envoy-gateway'],
  },
  {
    implementation: 'ingress-nginx',
    aliases: [],
    title: 'ingress-nginx (Kubernetes community)',
    reason: 'its HTTP/3 pull request was closed unmerged, and the project is retired (best-effort maintenance ended in March 2026)',
    source: 'kubernetes/ingress-nginx #13649',
    alternatives: ['traefik', 'haproxy', 'envoy-gateway'],
  },
  {
    implementation: 'cilium',
    aliases: ['cilium-gateway', 'cilium-ingress'],
    title: 'Cilium Gateway API / Ingress',
    reason: 'the operator generates no QUIC listeners: the pull request adding them was closed unmerged in January 2026',
    source: 'cilium/cilium #28497 (open), #43860 (closed)',
    alternatives: ['envoy-gateway', 'istio-gateway-api'],
    advice: 'Cilium LB-IPAM still works as the load balancer in front of them',
  },
  {
    implementation: 'contour',
    aliases: [],
    title: 'Contour',
    reason: 'HTTPProxy and ContourConfiguration have no HTTP/3 field; the request has been open since 2020',
    source: 'projectcontour/contour #2582',
    alternatives: ['envoy-gateway'],
  },
  {
    implementation: 'haproxy-ingress',
    aliases: ['jcmoraisjr-haproxy-ingress'],
    title: 'HAProxy Ingress (jcmoraisjr)',
    reason: 'it has no QUIC bind; users inject binds through config-proxy with custom images, which is unsupported',
    source: 'jcmoraisjr/haproxy-ingress #958 (open since 2022)',
    alternatives: ['haproxy'],
  },
  {
    implementation: 'aws-alb',
    aliases: ['alb'],
    title: 'AWS Application Load Balancer (Ingress or Gateway through the AWS Load Balancer Controller)',
    reason: 'ALB listeners are HTTP or HTTPS only: there is no HTTP/3 or QUIC listener (inferred from the listener protocol lists)',
    source: 'AWS Load Balancer Controller docs (QUIC only for NLB); AWS ELB listener protocols',
    alternatives: ['envoy-gateway', 'istio', 'traefik'],
    advice: 'put them behind an NLB with provider "aws-lbc", or use CloudFront for HTTP/3 at the edge',
  },
  {
    implementation: 'azure-application-gateway',
    aliases: ['agic', 'application-gateway'],
    title: 'Azure Application Gateway Ingress Controller (AGIC)',
    reason: 'Application Gateway HTTP/3 is a preview set per Basic listener through the portal or REST API only; AGIC has no setting for it and overwrites the listeners it manages',
    source: 'learn.microsoft.com azure/application-gateway/http3-quic-support; Azure/application-gateway-kubernetes-ingress #1286, #1481',
    alternatives: ['envoy-gateway', 'istio', 'traefik'],
    advice: 'on AKS, the Azure Load Balancer carries one mixed TCP+UDP Service in front of them',
  },
  {
    implementation: 'azure-application-gateway-for-containers',
    aliases: ['agc'],
    title: 'Azure Application Gateway for Containers',
    reason: 'the alb.networking.azure.io/v1 API documents no HTTP/3 field or feature (unverified, so treated as unsupported)',
    source: 'Application Gateway for Containers API reference',
    alternatives: ['envoy-gateway', 'istio', 'traefik'],
    advice: 'on AKS, the Azure Load Balancer carries one mixed TCP+UDP Service in front of them',
  },
];

/** the refused implementation a name (or alias) selects */
export function findRefused(name: unknown): RefusedImplementation | undefined {
  return REFUSED_IMPLEMENTATIONS.find((r) => r.implementation === name || r.aliases.includes(name as string));
}
