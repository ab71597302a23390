// supply-chain/remote-code-on-load: a model loader told to run Python code from the model repository.

import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'supply-chain/remote-code-on-load',
    title: 'Loader runs code from the model repository',
    description:
      'A loader call with `trust_remote_code=True` (Transformers `from_pretrained`, `pipeline`, `AutoConfig`, Datasets `load_dataset`, Sentence Transformers…), or a model server started with `--trust-remote-code` (vLLM `vllm serve` and its API server modules, SGLang, text-generation-inference, also through `VLLM_ADDITIONAL_ARGS` or `TRUST_REMOTE_CODE=true`): the Python modules the repository ships are imported and run.',
    explanation:
      'With `trust_remote_code=True` the library downloads the `.py` files of the model or dataset repository and imports them in your process. Whoever can push to that repository — its owner, a compromised account, or anyone once a branch name is reused — runs code with your credentials, data and GPUs, on every fresh download. Use a model whose architecture the library implements, or vendor the reviewed code into your own package and pin the repository to a commit.',
    example: {
      language: 'python',
      bad: 'model = AutoModelForCausalLM.from_pretrained("example-org/custom-llm", trust_remote_code=True)',
      good: 'model = AutoModelForCausalLM.from_pretrained("example-org/standard-llm", revision="<40-hex commit id>")',
    },
    formats: ['python', 'dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow', 'compose'],
    severity: 'high',
    fixes: [],
    stride: ['T', 'E'],
    atlas: ['AML.T0010.003', 'AML.T0011.000'],
    owasp: ['ML06', 'ML07'],
    references: ['https://huggingface.co/docs/transformers/models#custom-models', 'https://huggingface.co/docs/hub/security'],
  },
  *check(ctx) {
    for (const r of ctx.facts.remoteCodeLoads) {
      const what = r.source ? ` of ${r.source.value}` : '';
      const where = r.flag ? 'the server process' : 'this process';
      yield { message: `${r.api} is given ${r.flag ?? 'trust_remote_code=True'}, so the Python code${what} in the repository runs in ${where}.`, loc: r.loc };
    }
  },
});
