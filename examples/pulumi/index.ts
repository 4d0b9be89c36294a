/**
 * The Pulumi program of the examples (Pulumi.yaml points here). Pick one with
 * `pulumi config set example <name>` (a folder of examples/); the default is the Istio-on-kind demo.
 */
import * as pulumi from '@pulumi/pulumi';
import { PROGRAMS } from './programs';

const name = new pulumi.Config().get('example') ?? 'istio-kind-metallb';
const program = PROGRAMS[name];
if (!program) {
  throw new Error(`config example must be one of ${Object.keys(PROGRAMS).join(', ')}, got ${JSON.stringify(name)}`);
}

export = program();
