// Content-addressed documents in PostgreSQL: the key is the SHA-256 of the bytes, so storing twice is storing once
// and any PDF in hand can be traced to the workflow event that recorded its hash.
import { createHash } from 'node:crypto';
import type { StoreDb } from './database';

export interface StoredDocument {
  sha256: string;
  bytes: number;
  mediaType: string;
}

export interface DocumentContent {
  content: Buffer;
  mediaType: string;
}

export interface DocumentStore {
  put(content: Buffer, mediaType: string): Promise<StoredDocument>;
  get(sha256: string): Promise<Buffer | undefined>;
  /** The bytes with the media type they were stored as: a page serves a PDF only if it was stored as one. */
  find(sha256: string): Promise<DocumentContent | undefined>;
  has(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function createDocumentStore(db: StoreDb): DocumentStore {
  const find = async (sha256: string): Promise<DocumentContent | undefined> => {
    if (!SHA256_HEX.test(sha256)) return undefined;
    const row = await db
      .selectFrom('documents')
      .select(['content', 'media_type'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row && { content: row.content, mediaType: row.media_type };
  };
  return {
    async put(content, mediaType) {
      const sha256 = sha256Hex(content);
      // The first media type stays: the same bytes uploaded later as something else do not relabel a PDF.
      await db
        .insertInto('documents')
        .values({ sha256, media_type: mediaType, size: content.length, content })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return { sha256, bytes: content.length, mediaType };
    },
    get: async (sha256) => (await find(sha256))?.content,
    find,
    async has(sha256) {
      if (!SHA256_HEX.test(sha256)) return false;
      return (
        (await db.selectFrom('documents').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) !==
        undefined
      );
    },
  };
}
