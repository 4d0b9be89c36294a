/**
 * DigitalOcean Kubernetes with the HTTP/3 gateway in the cluster: Envoy Gateway terminates TLS and QUIC behind a
 * REGIONAL_NETWORK (pass-through) DigitalOcean load balancer that carries 443/TCP and 443/UDP in one Service, so
 * the gateway sees the clients' addresses (externalTrafficPolicy Local). kube-http3 hands the load-balancer type to
 * Envoy Gateway through an EnvoyProxy; Envoy Gateway generates the Service with both ports and advertises
 * `h3=":443"`. For HTTP/3 terminated by the load balancer itself, see examples/digitalocean-load-balancer instead.
 *
 * Cluster set-up this example assumes: a DOKS cluster (its cloud controller, v0.1.51 or later, creates the load
 * balancer from the Service) whose nodes have public IPv4 addresses, as DOKS node pools do; Envoy Gateway >= v1.5
 * installed with its Helm chart (which installs the Gateway API CRDs); cert-manager with a ClusterIssuer
 * `letsencrypt` that solves DNS-01 for shop.example.org (the Gateway has no port-80 listener for HTTP-01, and
 * browsers use HTTP/3 only with a publicly trusted certificate); and DNS for shop.example.org pointing at the load
 * balancer's address (the zone fragment in dist/artifacts/digitalocean-passthrough/ adds the HTTPS record).
 *
 * Try it: curl --http3-only https://shop.example.org/get
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { ENVOY_GATEWAY_CLASS, goHttpbin } from '../demo-objects';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const shopGateway: Http3GatewayOptions = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'httpbin', port: 8000 },
  gateway: { implementation: 'envoy-gateway', gatewayClassName: 'eg' },
  provider: { name: 'digitalocean', type: 'REGIONAL_NETWORK' },
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};


/** the demo's own objects: the shop namespace, the Envoy Gateway GatewayClass, and the httpbin Deployment and Service */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  ENVOY_GATEWAY_CLASS,
  ...goHttpbin({ name: 'httpbin', namespace: 'shop', servicePort: 8000, replicas: 2 }),
];
