/**
 * Passthrough to a backend that terminates QUIC itself: Caddy serves HTTPS and HTTP/3 on 443 in its pods, behind
 * an AWS NLB with one TCP_UDP listener; nothing in between speaks HTTP. Caddy (quic-go) sends
 * `Alt-Svc: h3=":443"; ma=2592000` by itself, so the Http3Gateway advertises the same max age and the DNS HTTPS
 * record agrees with it.
 *
 * Cluster set-up this example assumes: EKS with the AWS Load Balancer Controller >= v2.13.0 (TCP_UDP listeners);
 * cert-manager with a ClusterIssuer `letsencrypt-dns` solving DNS-01 (the Certificate's Secret `shop-tls` is
 * mounted by Caddy, which kube-http3 does not touch); and DNS for shop.example.org pointing at the NLB.
 *
 * Try it: curl --http3-only https://shop.example.org/
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';

const labels = { app: 'shop' };

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const shopGateway: Http3GatewayOptions = {
  name: 'shop-edge',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 443 },
  gateway: { implementation: 'passthrough', selector: labels, targetPort: 443 },
  provider: { name: 'aws-lbc', scheme: 'internet-facing', targetType: 'ip' },
  tls: { certManager: { issuer: 'letsencrypt-dns', kind: 'ClusterIssuer' }, secretName: 'shop-tls' },
  altSvc: { maxAgeSeconds: 2592000 },
  dns: { ttlSeconds: 300 },
};

/** Caddy: HTTP/1.1, HTTP/2 and HTTP/3 on 443 with the cert-manager certificate */
const caddyfile = [
  '{',
  '\tservers {',
  '\t\tprotocols h1 h2 h3',
  '\t}',
  '}',
  '',
  'shop.example.org {',
  '\ttls /etc/caddy/tls/tls.crt /etc/caddy/tls/tls.key',
  '\trespond "hello over {http.request.proto}"',
  '}',
  '',
].join('\n');

/** the demo's own objects: the shop namespace, Caddy's configuration, Deployment and in-cluster Service */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'shop-caddy', namespace: 'shop', labels },
    data: { Caddyfile: caddyfile },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop', namespace: 'shop', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'caddy',
              image: 'docker.io/library/caddy:2.10',
              ports: [
                { name: 'https', containerPort: 443, protocol: 'TCP' },
                { name: 'http3', containerPort: 443, protocol: 'UDP' },
              ],
              volumeMounts: [
                { name: 'config', mountPath: '/etc/caddy' },
                { name: 'tls', mountPath: '/etc/caddy/tls', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: 'shop-caddy' } },
            { name: 'tls', secret: { secretName: 'shop-tls' } },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop', namespace: 'shop', labels },
    spec: { selector: labels, ports: [{ name: 'https', port: 443, targetPort: 443, protocol: 'TCP' }] },
  },
];
