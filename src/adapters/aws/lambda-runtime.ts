import { awsConfigFromEnv, composeAws, type AwsRuntime } from './compose';

let runtime: AwsRuntime | undefined;

/** One composition per Lambda container, built on the first invocation (not at import). */
export function awsRuntime(): AwsRuntime {
  runtime ??= composeAws(awsConfigFromEnv());
  return runtime;
}
