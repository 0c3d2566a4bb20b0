'use strict';
// The service's Avro schemas as a registry wants them: one self-contained
// document per event type. Plain Node (fs, path): no dependencies, so other
// clients (src/test/node/interop) can require this file from where it is.

const fs = require('fs');
const path = require('path');

const AVRO_PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

// Loads every *.avsc in dir into a map keyed by the type's full name.
function loadNamedTypes(dir) {
  const types = new Map();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.avsc')).sort()) {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const fullName = schema.name.includes('.') ? schema.name : `${schema.namespace}.${schema.name}`;
    types.set(fullName, schema);
  }
  return types;
}

// The .avsc files refer to each other by full name (Article -> SummaryOptions),
// which the registry cannot resolve without schema references. Inline each
// named type at its first use instead: Avro then resolves later uses of the same
// name within the document, and the registered schema is self-contained, the
// same as the one the Java serializer derives from the generated classes.
function inlineNamedTypes(schema, types, defined = new Set()) {
  if (typeof schema === 'string') {
    if (AVRO_PRIMITIVES.has(schema) || defined.has(schema) || !types.has(schema)) return schema;
    defined.add(schema);
    return inlineNamedTypes(types.get(schema), types, defined);
  }
  if (Array.isArray(schema)) return schema.map((branch) => inlineNamedTypes(branch, types, defined));
  if (schema && typeof schema === 'object') {
    if (schema.name && ['record', 'enum', 'fixed'].includes(schema.type)) {
      defined.add(schema.name.includes('.') ? schema.name : `${schema.namespace}.${schema.name}`);
    }
    const out = { ...schema };
    if (Array.isArray(schema.fields)) {
      out.fields = schema.fields.map((f) => ({ ...f, type: inlineNamedTypes(f.type, types, defined) }));
    }
    if (schema.items !== undefined) out.items = inlineNamedTypes(schema.items, types, defined);
    if (schema.values !== undefined) out.values = inlineNamedTypes(schema.values, types, defined);
    if (typeof schema.type === 'object') out.type = inlineNamedTypes(schema.type, types, defined);
    return out;
  }
  return schema;
}

// The self-contained schema of the named type (e.g. io.bertstream.events.Article), as JSON text.
function inlinedSchema(fullName, types) {
  return JSON.stringify(inlineNamedTypes(fullName, types));
}

module.exports = { loadNamedTypes, inlineNamedTypes, inlinedSchema };
