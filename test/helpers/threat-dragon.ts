// Validates documents against the Threat Dragon v2 schema in ../shared the way Threat Dragon does:
// Ajv 8 with union types and ajv-formats (the schema uses OpenAPI `nullable`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export const TD_DIR = path.resolve(__dirname, '../../../../shared/schemas/threat-dragon');

/** A validator returning the errors of a document (none when it is valid), or undefined when ../shared is absent. */
export function threatDragonValidator(): ((doc: unknown) => string | undefined) | undefined {
  const schema = path.join(TD_DIR, 'threat-dragon-v2.schema.json');
  if (!fs.existsSync(schema)) return undefined;
  const ajv = new Ajv({ allowUnionTypes: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schema, 'utf8')));
  return (doc) => (validate(doc) ? undefined : JSON.stringify(validate.errors, null, 2));
}
