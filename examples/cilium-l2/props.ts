/**
 * Envoy Gateway on a bare-metal cluster with Cilium: LB-IPAM gives the gateway an address on the office LAN, Cilium's
 * L2 announcements answer ARP for it, and Envoy Gateway terminates TLS and QUIC.
 *
 * Cluster set-up this example assumes: nodes on the LAN 192.168.10.0/24 (interface eth0); Cilium 1.19 as the CNI with
 * the kube-proxy replacement and L2 announcements on (Helm: kubeProxyReplacement=true, l2announcements.enabled=true,
 * k8sClientRateLimit sized as Cilium's L2 announcements guide says); Envoy Gateway (Helm chart, which installs the
 * Gateway API CRDs); the TLS Secret `shop-tls` in the shop namespace (a certificate browsers trust, or they never use
 * HTTP/3); and the shop Deployment behind the Service `shop` (port 8080). The address pool and the L2 announcement
 * policy are part of this example.
 *
 * L2 announcements do not follow externalTrafficPolicy Local (the lease holder may run no Envoy pod), so the Service
 * uses Cluster: the Envoy pods see a node address, not the client's.
 *
 * Try it: curl --http3-only --resolve shop.example.org:443:192.168.10.240 https://shop.example.org/
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { ENVOY_GATEWAY_CLASS } from '../demo-objects';

/** the address LB-IPAM gives the gateway (inside the pool below) */
export const GATEWAY_ADDRESS = '192.168.10.240';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const shopGateway: Http3GatewayOptions = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: { implementation: 'envoy-gateway', gatewayClassName: 'eg' },
  provider: { name: 'cilium', version: '1.19', loadBalancerClass: 'io.cilium/l2-announcer', address: GATEWAY_ADDRESS },
  externalTrafficPolicy: 'Cluster',
  tls: { secretName: 'shop-tls' },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};

/** the example's own objects: the namespace, the Envoy Gateway GatewayClass, Cilium's address pool and L2 policy */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  ENVOY_GATEWAY_CLASS,
  {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumLoadBalancerIPPool',
    metadata: { name: 'lan' },
    spec: { blocks: [{ start: '192.168.10.240', stop: '192.168.10.249' }] },
  },
  {
    apiVersion: 'cilium.io/v2alpha1',
    kind: 'CiliumL2AnnouncementPolicy',
    metadata: { name: 'lan' },
    spec: {
      loadBalancerIPs: true,
      interfaces: ['^eth0$'],
      nodeSelector: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] },
    },
  },
];
