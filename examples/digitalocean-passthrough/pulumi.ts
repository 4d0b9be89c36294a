/**
 * The DigitalOcean pass-through example as a Pulumi program (selected with `pulumi config set example digitalocean-passthrough`).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Http3Gateway } from 'kube-http3/pulumi';
import { demoManifests, shopGateway } from './props';

/** create the example's resources and return its stack outputs */
export function digitaloceanPassthrough(): Record<string, pulumi.Output<unknown>> {
  const demo = new k8s.yaml.v2.ConfigGroup('digitalocean-passthrough-demo', { objs: demoManifests });
  const gateway = new Http3Gateway('shop', shopGateway, { dependsOn: [demo] });
  return {
    altSvc: gateway.altSvcValue,
    httpsRecords: gateway.httpsRecords,
    tlsSecretName: gateway.tlsSecretName,
    artifacts: gateway.artifacts,
  };
}
