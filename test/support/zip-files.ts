// Zip archives built byte by byte, for XLSX files no spreadsheet program would write: a sheet that inflates to
// 1 GiB (a zip bomb), or a central directory that lies about an entry's size.
import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  /** The entry's bytes, or `count` copies of one byte between a prefix and a suffix, deflated as a stream (never held
   * in memory). */
  content: Buffer | Filler;
  /** The uncompressed size written in the headers; the true size when absent. */
  declaredSize?: number;
}

export interface Filler {
  prefix: string;
  fill: string;
  count: number;
  suffix: string;
}
interface Deflated {
  compressed: Buffer;
  size: number;
  crc: number;
}

async function deflateFiller({ prefix, fill, count, suffix }: Filler): Promise<Deflated> {
  const chunk = Buffer.alloc(1024 * 1024, fill);
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const parts: Buffer[] = [];
  deflate.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  const write = async (piece: Buffer) => {
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  };
  await write(Buffer.from(prefix, 'utf8'));
  for (let left = count; left > 0; left -= chunk.length)
    await write(left >= chunk.length ? chunk : chunk.subarray(0, left));
  await write(Buffer.from(suffix, 'utf8'));
  deflate.end();
  await done;
  return { compressed: Buffer.concat(parts), size: Buffer.byteLength(prefix) + count + Buffer.byteLength(suffix), crc };
}

function header(signature: number, fields: [number, 2 | 4][]): Buffer {
  const buf = Buffer.alloc(4 + fields.reduce((n, [, w]) => n + w, 0));
  buf.writeUInt32LE(signature, 0);
  let at = 4;
  for (const [value, width] of fields) {
    if (width === 2) buf.writeUInt16LE(value, at);
    else buf.writeUInt32LE(value >>> 0, at);
    at += width;
  }
  return buf;
}

export async function buildZip(entries: ZipEntrySpec[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const d = Buffer.isBuffer(e.content)
      ? { compressed: deflateRawSync(e.content), size: e.content.length, crc: crc32(e.content) }
      : await deflateFiller(e.content);
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? d.size;
    const common: [number, 2 | 4][] = [
      [0x0800, 2],
      [8, 2],
      [0, 2],
      [0, 2],
      [d.crc, 4],
      [d.compressed.length, 4],
      [size, 4],
      [name.length, 2],
      [0, 2],
    ];
    const local = Buffer.concat([header(0x04034b50, [[20, 2], ...common]), name, d.compressed]);
    centrals.push(
      Buffer.concat([
        header(0x02014b50, [[20, 2], [20, 2], ...common, [0, 2], [0, 2], [0, 2], [0, 4], [offset, 4]]),
        name,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = header(0x06054b50, [
    [0, 2],
    [0, 2],
    [entries.length, 2],
    [entries.length, 2],
    [central.length, 4],
    [offset, 4],
    [0, 2],
  ]);
  return Buffer.concat([...locals, central, end]);
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`, 'utf8');

/** The parts of a minimal workbook, with the first sheet's content as given. */
export function workbookEntries(sheet: ZipEntrySpec['content'], declaredSize?: number): ZipEntrySpec[] {
  return [
    {
      name: '[Content_Types].xml',
      content: xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    },
    {
      name: 'xl/workbook.xml',
      content: xml(
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      content: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', content: sheet, declaredSize },
  ];
}
