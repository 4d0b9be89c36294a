/**
 * Oracle Kubernetes Engine (OKE) with Istio's ingress gateway behind an OCI Network Load Balancer: one Service carries
 * 443/TCP and 443/UDP, which the NLB turns into one TCP_AND_UDP listener; the NLB preserves the client address
 * (externalTrafficPolicy Local) and hashes on the client address only (backend policy TWO_TUPLE), so a QUIC client
 * whose NAT rebinds its source port stays on the same node. The NLB keeps its reserved public IP across re-creations.
 *
 * Cluster set-up this example assumes: an OKE cluster (the OCI cloud controller creates the NLB from the Service);
 * a reserved public IP 192.0.2.25 in the cluster's compartment (`oci network public-ip create --lifetime RESERVED`)
 * and DNS for httpbin.example.org pointing at it; the cloud controller allowed to manage network security groups
 * (securityRules "nsg"); Istio installed with istioctl (default profile), then the artifacts in
 * dist/artifacts/oci-nlb/ applied (istiod with PILOT_ENABLE_QUIC_LISTENERS="true", the default ingress gateway
 * Service as ClusterIP: kube-http3's Service replaces it); and cert-manager with a ClusterIssuer `letsencrypt` that
 * solves DNS-01 for httpbin.example.org (browsers use HTTP/3 only with a publicly trusted certificate).
 *
 * Try it: curl --http3-only https://httpbin.example.org/get
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { goHttpbin } from '../demo-objects';

/** the reserved public IP the NLB takes (spec.loadBalancerIP) */
export const RESERVED_IP = '192.0.2.25';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const httpbinGateway: Http3GatewayOptions = {
  name: 'httpbin',
  namespace: 'httpbin',
  hostnames: ['httpbin.example.org'],
  backend: { service: 'httpbin', port: 8000 },
  gateway: { implementation: 'istio', namespace: 'istio-system', selector: { istio: 'ingressgateway' }, targetPort: 8443 },
  provider: { name: 'oci', backendPolicy: 'TWO_TUPLE', securityRules: 'nsg', reservedIp: RESERVED_IP },
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};


/** the demo's own objects: the httpbin namespace (sidecar injection on), Deployment and Service */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'httpbin', labels: { 'istio-injection': 'enabled' } } },
  ...goHttpbin({ name: 'httpbin', namespace: 'httpbin', servicePort: 8000, replicas: 2 }),
];
