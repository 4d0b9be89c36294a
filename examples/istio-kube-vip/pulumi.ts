/**
 * The Istio-on-kube-vip example as a Pulumi program (selected with `pulumi config set example istio-kube-vip`).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Http3Gateway } from 'kube-http3/pulumi';
import { demoManifests, httpbinGateway } from './props';

/** create the example's resources and return its stack outputs */
export function istioKubeVip(): Record<string, pulumi.Output<unknown>> {
  const demo = new k8s.yaml.v2.ConfigGroup('istio-kube-vip-demo', { objs: demoManifests });
  const gateway = new Http3Gateway('httpbin', httpbinGateway, { dependsOn: [demo] });
  return {
    altSvc: gateway.altSvcValue,
    httpsRecords: gateway.httpsRecords,
    artifacts: gateway.artifacts,
  };
}
