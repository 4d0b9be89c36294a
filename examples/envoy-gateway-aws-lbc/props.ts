/**
 * Envoy Gateway on AWS with the AWS Load Balancer Controller: one internet-facing NLB with a TCP_UDP
 * listener on 443, Envoy Gateway terminating TLS and QUIC, cert-manager issuing the certificate.
 *
 * Cluster set-up this example assumes: EKS with the AWS Load Balancer Controller >= v2.13.0, Envoy Gateway
 * (Helm chart, which installs the Gateway API CRDs), cert-manager with a ClusterIssuer `letsencrypt`
 * (ACME, HTTP-01 through the Gateway or DNS-01), the shop Deployment behind the Service `shop`, and the
 * hosted zone of example.org in Route 53.
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { ENVOY_GATEWAY_CLASS } from '../demo-objects';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const shopGateway: Http3GatewayOptions = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org', 'www.shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: { implementation: 'envoy-gateway', gatewayClassName: 'eg' },
  provider: { name: 'aws-lbc', scheme: 'internet-facing', targetType: 'ip' },
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
  altSvc: { maxAgeSeconds: 86400 },
  // the HTTPS records in Route 53 (the Pulumi program creates them; the cdk8s app writes the change batch)
  dns: { ttlSeconds: 300, provider: { name: 'route53', zoneId: 'Z0123456789EXAMPLE' } },
};

/** the example's own objects: the namespace and the Envoy Gateway GatewayClass */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  ENVOY_GATEWAY_CLASS,
];
