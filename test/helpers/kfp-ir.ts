// A KFP v2 IR pipeline of one lightweight component as the SDK compiles it, so rule tables can
// vary only the compiled pip command (a double-quoted, folded, escaped YAML string).

/** The platform config document of a pipeline that injects one Secret key as an env variable. */
export function secretAsEnv(executor: string, envVar: string, secretName: string): string {
  return `platforms:
  kubernetes:
    deploymentSpec:
      executors:
        exec-${executor}:
          secretAsEnv:
          - keyToEnv:
            - envVar: ${envVar}
              secretKey: token
            secretName: ${secretName}
`;
}

/**
 * The pipeline file. `install` holds the continuation lines of the folded command string after the
 * SDK's `ensurepip` preamble, as written after their 10-space indentation (each but the last ends
 * with `\`); `platform` is an optional second document.
 */
export function kfpLightweight(name: string, install: string[], platform?: string): string {
  return `# PIPELINE DEFINITION
# Name: ${name}
components:
  comp-${name}:
    executorLabel: exec-${name}
deploymentSpec:
  executors:
    exec-${name}:
      container:
        args:
        - --executor_input
        - '{{$}}'
        - --function_to_execute
        - ${name}
        command:
        - sh
        - -c
        - "\\nif ! [ -x \\"$(command -v pip)\\" ]; then\\n    python3 -m ensurepip ||\\
          \\ python3 -m ensurepip --user || apt-get install python3-pip\\nfi\\n\\nPIP_DISABLE_PIP_VERSION_CHECK=1\\
${install.map((l) => `          ${l}`).join('\n')}
        - sh
        - -ec
        - 'program_path=$(mktemp -d)

          printf "%s" "$0" > "$program_path/ephemeral_component.py"

          _KFP_RUNTIME=true python3 -m kfp.dsl.executor_main --component_module_path "$program_path/ephemeral_component.py" "$@"

          '
        image: python:3.11
pipelineInfo:
  name: ${name}
root:
  dag:
    tasks:
      ${name}:
        componentRef:
          name: comp-${name}
        taskInfo:
          name: ${name}
schemaVersion: 2.1.0
sdkVersion: kfp-2.7.0
${platform ? `---\n${platform}` : ''}`;
}
