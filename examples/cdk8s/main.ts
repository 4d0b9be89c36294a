/**
 * The cdk8s app of every example (run by cdk8s.yaml: `npm run synth`). Each example is one chart, written
 * to dist/<chart>.k8s.yaml; artifacts for other tools go to dist/artifacts/<chart>/.
 */
import { App } from 'cdk8s';
import { writeArtifacts } from 'kube-http3/cdk8s';
import { ciliumL2 } from '../cilium-l2/cdk8s';
import { digitaloceanLoadBalancer } from '../digitalocean-load-balancer/cdk8s';
import { digitaloceanPassthrough } from '../digitalocean-passthrough/cdk8s';
import { emissaryMetallb } from '../emissary-metallb/cdk8s';
import { envoyGatewayAwsLbc } from '../envoy-gateway-aws-lbc/cdk8s';
import { envoyGatewayGke } from '../envoy-gateway-gke/cdk8s';
import { envoyGatewayKind } from '../envoy-gateway-kind/cdk8s';
import { envoyGatewayOpenstack } from '../envoy-gateway-openstack/cdk8s';
import { gkeGateway } from '../gke-gateway/cdk8s';
import { haproxyHelm } from '../haproxy-helm/cdk8s';
import { istioAksSharedIp } from '../istio-aks-shared-ip/cdk8s';
import { istioGatewayApiMetallb } from '../istio-gateway-api-metallb/cdk8s';
import { istioKindMetallb } from '../istio-kind-metallb/cdk8s';
import { istioKubeVip } from '../istio-kube-vip/cdk8s';
import { k3sServicelb } from '../k3s-servicelb/cdk8s';
import { ociNlb } from '../oci-nlb/cdk8s';
import { passthroughQuicBackend } from '../passthrough-quic-backend/cdk8s';
import { traefikHelmAks } from '../traefik-helm-aks/cdk8s';

/** every example chart, by chart id (the example's folder name) */
export const EXAMPLES: Record<string, (app: App) => unknown> = {
  'istio-kind-metallb': istioKindMetallb,
  'istio-kube-vip': istioKubeVip,
  'envoy-gateway-aws-lbc': envoyGatewayAwsLbc,
  'cilium-l2': ciliumL2,
  'digitalocean-load-balancer': digitaloceanLoadBalancer,
  'digitalocean-passthrough': digitaloceanPassthrough,
  'emissary-metallb': emissaryMetallb,
  'envoy-gateway-gke': envoyGatewayGke,
  'envoy-gateway-kind': envoyGatewayKind,
  'envoy-gateway-openstack': envoyGatewayOpenstack,
  'gke-gateway': gkeGateway,
  'haproxy-helm': haproxyHelm,
  'istio-aks-shared-ip': istioAksSharedIp,
  'istio-gateway-api-metallb': istioGatewayApiMetallb,
  'k3s-servicelb': k3sServicelb,
  'oci-nlb': ociNlb,
  'passthrough-quic-backend': passthroughQuicBackend,
  'traefik-helm-aks': traefikHelmAks,
};

if (require.main === module) {
  const app = new App();
  for (const add of Object.values(EXAMPLES)) add(app);
  app.synth();
  writeArtifacts(app);
}
