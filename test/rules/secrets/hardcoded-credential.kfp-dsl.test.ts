// Table tests of secrets/hardcoded-credential on the KFP DSL: credential literals as component
// parameter defaults and as `set_env_variable` values of pipeline tasks, through aliases, module
// constants and a file being typed; secrets mounted with `kfp.kubernetes` are not literals.

import rule from '../../../src/core/rules/secrets/hardcoded-credential';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const TOKEN = 'hf_' + 'aBcDeFgHiJkLmNoPqRsTuVwXyZ012345'.repeat(1).slice(0, 34);
const literal = (name: string) => `"${name}" holds a literal credential, readable by anyone with the repository and kept in its history.`;

const paramDefault = `from kfp import dsl

@dsl.component
def download(repo: str, hf_token: str = "${TOKEN}"):
    pass
`;
const envFromConstant = `import kfp.dsl as d

DB_PASSWORD = "s3cr3t-Passw0rd-for-prod"

@d.component
def train():
    pass

@d.pipeline
def p():
    t = train()
    t.set_env_variable(name="DB_PASSWORD", value=DB_PASSWORD)
`;
const fromSecret = `from kfp import dsl, kubernetes

@dsl.component
def train():
    pass

@dsl.pipeline
def p():
    t = train()
    kubernetes.use_secret_as_env(t, secret_name="db", secret_key_to_env={"password": "DB_PASSWORD"})
`;
const midEdit = `from kfp.dsl import component

@component
def download(api_key: str = "sk-live-0123456789abcdefABCDEF"):
    pass

def broken(
`;

ruleTester(rule, {
  valid: [
    { name: 'a secret mounted as env with kfp.kubernetes', files: { 'pipeline.py': fromSecret } },
    { name: 'a credential parameter without a default', files: { 'pipeline.py': paramDefault.replace(` = "${TOKEN}"`, '') } },
  ],
  invalid: [
    {
      name: 'a token as a component parameter default',
      files: { 'pipeline.py': paramDefault },
      errors: [{ ...at(paramDefault, TOKEN), message: literal('hf_token'), severity: 'critical' }],
    },
    {
      name: 'a module constant passed to set_env_variable on a task (import kfp.dsl as d)',
      files: { 'pipeline.py': envFromConstant },
      errors: [{ ...at(envFromConstant, 's3cr3t'), message: literal('DB_PASSWORD') }],
    },
    {
      name: 'a parameter default in a file with a syntax error mid-edit',
      files: { 'pipeline.py': midEdit },
      errors: [{ ...at(midEdit, 'sk-live'), message: literal('api_key') }],
    },
  ],
});
