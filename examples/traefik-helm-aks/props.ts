/**
 * Traefik Proxy v3 installed with its Helm chart on AKS: whoami behind Traefik over HTTP/3, on one Azure Load Balancer
 * Service carrying 443/TCP and 443/UDP (Azure supports mixed-protocol LoadBalancer Services: loadbalancers.md §3).
 *
 * Cluster set-up this example assumes: AKS >= 1.24; a static public IP `whoami-edge-pip` in the resource group
 * `edge-network`, on which the cluster identity has Network Contributor (the chart's Service claims it by name);
 * cert-manager with a ClusterIssuer `letsencrypt` (ACME, its HTTP-01 solver reaching Traefik); Traefik installed or
 * upgraded with the traefik/traefik chart 41.3.0 in the namespace `traefik` and the values kube-http3 writes to
 * dist/artifacts/traefik-helm-aks/whoami.traefik-values.yaml (HTTP/3 on the websecure entryPoint with
 * advertisedPort 443, one mixed Service with the Azure annotations below):
 *
 *   helm upgrade --install traefik traefik/traefik --namespace traefik --create-namespace --version 41.3.0 \
 *     -f dist/artifacts/traefik-helm-aks/whoami.traefik-values.yaml
 *
 * After every later `helm upgrade`, check that the Service still lists 443/TCP and 443/UDP (traefik-helm-chart #982;
 * the report's traefik-helm-upgrade note). The provider is `generic` (Azure's cloud controller takes a mixed Service
 * and needs no loadBalancerClass) with the Azure annotations given explicitly.
 *
 * Try it: curl --http3-only https://whoami.example.org/
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const whoamiGateway: Http3GatewayOptions = {
  name: 'whoami',
  namespace: 'whoami',
  hostnames: ['whoami.example.org'],
  backend: { service: 'whoami', port: 80 },
  gateway: {
    implementation: 'traefik',
    install: 'helm',
    routing: 'ingressroute',
    namespace: 'traefik',
    entryPoint: 'websecure',
    entryPointPort: 8443,
    version: '3.7',
    chartVersion: '41.3.0',
  },
  provider: {
    name: 'generic',
    annotations: {
      'service.beta.kubernetes.io/azure-pip-name': 'whoami-edge-pip',
      'service.beta.kubernetes.io/azure-load-balancer-resource-group': 'edge-network',
    },
  },
  externalTrafficPolicy: 'Local',
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  dns: { ttlSeconds: 300 },
};

const labels = { app: 'whoami' };

/** the demo's own objects: the whoami namespace, Deployment and Service */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'whoami' } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'whoami', namespace: 'whoami', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'whoami',
              image: 'docker.io/traefik/whoami:v1.10.3',
              ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'whoami', namespace: 'whoami', labels },
    spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }] },
  },
];
