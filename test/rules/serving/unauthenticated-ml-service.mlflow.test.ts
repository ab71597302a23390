// serving/unauthenticated-ml-service on MLproject entry point commands and DVC stage commands.

import rule from '../../../src/core/rules/serving/unauthenticated-ml-service';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [{ name: 'tracking server with basic auth', files: { MLproject: 'name: x\nentry_points:\n  ui:\n    command: mlflow server --host 0.0.0.0 --app-name basic-auth\n' } }],
  invalid: [
    {
      name: 'model served on all interfaces from an entry point',
      files: {
        MLproject: 'name: x\nentry_points:\n  serve:\n    parameters:\n      port: {type: int, default: 5001}\n    command: "mlflow models serve -m models:/churn/3 --host 0.0.0.0 --port {port}"\n',
      },
      errors: [{ line: 6, column: 15, message: /^MLflow model server is exposed on 0\.0\.0\.0 without authentication/, severity: 'critical' }],
      fixes: [
        {
          kind: 'review',
          title: 'Bind the model server to loopback',
          output: {
            MLproject:
              'name: x\nentry_points:\n  serve:\n    parameters:\n      port: {type: int, default: 5001}\n    command: "mlflow models serve -m models:/churn/3 --host 127.0.0.1 --port {port}"\n',
          },
        },
      ],
    },
    {
      name: 'tracking UI from a DVC stage',
      files: { 'dvc.yaml': 'stages:\n  ui:\n    cmd: mlflow ui --host 0.0.0.0 --port 5000\n    always_changed: true\n' },
      errors: [{ line: 3, column: 10, message: /without authentication/ }],
      fixes: [{ kind: 'review', output: { 'dvc.yaml': 'stages:\n  ui:\n    cmd: mlflow ui --app-name basic-auth --host 0.0.0.0 --port 5000\n    always_changed: true\n' } }],
    },
  ],
});
