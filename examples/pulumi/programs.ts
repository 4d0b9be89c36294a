/**
 * Every example Pulumi program, by name (the example's folder name): examples/pulumi/index.ts runs the one
 * the stack's `example` config names.
 */
import type * as pulumi from '@pulumi/pulumi';
import { ciliumL2 } from '../cilium-l2/pulumi';
import { digitaloceanLoadBalancer } from '../digitalocean-load-balancer/pulumi';
import { digitaloceanPassthrough } from '../digitalocean-passthrough/pulumi';
import { emissaryMetallb } from '../emissary-metallb/pulumi';
import { envoyGatewayAwsLbc } from '../envoy-gateway-aws-lbc/pulumi';
import { envoyGatewayGke } from '../envoy-gateway-gke/pulumi';
import { envoyGatewayKind } from '../envoy-gateway-kind/pulumi';
import { envoyGatewayOpenstack } from '../envoy-gateway-openstack/pulumi';
import { gkeGateway } from '../gke-gateway/pulumi';
import { haproxyHelm } from '../haproxy-helm/pulumi';
import { istioAksSharedIp } from '../istio-aks-shared-ip/pulumi';
import { istioGatewayApiMetallb } from '../istio-gateway-api-metallb/pulumi';
import { istioKindMetallb } from '../istio-kind-metallb/pulumi';
import { istioKubeVip } from '../istio-kube-vip/pulumi';
import { k3sServicelb } from '../k3s-servicelb/pulumi';
import { ociNlb } from '../oci-nlb/pulumi';
import { passthroughQuicBackend } from '../passthrough-quic-backend/pulumi';
import { traefikHelmAks } from '../traefik-helm-aks/pulumi';

/** the example programs: each creates its resources and returns its stack outputs */
export const PROGRAMS: Record<string, () => Record<string, pulumi.Output<unknown>>> = {
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
