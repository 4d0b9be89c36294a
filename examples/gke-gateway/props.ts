/**
 * GKE Gateway with a global external Application Load Balancer: the store app behind Google's edge, which
 * terminates TLS and HTTP/3 itself (no UDP Service in the cluster) and adds Alt-Svc on its own.
 *
 * Cluster set-up this example assumes: a VPC-native GKE cluster (Autopilot, or Standard with the
 * HttpLoadBalancing add-on) with the Gateway API enabled (`gcloud container clusters update CLUSTER
 * --gateway-api=standard`), which installs the GatewayClass `gke-l7-global-external-managed`; cert-manager with a
 * ClusterIssuer `letsencrypt-dns` solving DNS-01 in Cloud DNS (HTTP-01 cannot reach the certificate's first
 * issuance through a Gateway that has no certificate yet); and DNS for store.example.org pointing at the
 * Gateway's address (`kubectl get gateway store -n store`).
 *
 * Try it: curl --http3-only https://store.example.org/ (HTTP/3 is on while the target HTTPS proxy keeps
 * quicOverride NONE or ENABLE; check with gcloud compute target-https-proxies describe)
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const storeGateway: Http3GatewayOptions = {
  name: 'store',
  namespace: 'store',
  hostnames: ['store.example.org'],
  backend: { service: 'store', port: 8080 },
  gateway: { implementation: 'gke-gateway', gatewayClassName: 'gke-l7-global-external-managed' },
  tls: { certManager: { issuer: 'letsencrypt-dns', kind: 'ClusterIssuer' } },
  dns: { ttlSeconds: 300 },
};

const labels = { app: 'store' };

/** the demo's own objects: the store namespace, Deployment and Service (GKE reaches the pods through NEGs) */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'store' } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'store', namespace: 'store', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'whereami',
              image: 'us-docker.pkg.dev/google-samples/containers/gke/whereami:v1.2.20',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' } },
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'store', namespace: 'store', labels },
    spec: { selector: labels, ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }] },
  },
];
