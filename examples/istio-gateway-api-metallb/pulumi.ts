/**
 * The Istio Gateway API on bare metal with MetalLB example as a Pulumi program (selected with
 * `pulumi config set example istio-gateway-api-metallb`).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Http3Gateway } from 'kube-http3/pulumi';
import { demoManifests, podinfoGateway } from './props';

/** create the example's resources and return its stack outputs */
export function istioGatewayApiMetallb(): Record<string, pulumi.Output<unknown>> {
  const demo = new k8s.yaml.v2.ConfigGroup('istio-gateway-api-metallb-demo', { objs: demoManifests });
  const gateway = new Http3Gateway('podinfo', podinfoGateway, { dependsOn: [demo] });
  return {
    altSvc: gateway.altSvcValue,
    httpsRecords: gateway.httpsRecords,
    artifacts: gateway.artifacts,
  };
}
