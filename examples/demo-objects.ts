/**
 * Objects the examples deploy around what kube-http3 synthesizes: a go-httpbin backend (Deployment + Service), a
 * MetalLB layer-2 address pool and Envoy Gateway's GatewayClass. They are the examples' scenery, not part of the
 * library.
 */
import type { KubeManifest } from 'kube-http3';

/** go-httpbin's listening port inside the pod */
const HTTPBIN_CONTAINER_PORT = 8080;

export interface GoHttpbinOptions {
  /** Deployment, Service and container name; also the `app` label */
  readonly name: string;
  readonly namespace: string;
  /** the Service port the gateway routes to */
  readonly servicePort: number;
  readonly replicas: number;
}

/** a go-httpbin Deployment and its ClusterIP Service */
export function goHttpbin({ name, namespace, servicePort, replicas }: GoHttpbinOptions): KubeManifest[] {
  const labels = { app: name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name,
                image: 'docker.io/mccutchen/go-httpbin:v2.15.0',
                ports: [{ name: 'http', containerPort: HTTPBIN_CONTAINER_PORT, protocol: 'TCP' }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: servicePort, targetPort: HTTPBIN_CONTAINER_PORT, protocol: 'TCP' }] },
    },
  ];
}

/**
 * A MetalLB IPAddressPool and the L2Advertisement that announces it. With `autoAssign: false` the pool hands out
 * only requested addresses, so a single public address never goes to another Service by chance.
 */
export function metallbLayer2Pool(name: string, addresses: readonly string[], autoAssign = true): KubeManifest[] {
  return [
    {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name, namespace: 'metallb-system' },
      spec: autoAssign ? { addresses: [...addresses] } : { addresses: [...addresses], autoAssign: false },
    },
    {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: { name, namespace: 'metallb-system' },
      spec: { ipAddressPools: [name] },
    },
  ];
}

/** the GatewayClass `eg` that hands Gateways to Envoy Gateway (its Helm chart installs none) */
export const ENVOY_GATEWAY_CLASS: KubeManifest = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'eg' },
  spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
};
