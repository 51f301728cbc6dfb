// Every process that starts, lists or updates workflows needs our search attributes in its namespace. On a cluster
// they are registered once by whoever may (idempotent: each process checks at start and adds what is missing);
// where the credentials may not (Temporal Cloud registers them in its console or with tcld), the process stops at
// once with the exact commands, instead of a launch that hangs at 0 or a bare «Failed to start Workflow».
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_DECLARATIONS } from '../domain/search-attributes';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
type IndexedValueType = temporal.api.enums.v1.IndexedValueType;

const TYPES: Record<string, IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

/** One command per attribute: `create` with several --name and one --type registers only the first name. */
export function searchAttributeCommands(namespace: string, names: string[]): string[] {
  return names.map(
    (name) =>
      `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${SEARCH_ATTRIBUTE_DECLARATIONS[name]}`,
  );
}

async function registered(connection: Connection, namespace: string): Promise<Record<string, IndexedValueType>> {
  const answer = await connection.operatorService.listSearchAttributes({ namespace });
  return {
    ...(answer.systemAttributes as Record<string, IndexedValueType>),
    ...(answer.customAttributes as Record<string, IndexedValueType>),
  };
}

/** Adds the missing attributes and waits until the namespace lists them; throws in Russian when it may not. */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const present = await registered(connection, namespace);
  const wrong = Object.entries(SEARCH_ATTRIBUTE_DECLARATIONS).filter(
    ([name, type]) => name in present && present[name] !== TYPES[type],
  );
  if (wrong.length) {
    throw new Error(
      `В пространстве имён Temporal «${namespace}» атрибуты поиска ${wrong.map(([n, t]) => `${n} (нужен тип ${t})`).join(', ')} уже заведены с другим типом: переименовать или удалить их может только администратор Temporal.`,
    );
  }
  const missing = Object.keys(SEARCH_ATTRIBUTE_DECLARATIONS).filter((name) => !(name in present));
  if (!missing.length) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((n) => [n, TYPES[SEARCH_ATTRIBUTE_DECLARATIONS[n]!]!])),
    });
  } catch (err) {
    throw new Error(
      [
        `В пространстве имён Temporal «${namespace}» не заведены атрибуты поиска ${missing.join(', ')}, а завести их с этими учётными данными нельзя (${(err as Error).message}).`,
        'Попросите администратора Temporal выполнить (для Temporal Cloud — то же в консоли или через tcld):',
        ...searchAttributeCommands(namespace, missing).map((c) => `  ${c}`),
      ].join('\n'),
    );
  }
  for (let i = 0; i < 100; i++) {
    // registration reaches every frontend within moments
    const now = await registered(connection, namespace);
    if (missing.every((name) => name in now)) return missing;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `Атрибуты поиска ${missing.join(', ')} заведены в «${namespace}», но сервер Temporal их так и не показал за 20 с.`,
  );
}
