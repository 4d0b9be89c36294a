/**
 * Istio classic on AKS with two LoadBalancer Services, `httpbin-tcp` (443/TCP) and `httpbin-udp` (443/UDP), sharing
 * one static public IP by name (`service.beta.kubernetes.io/azure-pip-name`, loadbalancers.md §3 (b)). AKS also takes
 * one mixed Service; two single-protocol Services are for teams whose tooling patches Services client-side (Helm
 * upgrades, kustomize strategic merge), which silently drops one of two ports with the same number in one Service
 * (loadbalancers.md §0.6).
 *
 * Cluster set-up this example assumes: AKS on Kubernetes 1.24 or later; a Standard static public IP `httpbin-edge-pip`
 * in the resource group `edge-network` (outside the node resource group), on which the cluster identity has Network
 * Contributor; Istio installed with istioctl (default profile), then the artifacts in
 * dist/artifacts/istio-aks-shared-ip/ applied (istiod with PILOT_ENABLE_QUIC_LISTENERS="true", the default ingress
 * gateway Service as ClusterIP, since kube-http3's two Services replace it); and cert-manager with a ClusterIssuer
 * `letsencrypt` (ACME DNS-01, or HTTP-01 through the Istio gateway), which issues the certificate into istio-system
 * where the gateway reads it. The TCP Service owns the public IP's DNS label `httpbin-example`
 * (httpbin-example.<region>.cloudapp.azure.com); point httpbin.example.org at it with a CNAME.
 *
 * Try it: curl --http3-only https://httpbin.example.org/status/200
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { goHttpbin } from '../demo-objects';

/** the static public IP both Services share */
export const PUBLIC_IP_NAME = 'httpbin-edge-pip';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const httpbinGateway: Http3GatewayOptions = {
  name: 'httpbin',
  namespace: 'httpbin',
  hostnames: ['httpbin.example.org'],
  backend: { service: 'httpbin', port: 8000 },
  gateway: { implementation: 'istio', namespace: 'istio-system', selector: { istio: 'ingressgateway' }, targetPort: 8443 },
  provider: {
    name: 'aks',
    mixedProtocol: 'two-services',
    pipName: PUBLIC_IP_NAME,
    resourceGroup: 'edge-network',
    dnsLabelName: 'httpbin-example',
  },
  externalTrafficPolicy: 'Local',
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};


/** the demo's own objects: the httpbin namespace (sidecar injection on), Deployment and Service */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'httpbin', labels: { 'istio-injection': 'enabled' } } },
  ...goHttpbin({ name: 'httpbin', namespace: 'httpbin', servicePort: 8000, replicas: 2 }),
];
