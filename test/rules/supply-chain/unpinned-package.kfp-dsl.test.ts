// Table tests of the KFP runtime-install rules on the KFP DSL: supply-chain/unpinned-package,
// supply-chain/runtime-package-install and supply-chain/extra-index-url, for `packages_to_install`
// and `pip_index_urls` written as literals, module constants and f-strings, through `from kfp
// import dsl`, `import kfp.dsl as d` and a bare decorator, and in a file being typed.

import extraIndex from '../../../src/core/rules/supply-chain/extra-index-url';
import runtimeInstall from '../../../src/core/rules/supply-chain/runtime-package-install';
import unpinnedPackage from '../../../src/core/rules/supply-chain/unpinned-package';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const DIGEST = '@sha256:' + 'a'.repeat(64);

const literal = `from kfp import dsl

@dsl.component(base_image="python:3.12${DIGEST}", packages_to_install=["pandas>=2.0", "numpy==1.26.4"])
def train(epochs: int) -> str:
    return "ok"
`;
const viaConstants = `import kfp.dsl as d

TORCH = "2.3.1"
PKGS = ["scikit-learn", f"torch=={TORCH}"]

@d.component(packages_to_install=PKGS)
def train():
    pass
`;
const midEdit = `from kfp.dsl import component

@component(packages_to_install=["transformers"])
def train():
    x = (

def later(
`;
const baked = `from kfp import dsl

@dsl.component(base_image="registry.example.com/train:1.0${DIGEST}", install_kfp_package=False)
def train():
    pass
`;

ruleTester(unpinnedPackage, {
  valid: [
    { name: 'every package pinned exactly; the SDK pins its own kfp install', files: { 'pipeline.py': literal.replace('pandas>=2.0', 'pandas==2.2.2') } },
    { name: 'a constant list pinned through an f-string', files: { 'pipeline.py': viaConstants.replace('"scikit-learn"', '"scikit-learn==1.5.0"') } },
    { name: 'a decorator without arguments installs only the pinned kfp', files: { 'pipeline.py': 'from kfp import dsl\n\n@dsl.component\ndef train():\n    pass\n' } },
  ],
  invalid: [
    {
      name: 'a range in a literal list of @dsl.component(...)',
      files: { 'pipeline.py': literal },
      errors: [{ ...at(literal, 'pandas>=2.0'), message: 'pip installs "pandas>=2.0" without an exact version (==), so any future release is accepted.', severity: 'medium' }],
      fixes: [{ kind: 'guided', title: 'Pin pandas to an exact version', output: { 'pipeline.py': literal.replace('pandas>=2.0', 'pandas==<version>') }, stillReported: true }],
    },
    {
      name: 'import kfp.dsl as d, a module constant list: reported where the name is written',
      files: { 'pipeline.py': viaConstants },
      errors: [
        {
          ...at(viaConstants, '"scikit-learn"'),
          column: at(viaConstants, 'scikit-learn').column,
          message: 'pip installs "scikit-learn" without an exact version (==), so any future release is accepted.',
        },
      ],
      fixes: [{ kind: 'guided', title: 'Pin scikit-learn to an exact version', output: { 'pipeline.py': viaConstants.replace('"scikit-learn"', '"scikit-learn==<version>"') }, stillReported: true }],
    },
    {
      name: 'a file with a syntax error mid-edit keeps its install',
      files: { 'pipeline.py': midEdit },
      errors: [{ ...at(midEdit, 'transformers'), message: 'pip installs "transformers" without an exact version (==), so any future release is accepted.' }],
      fixes: [{ kind: 'guided', title: 'Pin transformers to an exact version', output: { 'pipeline.py': midEdit.replace('"transformers"', '"transformers==<version>"') }, stillReported: true }],
    },
  ],
});

ruleTester(runtimeInstall, {
  valid: [
    { name: 'no packages and install_kfp_package=False: everything is baked into the image', files: { 'pipeline.py': baked } },
    {
      name: 'a containerized component (target_image) installs at build time',
      files: {
        'pipeline.py': `from kfp import dsl\n\n@dsl.component(base_image="python:3.12${DIGEST}", target_image="registry.example.com/t:1${DIGEST}", packages_to_install=["pandas==2.2.2"])\ndef train():\n    pass\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'packages_to_install in @dsl.component(...)',
      files: { 'pipeline.py': literal },
      errors: [
        {
          ...at(literal, 'packages_to_install'),
          message: 'pandas, numpy, kfp are installed with pip every time the step starts, so a change on the package index reaches the pipeline without review.',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'the bare decorator still installs kfp when the step starts, shown at the decorator',
      files: { 'pipeline.py': 'from kfp import dsl\n\n@dsl.component\ndef train():\n    pass\n' },
      errors: [{ line: 3, column: 2, message: 'kfp is installed with pip every time the step starts, so a change on the package index reaches the pipeline without review.' }],
    },
    {
      name: 'an alias and a constant list',
      files: { 'pipeline.py': viaConstants },
      errors: [{ ...at(viaConstants, 'packages_to_install'), message: /^scikit-learn, torch, kfp are installed with pip every time the step starts/ }],
    },
  ],
});

const twoIndexes = `from kfp import dsl

MIRROR = "https://pypi.internal.example.com/simple"

@dsl.component(packages_to_install=["pandas==2.2.2"], pip_index_urls=[MIRROR, f"https://pypi.org/simple"])
def train():
    pass
`;

ruleTester(extraIndex, {
  valid: [
    { name: 'a single index in pip_index_urls', files: { 'pipeline.py': twoIndexes.replace(', f"https://pypi.org/simple"', '') } },
    { name: 'no pip_index_urls', files: { 'pipeline.py': literal } },
  ],
  invalid: [
    {
      name: 'a second pip_index_urls entry (a constant and an f-string) becomes --extra-index-url',
      files: { 'pipeline.py': twoIndexes },
      errors: [
        {
          ...at(twoIndexes, 'f"https://pypi.org'),
          message: 'Extra package index "https://pypi.org/simple" is searched alongside the main index, so a same-named package with a higher version on either index wins.',
          severity: 'high',
        },
      ],
      fixes: [{ kind: 'guided', title: /^Serve every package from a single index/, output: {} }],
    },
  ],
});
