import { promisify } from 'node:util';
import { crc32, deflate } from 'node:zlib';

// A minimal PNG encoder for opaque charts. The canvas library's own PNG encoder compresses hard, which
// made a 2x export (2400 × 1350) take most of its 200 ms budget on our 2-core machines; a press chart is
// flat colour on white, so the fastest zlib level (on zlib's thread pool, off the event loop) keeps
// files small enough and is several times quicker. Pixels with any transparency are not handled here.

const deflateAsync = promisify(deflate);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels as an 8-bit RGB PNG, or returns null when any pixel is not fully opaque (the
 * caller then uses a general encoder, since dropping alpha would change the picture). */
export async function encodeOpaquePng(rgba: Uint8Array, width: number, height: number): Promise<Buffer | null> {
  if (rgba.length !== width * height * 4) throw new RangeError('pixel data does not match the size');
  const stride = width * 3 + 1;
  const raw = Buffer.allocUnsafe(stride * height);
  let alpha = 255;
  for (let y = 0, i = 0; y < height; y++) {
    let o = y * stride;
    raw[o++] = 0; // filter type None: flat colour compresses well without per-row prediction
    for (let x = 0; x < width; x++, i += 4) {
      raw[o++] = rgba[i]!;
      raw[o++] = rgba[i + 1]!;
      raw[o++] = rgba[i + 2]!;
      alpha &= rgba[i + 3]!;
    }
  }
  if (alpha !== 255) return null;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // colour type: RGB
  // compression, filter method and interlace: all 0
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', await deflateAsync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}
