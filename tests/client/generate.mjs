// Types for the generated client from proto/openapi.yaml, as a client team
// would make them: openapi-typescript, with files (format: binary) as Blob
// and without turning defaults into required input fields.
//   node generate.mjs  ->  gen/schema.d.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const spec = pathToFileURL(join(here, '..', '..', 'proto', 'openapi.yaml'));
const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier('Blob'));
const ast = await openapiTS(spec, {
  defaultNonNullable: false,
  transform(schema) {
    if (schema.format === 'binary') return BLOB;
    return undefined;
  },
});
mkdirSync(join(here, 'gen'), { recursive: true });
writeFileSync(join(here, 'gen', 'schema.d.ts'), astToString(ast));
