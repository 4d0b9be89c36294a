/**
 * Istio classic on kind with MetalLB: httpbin behind the Istio ingress gateway over HTTP/3 (the seed demo).
 *
 * Cluster set-up this example assumes: a kind cluster; MetalLB installed (its IPAddressPool and
 * L2Advertisement are part of this example, on kind's default docker network 172.18.0.0/16); Istio
 * installed with istioctl (default profile), then the artifacts in dist/artifacts/istio-kind-metallb/
 * applied (istiod with PILOT_ENABLE_QUIC_LISTENERS="true", the default ingress gateway Service as
 * ClusterIP); and the TLS Secret `httpbin-credential` in istio-system, as Istio's secure-ingress task
 * creates it (`kubectl create -n istio-system secret tls httpbin-credential --key=... --cert=...`).
 *
 * Try it: curl --http3-only -k --resolve httpbin.example.com:443:172.18.255.200 https://httpbin.example.com/status/200
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { goHttpbin, metallbLayer2Pool } from '../demo-objects';

/** the address MetalLB gives the gateway (inside kind's docker network) */
export const GATEWAY_ADDRESS = '172.18.255.200';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const httpbinGateway: Http3GatewayOptions = {
  name: 'httpbin',
  namespace: 'httpbin',
  hostnames: ['httpbin.example.com'],
  backend: { service: 'httpbin', port: 8000 },
  gateway: { implementation: 'istio', namespace: 'istio-system', selector: { istio: 'ingressgateway' }, targetPort: 8443 },
  provider: { name: 'metallb', address: GATEWAY_ADDRESS },
  tls: { secretName: 'httpbin-credential' },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};


/** the demo's own objects: the httpbin namespace, Deployment and Service, and MetalLB's address pool */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'httpbin', labels: { 'istio-injection': 'enabled' } } },
  ...goHttpbin({ name: 'httpbin', namespace: 'httpbin', servicePort: 8000, replicas: 1 }),
  ...metallbLayer2Pool('kind', ['172.18.255.200-172.18.255.250']),
];
