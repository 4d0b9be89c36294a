/**
 * The Istio-on-k3s-ServiceLB example as a Pulumi program (selected with `pulumi config set example k3s-servicelb`).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Http3Gateway } from 'kube-http3/pulumi';
import { demoManifests, httpbinGateway } from './props';

/** create the example's resources and return its stack outputs */
export function k3sServicelb(): Record<string, pulumi.Output<unknown>> {
  const demo = new k8s.yaml.v2.ConfigGroup('k3s-servicelb-demo', { objs: demoManifests });
  const gateway = new Http3Gateway('httpbin', httpbinGateway, { dependsOn: [demo] });
  return {
    altSvc: gateway.altSvcValue,
    httpsRecords: gateway.httpsRecords,
    artifacts: gateway.artifacts,
  };
}
