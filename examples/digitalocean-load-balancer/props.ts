/**
 * DigitalOcean Kubernetes with HTTP/3 at the load balancer: a REGIONAL DigitalOcean load balancer terminates TLS
 * and QUIC with a certificate DigitalOcean holds and forwards plain HTTP to nginx, which sends the Alt-Svc header
 * (DigitalOcean does not document that its load balancer adds one).
 *
 * Cluster set-up this example assumes: a DOKS cluster (its cloud controller creates the load balancer from the
 * Service); a certificate in the DigitalOcean account covering shop.example.org (`doctl compute certificate
 * create --type lets_encrypt --dns-names shop.example.org ...`, its ID below, from `doctl compute certificate
 * list`); and DNS for shop.example.org pointing at the load balancer's address.
 *
 * Try it: curl --http3-only https://shop.example.org/
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';

/** the ID of the DigitalOcean certificate the load balancer terminates TLS and QUIC with */
export const CERTIFICATE_ID = 'c019bbf4-cad2-4884-8a20-410ddad7f54a';

const labels = { app: 'shop' };

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const shopGateway: Http3GatewayOptions = {
  name: 'shop-edge',
  namespace: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 80 },
  gateway: { implementation: 'digitalocean-load-balancer', selector: labels, targetPort: 8080, tcpProtocol: 'http2' },
  tls: { loadBalancerCertificateId: CERTIFICATE_ID },
  altSvc: { maxAgeSeconds: 86400 },
  dns: { ttlSeconds: 300 },
};

/** nginx: plain HTTP on 8080, adding the Alt-Svc value the Http3Gateway computes (its altSvcValue) */
const nginxConfig = [
  'server {',
  '  listen 8080;',
  '  add_header Alt-Svc \'h3=":443"; ma=86400\' always;',
  '  location / {',
  '    root /usr/share/nginx/html;',
  '  }',
  '}',
  '',
].join('\n');

/** the demo's own objects: the shop namespace, nginx's configuration, Deployment and in-cluster Service */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'shop-nginx', namespace: 'shop', labels },
    data: { 'default.conf': nginxConfig },
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
              name: 'nginx',
              image: 'docker.io/library/nginx:1.29',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              volumeMounts: [{ name: 'config', mountPath: '/etc/nginx/conf.d' }],
            },
          ],
          volumes: [{ name: 'config', configMap: { name: 'shop-nginx' } }],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop', namespace: 'shop', labels },
    spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
  },
];
