/**
 * Istio 1.31 through the Kubernetes Gateway API on a bare-metal cluster with MetalLB: podinfo (a small Go web
 * API with health probes) served over HTTPS and HTTP/3 on one public address. Istio deploys the gateway for
 * the Gateway (Deployment and Service `podinfo-istio` in `edge`) and, with PILOT_ENABLE_QUIC_LISTENERS on,
 * adds the 443/UDP port to that Service itself; kube-http3 hands MetalLB's address annotations and
 * `externalTrafficPolicy: Local` (client IPs) to Istio through the Gateway's `spec.infrastructure`.
 *
 * Cluster set-up this example assumes: bare-metal nodes reachable on the public address below; MetalLB
 * >= 0.14.9 in L2 mode (its IPAddressPool and L2Advertisement are part of this example); the Gateway API
 * CRDs (standard channel) and Istio 1.31 installed with the minimal profile, then the artifacts in
 * dist/artifacts/istio-gateway-api-metallb/ applied (istiod with PILOT_ENABLE_QUIC_LISTENERS="true");
 * cert-manager with a ClusterIssuer `letsencrypt` that solves DNS-01 (the Gateway has no port-80 listener
 * for HTTP-01; browsers use HTTP/3 only with a publicly trusted certificate); and DNS for the hostnames
 * pointing at the address (the zone fragment in the artifacts adds the HTTPS records).
 *
 * Try it: curl --http3-only https://podinfo.example.org/healthz (or open it in a browser twice: the second
 * load goes over h3).
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { metallbLayer2Pool } from '../demo-objects';

/** the public address MetalLB announces for the gateway */
export const GATEWAY_ADDRESS = '203.0.113.10';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const podinfoGateway: Http3GatewayOptions = {
  name: 'podinfo',
  namespace: 'edge',
  hostnames: ['podinfo.example.org', 'api.podinfo.example.org'],
  backend: { service: 'podinfo', port: 9898, namespace: 'podinfo' },
  gateway: { implementation: 'istio-gateway-api', version: '1.31' },
  provider: { name: 'metallb', version: '0.16.1', address: GATEWAY_ADDRESS, addressPool: 'public' },
  externalTrafficPolicy: 'Local',
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  dns: { ttlSeconds: 300 },
};

const labels = { 'app.kubernetes.io/name': 'podinfo' };

/** the example's own objects: the namespaces, podinfo's Deployment and Service, and MetalLB's public pool */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'podinfo' } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'podinfo', namespace: 'podinfo', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'podinfo',
              image: 'ghcr.io/stefanprodan/podinfo:6.7.1',
              command: ['./podinfo', '--port=9898', '--level=info'],
              ports: [{ name: 'http', containerPort: 9898, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/readyz', port: 9898 }, periodSeconds: 5 },
              livenessProbe: { httpGet: { path: '/healthz', port: 9898 }, periodSeconds: 10 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'podinfo', namespace: 'podinfo', labels },
    spec: { selector: labels, ports: [{ name: 'http', port: 9898, targetPort: 9898, protocol: 'TCP' }] },
  },
  ...metallbLayer2Pool('public', [`${GATEWAY_ADDRESS}/32`], false),
];
