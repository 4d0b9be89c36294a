/**
 * Emissary-ingress on bare metal with MetalLB: a small echo service behind Emissary over HTTP/3, on one MetalLB
 * address that carries 443/TCP and 443/UDP in one mixed Service.
 *
 * Cluster set-up this example assumes: a bare-metal cluster (Kubernetes >= 1.26) whose nodes share a layer-2
 * segment routed from the internet, with 203.0.113.10 (a placeholder: use your public address) free on it;
 * MetalLB >= 0.14.9 installed (its IPAddressPool and L2Advertisement for that address are part of this example);
 * Emissary-ingress >= 3.0 installed with its Helm chart as the release `emissary-ingress` in the namespace
 * `emissary` (the chart's defaults: pods labelled app.kubernetes.io/name=emissary-ingress, HTTPS on 8443, no
 * default Listeners), then the values in dist/artifacts/emissary-metallb/ applied (the chart's own Service as
 * ClusterIP: kube-http3's Service is the load balancer); cert-manager with a ClusterIssuer `letsencrypt-dns`
 * solving DNS-01 (HTTP-01 cannot work: only 443 is exposed). Emissary hard-codes Alt-Svc to port 443, so the
 * example keeps port 443.
 *
 * Try it: curl --http3-only https://echo.example.net/get
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { goHttpbin, metallbLayer2Pool } from '../demo-objects';

/** the public address MetalLB announces for Emissary */
export const EDGE_ADDRESS = '203.0.113.10';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const echoGateway: Http3GatewayOptions = {
  name: 'echo',
  namespace: 'echo',
  hostnames: ['echo.example.net'],
  backend: { service: 'echo', port: 8080 },
  gateway: { implementation: 'emissary', namespace: 'emissary', targetPort: 8443 },
  provider: { name: 'metallb', address: EDGE_ADDRESS, addressPool: 'public' },
  tls: { certManager: { issuer: 'letsencrypt-dns', kind: 'ClusterIssuer' } },
  dns: { ttlSeconds: 300 },
};


/** the example's own objects: the echo namespace, Deployment and Service, and MetalLB's pool and L2 advertisement */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'echo' } },
  ...goHttpbin({ name: 'echo', namespace: 'echo', servicePort: 8080, replicas: 2 }),
  ...metallbLayer2Pool('public', [`${EDGE_ADDRESS}/32`], false),
];
