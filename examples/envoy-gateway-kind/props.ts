/**
 * Envoy Gateway on kind with cloud-provider-kind: a local HTTP/3 playground. cloud-provider-kind gives the one
 * LoadBalancer Service that Envoy Gateway generates (443/TCP and 443/UDP) an address on kind's docker network and
 * proxies each port and protocol through its own Envoy (UDP through Envoy's udp_proxy).
 *
 * Cluster set-up this example assumes: a kind cluster; cloud-provider-kind running on the host (it serves
 * LoadBalancer Services of every kind cluster); Envoy Gateway (Helm chart, which installs the Gateway API CRDs);
 * and the TLS Secret `shop-local-tls` in the namespace `shop` for shop.localtest.me, e.g. from mkcert
 * (`mkcert shop.localtest.me`, then `kubectl create -n shop secret tls shop-local-tls --cert=... --key=...`).
 * Browsers use HTTP/3 only with publicly trusted certificates, so try it with curl; cloud-provider-kind proxies the
 * flows, so the gateway sees the proxy's address, not the client's.
 *
 * Try it: curl --http3-only --cacert "$(mkcert -CAROOT)/rootCA.pem" --resolve shop.localtest.me:443:<EXTERNAL-IP>
 * https://shop.localtest.me/get (EXTERNAL-IP: `kubectl get svc -n envoy-gateway-system`)
 */
import type { Http3GatewayOptions, KubeManifest } from 'kube-http3';
import { ENVOY_GATEWAY_CLASS, goHttpbin } from '../demo-objects';

/** the Http3Gateway props, shared by the cdk8s app and the Pulumi program */
export const shopGateway: Http3GatewayOptions = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.localtest.me'],
  backend: { service: 'shop', port: 8080 },
  gateway: { implementation: 'envoy-gateway', gatewayClassName: 'eg' },
  provider: 'kind',
  tls: { secretName: 'shop-local-tls' },
  altSvc: { maxAgeSeconds: 86400 },
  dns: false,
};

/** the example's own objects: the namespace, the Envoy Gateway GatewayClass and the shop backend */
export const demoManifests: KubeManifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  ENVOY_GATEWAY_CLASS,
  ...goHttpbin({ name: 'shop', namespace: 'shop', servicePort: 8080, replicas: 1 }),
];
