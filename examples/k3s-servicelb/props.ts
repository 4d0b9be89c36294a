/**
 * Istio classic on k3s with ServiceLB (klipper-lb): one LoadBalancer Service carries 443/TCP and 443/UDP, and
 * ServiceLB runs an svclb pod on every node with the containers lb-tcp-443 and lb-udp-443 holding those hostPorts,
 * so HTTPS and HTTP/3 answer on the node addresses.
 *
 * Cluster set-up this example assumes: k3s started with --disable=traefik (the bundled Traefik's own ServiceLB Service
 * already holds 443/TCP on every node); Istio installed with istioctl (default profile), then the artifacts in
 * dist/artifacts/k3s-servicelb/ applied (istiod with PILOT_ENABLE_QUIC_LISTENERS="true", the default ingress gateway
 * Service as ClusterIP); and the TLS Secret `httpbin-credential` in istio-system, as Istio's secure-ingress task creates
 * it. With Cilium as the CNI and its kube-proxy replacement, use a release with the hostPort fix (cilium/cilium PR
 * #41521), or only one of the two protocols answers.
 *
 * klipper-lb masquerades, so httpbin sees the svclb pod's address, not the client's (the report says so).
 *
 * Try it: curl --http3-only -k --resolve httpbin.example.com:443:<node address> https://httpbin.example.com/status/200
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { goHttpbin } from '../demo-objects';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const httpbinGateway: Http3GatewayOptions = {
  name: 'httpbin',
  namespace: 'httpbin',
  hostnames: ['httpbin.example.com'],
  backend: { service: 'httpbin', port: 8000 },
  gateway: { implementation: 'istio', namespace: 'istio-system', selector: { istio: 'ingressgateway' }, targetPort: 8443 },
  provider: { name: 'k3s' },
  tls: { secretName: 'httpbin-credential' },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};


/** the demo's own objects: the httpbin namespace, Deployment and Service */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'httpbin', labels: { 'istio-injection': 'enabled' } } },
  ...goHttpbin({ name: 'httpbin', namespace: 'httpbin', servicePort: 8000, replicas: 1 }),
];
