import {
  Kind,
  parse,
  type DocumentNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';

/**
 * AppSync pushes to subscribers only the fields the publish mutation selected, so the publisher
 * selects everything its return type has (nested objects included). Built from schema.graphql by
 * parsing alone: the AppSync directives need no definitions for that.
 */
export function publishSelectionSets(sdl: string): Record<string, string> {
  const doc = parse(sdl);
  const objects = objectTypes(doc);
  const mutation = objects.get('Mutation');
  const out: Record<string, string> = {};
  for (const field of mutation?.fields ?? []) {
    const returns = namedType(field.type);
    if (!field.arguments?.some((a) => a.name.value === 'data') || !objects.has(returns)) continue;
    out[field.name.value] = selectionOf(returns, objects, new Set());
  }
  return out;
}

function objectTypes(doc: DocumentNode): Map<string, ObjectTypeDefinitionNode> {
  const map = new Map<string, ObjectTypeDefinitionNode>();
  for (const def of doc.definitions) if (def.kind === Kind.OBJECT_TYPE_DEFINITION) map.set(def.name.value, def);
  return map;
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

function selectionOf(typeName: string, objects: Map<string, ObjectTypeDefinitionNode>, path: Set<string>): string {
  const fields = (objects.get(typeName)?.fields ?? [])
    .filter((f: FieldDefinitionNode) => !f.arguments?.length)
    .map((f) => {
      const inner = namedType(f.type);
      if (!objects.has(inner)) return f.name.value;
      if (path.has(inner)) return undefined; // a cycle: stop here
      return `${f.name.value} ${selectionOf(inner, objects, new Set([...path, typeName]))}`;
    })
    .filter((f): f is string => f !== undefined);
  return `{ ${fields.join(' ')} }`;
}
