// Content-addressed documents: the file name is the SHA-256 of the bytes, so storing twice is storing once
// and any PDF in hand can be traced to the workflow event that recorded its hash.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredDocument {
  sha256: string;
  bytes: number;
  mediaType: string;
}

export interface DocumentStore {
  put(content: Buffer, mediaType: string): StoredDocument;
  get(sha256: string): Buffer | undefined;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function createDocumentStore(dir: string): DocumentStore {
  mkdirSync(dir, { recursive: true });
  const pathOf = (sha256: string) => join(dir, sha256);
  return {
    put(content, mediaType) {
      const sha256 = sha256Hex(content);
      if (!existsSync(pathOf(sha256))) {
        const tmp = `${pathOf(sha256)}.${process.pid}.tmp`;
        writeFileSync(tmp, content);
        renameSync(tmp, pathOf(sha256));
      }
      return { sha256, bytes: content.length, mediaType };
    },
    get(sha256) {
      if (!SHA256_HEX.test(sha256) || !existsSync(pathOf(sha256))) return undefined;
      return readFileSync(pathOf(sha256));
    },
  };
}
