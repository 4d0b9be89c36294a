/**
 * The HAProxy Kubernetes Ingress Controller installed with its Helm chart: a shop behind an Ingress over HTTP/3,
 * the chart's own Service carrying 443/TCP and 443/UDP, Alt-Svc remembered for one hour while HTTP/3 rolls out.
 *
 * Cluster set-up this example assumes: Kubernetes >= 1.26 with a LoadBalancer implementation that carries one
 * Service with TCP and UDP on the same port (the `generic` provider: e.g. AKS, DigitalOcean, k3s ServiceLB);
 * the haproxytech/kubernetes-ingress chart (controller >= 1.11) installed as the release
 * `haproxy-kubernetes-ingress` in the namespace `haproxy-controller` with its IngressClass `haproxy`, then
 * upgraded with the values in dist/artifacts/haproxy-helm/ (`helm upgrade haproxy-kubernetes-ingress
 * haproxytech/kubernetes-ingress -n haproxy-controller --reuse-values -f shop.kubernetes-ingress-values.yaml`,
 * on a fresh Service: see the report's haproxy-helm-upgrade note); cert-manager with a ClusterIssuer `letsencrypt`
 * (HTTP-01 through the controller's port 80).
 *
 * Try it: curl --http3 https://shop.example.com/get (the first request goes over TCP and learns Alt-Svc; HAProxy
 * sends it as h3=":443";ma=3600;)
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { goHttpbin } from '../demo-objects';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const shopGateway: Http3GatewayOptions = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.com', 'www.shop.example.com'],
  backend: { service: 'shop', port: 8080 },
  gateway: { implementation: 'haproxy', install: 'helm', ingressClassName: 'haproxy' },
  provider: 'generic',
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  altSvc: { maxAgeSeconds: 3600 },
  dns: { ttlSeconds: 300 },
};


/** the example's own objects: the shop namespace, Deployment and Service */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  ...goHttpbin({ name: 'shop', namespace: 'shop', servicePort: 8080, replicas: 2 }),
];
