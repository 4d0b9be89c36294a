/**
 * Istio classic on bare metal with kube-vip: httpbin behind the Istio ingress gateway over HTTP/3, on one address
 * kube-vip announces for a single Service carrying 443/TCP and 443/UDP.
 *
 * Cluster set-up this example assumes: a bare-metal cluster whose nodes share a layer-2 segment with 192.168.10.240
 * free on it (a placeholder: use an address of your network, routed from the clients); kube-vip >= 0.5.12 as a
 * DaemonSet with Services enabled (`svc_enable: "true"`), ARP mode, and per-Service leader election
 * (`svc_election: "true"`, which externalTrafficPolicy Local needs so that only nodes with a ready gateway pod take
 * the address); Istio installed with istioctl (default profile), then the artifacts in
 * dist/artifacts/istio-kube-vip/ applied (istiod with PILOT_ENABLE_QUIC_LISTENERS="true", the default ingress
 * gateway Service as ClusterIP: kube-http3's Service is the load balancer); cert-manager with a ClusterIssuer
 * `letsencrypt-dns` solving DNS-01.
 *
 * Try it: curl --http3-only https://httpbin.example.net/status/200
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { goHttpbin } from '../demo-objects';

/** the address kube-vip announces for the gateway */
export const GATEWAY_ADDRESS = '192.168.10.240';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const httpbinGateway: Http3GatewayOptions = {
  name: 'httpbin',
  namespace: 'httpbin',
  hostnames: ['httpbin.example.net'],
  backend: { service: 'httpbin', port: 8000 },
  gateway: { implementation: 'istio', namespace: 'istio-system', selector: { istio: 'ingressgateway' }, targetPort: 8443 },
  provider: { name: 'kube-vip', version: '1.2.3', address: GATEWAY_ADDRESS },
  externalTrafficPolicy: 'Local',
  tls: { certManager: { issuer: 'letsencrypt-dns', kind: 'ClusterIssuer' } },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};

/** the demo's own objects: the httpbin namespace (sidecar injection on), Deployment and Service */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'httpbin', labels: { 'istio-injection': 'enabled' } } },
  ...goHttpbin({ name: 'httpbin', namespace: 'httpbin', servicePort: 8000, replicas: 2 }),
];
