import { readFileSync } from 'node:fs';
import { Kind, parse, type DocumentNode, type ObjectTypeDefinitionNode } from 'graphql';

export interface SchemaFields {
  /** `Type.field` of every Query, Mutation and Subscription field. */
  readonly rootFields: ReadonlySet<string>;
  /** Mutations named by some `@aws_subscribe(mutations: [...])`: the internal publish mutations. */
  readonly publishMutations: readonly string[];
}

const ROOTS = ['Query', 'Mutation', 'Subscription'];

/** What the stack needs to know about schema.graphql (parsed only: AppSync validates it on deploy). */
export function readSchemaFields(path: string): SchemaFields {
  return schemaFieldsOf(parse(readFileSync(path, 'utf8')));
}

export function schemaFieldsOf(doc: DocumentNode): SchemaFields {
  const rootFields = new Set<string>();
  const publish = new Set<string>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (!ROOTS.includes(def.name.value)) continue;
    for (const field of (def as ObjectTypeDefinitionNode).fields ?? []) {
      rootFields.add(`${def.name.value}.${field.name.value}`);
      for (const directive of field.directives ?? []) {
        if (directive.name.value !== 'aws_subscribe') continue;
        const mutations = directive.arguments?.find((a) => a.name.value === 'mutations')?.value;
        if (mutations?.kind !== Kind.LIST) continue;
        for (const m of mutations.values) if (m.kind === Kind.STRING) publish.add(m.value);
      }
    }
  }
  return { rootFields, publishMutations: [...publish].sort() };
}
