// The ml.unsafe-deserialization threat template: the model is in a format that executes code when
// loaded (pickle, joblib, PyTorch `.pt`, Keras Lambda layers).

import { ATLAS, defineTemplate, modelFlow } from '../template';

export default defineTemplate({
  id: 'ml.unsafe-deserialization',
  target: 'flow',
  match: (f, v) => modelFlow(f, v) && v.elements.get(f.target)?.kind === 'process',
  title: (f, v) => `${v.elements.get(f.target)?.name ?? 'A process'} runs code from the model it loads`,
  severity: (f, v) => (v.assetsOf(f).some((a) => a.kind === 'model' && a.format && !['safetensors', 'onnx', 'gguf', 'tensorflow', 'numpy'].includes(a.format)) ? 'high' : 'medium'),
  description: 'The model is in a format that executes code when loaded (pickle, joblib, PyTorch `.pt`, Keras Lambda layers); a tampered file runs attacker code in the loading process.',
  impact: 'Code execution in training or serving with its credentials, data and network access.',
  mitigation: 'Store and load models as safetensors, ONNX or skops; scan pickles before loading; load with `weights_only=True`.',
  detection:
    'Applies to model flows into a process. Open when an unsafe pickle, a pickle-based format or an unsafe load call is reported; mitigated when every model carried is in a format that does not run code.',
  falsePositives: 'Pickles produced and loaded inside one trusted job that never leave it.',
  stride: ['T', 'E'],
  atlas: ['AML.T0011.000', 'AML.T0018.002'],
  owasp: ['ML06', 'ML10'],
  cwe: ['CWE-502'],
  references: [`${ATLAS}AML.T0011.000`, 'https://huggingface.co/docs/hub/security-pickle'],
  rules: ['model/unsafe-deserialization', 'model/pickle-format'],
  mitigatedBy: [['safe-serialization']],
});
