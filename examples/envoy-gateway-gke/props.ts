/**
 * Envoy Gateway on GKE: one backend-service-based passthrough Network Load Balancer Service
 * (`loadBalancerClass: networking.gke.io/l4-regional-external`) carrying 443/TCP and 443/UDP on a reserved regional
 * static IP, Envoy Gateway terminating TLS and QUIC, cert-manager issuing the certificate.
 *
 * Cluster set-up this example assumes: a GKE Standard cluster on 1.36.2-gke.1498000 or later (where
 * mixed-protocol LoadBalancer Services are GA; on 1.34.1-gke.2190000 up to it, only on clusters created on that
 * version or later) with the HttpLoadBalancing add-on (on by default); a regional static external IPv4 address
 * `shop-ipv4` reserved in the cluster's region (`gcloud compute addresses create shop-ipv4 --region <region>`);
 * Envoy Gateway (Helm chart, which installs the Gateway API CRDs); cert-manager with a ClusterIssuer `letsencrypt`
 * (ACME, HTTP-01 through the Gateway or DNS-01); and the shop Deployment behind the Service `shop` in the namespace
 * `shop`. Envoy Gateway generates the load-balancer Service from the EnvoyProxy kube-http3 writes (class, address
 * annotation, externalTrafficPolicy Local so the pods see client addresses).
 *
 * Try it: curl --http3-only https://shop.example.org/
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { ENVOY_GATEWAY_CLASS } from '../demo-objects';

/** the name of the reserved regional static IPv4 address the load balancer takes */
export const STATIC_IP_NAME = 'shop-ipv4';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const shopGateway: Http3GatewayOptions = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org', 'www.shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: { implementation: 'envoy-gateway', gatewayClassName: 'eg' },
  provider: { name: 'gke', version: '1.36.2-gke.1498000', staticIpName: STATIC_IP_NAME },
  externalTrafficPolicy: 'Local',
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};

/** the example's own objects: the namespace and the Envoy Gateway GatewayClass */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  ENVOY_GATEWAY_CLASS,
];
