/**
 * The cdk8s app of every example (run by cdk8s.yaml: `npm run synth`). Each example is one chart, written
 * to dist/<chart>.k8s.yaml; artifacts for other tools go to dist/artifacts/<chart>/.
 */
import { App } from 'cdk8s';
import { writeArtifacts } from 'kube-http3/cdk8s';
import { envoyGatewayAwsLbc } from '../envoy-gateway-aws-lbc/cdk8s';
import { istioKindMetallb } from '../istio-kind-metallb/cdk8s';

/** every example chart, by chart id */
export const EXAMPLES: Record<string, (app: App) => unknown> = {
  'istio-kind-metallb': istioKindMetallb,
  'envoy-gateway-aws-lbc': envoyGatewayAwsLbc,
};

if (require.main === module) {
  const app = new App();
  for (const add of Object.values(EXAMPLES)) add(app);
  app.synth();
  writeArtifacts(app);
}
