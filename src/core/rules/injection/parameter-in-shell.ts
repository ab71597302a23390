// injection/parameter-in-shell: pipeline parameters pasted into shell or script text before it runs.

import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'injection/parameter-in-shell',
    title: 'Pipeline parameter pasted into a shell script',
    description:
      "Reports Argo `{{inputs.parameters.x}}` and `{{workflow.parameters.x}}` placed inside a `sh -c` string or a script template’s `source`, and KFP string parameters (`{{$.inputs.parameters['x']}}`) inside a shell command string. A parameter given as an argument of its own, or passed through an environment variable, is not evaluated by the shell and is not reported; KFP parameters typed as numbers or booleans are not reported.",
    explanation:
      'Argo and KFP replace the placeholder with the parameter’s text before the script runs, so the value becomes part of the script. Whoever can submit the workflow or set the parameter — a UI user, a trigger fed by a webhook, an upstream step — can close the quote and run `$(…)` or `; curl … | sh` with the step’s service account, credentials and data. Pass the value as an environment variable and read it quoted (`"$PARAM"`): the shell then treats it as data. MLflow `MLproject` commands are not reported: MLflow shell-quotes each parameter value as it substitutes it (a placeholder the command itself wraps in double quotes loses that protection and is not reported yet). Taxonomy: ATLAS AML.T0050 (Command and Scripting Interpreter) is the injected command itself; AML.T0020 (Poison Training Data) and OWASP ML02 (Data Poisoning) and ML10 (Model Poisoning) are what a command running inside a training or export step can do to the data it reads and the model it writes.',
    example: {
      language: 'yaml',
      bad: 'command: [sh, -c]\nargs: ["echo {{inputs.parameters.message}} > /tmp/out.txt"]',
      good: 'command: [sh, -c]\nargs: [\'echo "$MESSAGE" > /tmp/out.txt\']\nenv:\n- {name: MESSAGE, value: "{{inputs.parameters.message}}"}',
    },
    formats: ['argo', 'kfp'],
    severity: 'high',
    fixes: ['guided'],
    stride: ['T', 'E'],
    atlas: ['AML.T0050', 'AML.T0020'],
    owasp: ['ML02', 'ML10'],
    references: ['https://argo-workflows.readthedocs.io/en/latest/variables/', 'https://owasp.org/www-community/attacks/Command_Injection'],
  },
  *check(ctx) {
    for (const p of ctx.facts.parametersInShell) {
      const lang = /^Python/.test(p.where) ? 'Python code' : 'shell commands';
      yield {
        message: `The parameter ${p.parameter} is pasted into the ${p.where} before it runs, so a value holding quotes, \`;\` or \`$(…)\` runs as ${lang}.`,
        loc: p.loc,
        ...(p.others.length ? { related: p.others.map((loc) => ({ loc, message: `${p.parameter} is pasted here too` })) } : {}),
        ...(p.remedy
          ? {
              fixes: [
                {
                  title: `Pass ${p.parameter} as the environment variable ${p.remedy.variable} and read it quoted`,
                  kind: 'guided' as const,
                  edits: p.remedy.edits.map((e) => ({ file: p.loc.file, ...e })),
                },
              ],
            }
          : {}),
      };
    }
  },
});
