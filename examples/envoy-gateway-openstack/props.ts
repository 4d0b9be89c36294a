/**
 * Envoy Gateway on OpenStack: one Octavia load balancer, created by openstack-cloud-controller-manager (OCCM) from a
 * Service carrying 443/TCP and 443/UDP (two listeners, one per protocol), Envoy Gateway terminating TLS and QUIC,
 * cert-manager issuing the certificate.
 *
 * Cluster set-up this example assumes: a Kubernetes cluster on OpenStack with OCCM (openstack-cloud-controller-manager)
 * managing LoadBalancer Services through Octavia (amphora or ovn provider; HTTP health monitors on UDP pools need
 * Octavia API 2.16 and the amphora provider, otherwise the UDP pool is checked with UDP-CONNECT) and a floating-IP
 * network configured for it; Envoy Gateway (Helm chart, which installs the Gateway API CRDs); cert-manager with a
 * ClusterIssuer `letsencrypt-dns` solving DNS-01. Envoy Gateway generates the load-balancer Service from the
 * EnvoyProxy kube-http3 writes: externalTrafficPolicy Local (the gateway sees client addresses over UDP) with OCCM's
 * health monitor on, and an empty default TLS container so that no OCCM default turns the listeners into
 * TERMINATED_HTTPS (which would break the UDP listener). Never add the TLS-container, X-Forwarded-For or
 * PROXY-protocol annotations to this Service: they apply to every port, the UDP one included.
 *
 * Try it: curl --http3-only https://shop.example.org/get
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { ENVOY_GATEWAY_CLASS, goHttpbin } from '../demo-objects';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const shopGateway: Http3GatewayOptions = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: { implementation: 'envoy-gateway', gatewayClassName: 'eg' },
  provider: { name: 'openstack' },
  externalTrafficPolicy: 'Local',
  tls: { certManager: { issuer: 'letsencrypt-dns', kind: 'ClusterIssuer' } },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};

/** the example's own objects: the namespace, the Envoy Gateway GatewayClass and the shop backend */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  ENVOY_GATEWAY_CLASS,
  ...goHttpbin({ name: 'shop', namespace: 'shop', servicePort: 8080, replicas: 2 }),
];
