// Small media files built byte by byte (the same shapes as tests/support/media_samples.hpp):
// just enough structure for the server's readers to sniff and measure them.

const be = (v, n) => {
    const b = Buffer.alloc(n);
    for (let i = n - 1; i >= 0; i -= 1) {
        b[i] = Number(BigInt(v) & 0xffn);
        v = BigInt(v) >> 8n;
    }
    return b;
};
const le = (v, n) => Buffer.from(be(v, n)).reverse();

/** A PNG signature and IHDR chunk, then `padding` bytes (to reach a size). */
export function png(width, height, padding = 0) {
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        be(13, 4), Buffer.from('IHDR'), be(width, 4), be(height, 4), Buffer.from([8, 2, 0, 0, 0]), be(0, 4),
        Buffer.alloc(padding, 0x42),
    ]);
}

/** A JPEG with a baseline frame header naming its size. */
export function jpeg(width, height) {
    return Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe0]), be(16, 2), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'),
        Buffer.from([0xff, 0xc0]), be(17, 2), Buffer.from([8]), be(height, 2), be(width, 2), Buffer.from([3]),
        Buffer.alloc(9, 1), Buffer.from([0xff, 0xd9]),
    ]);
}

/** MPEG-1 layer III frames at 128 kbps, 44.1 kHz (1152 samples each), behind an ID3v2 tag. */
export function mp3(frames) {
    const frame = Buffer.alloc(417);
    frame.set([0xff, 0xfb, 0x90, 0x00]);
    const tag = Buffer.concat([Buffer.from('ID3\x03\0\0', 'latin1'), Buffer.from([0, 0, 1, 0]), Buffer.alloc(128)]);
    return Buffer.concat([tag, ...Array.from({ length: frames }, () => frame)]);
}

const ebml = (id, data) => {
    const idBytes = be(id, id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1);
    return Buffer.concat([idBytes, Buffer.from([0x01]), be(data.length, 7), data]);
};

/** A WebM whose Info says `seconds` (millisecond ticks). */
export function webm(seconds) {
    const duration = Buffer.alloc(8);
    duration.writeDoubleBE(seconds * 1000);
    const header = ebml(0x1a45dfa3, Buffer.concat([ebml(0x4286, be(1, 4)), ebml(0x4282, Buffer.from('webm'))]));
    const info = ebml(0x1549a966, Buffer.concat([ebml(0x2ad7b1, be(1000000, 4)), ebml(0x4489, duration)]));
    const segment = ebml(0x18538067, Buffer.concat([info, ebml(0x1f43b675, Buffer.alloc(64, 0x11))]));
    return Buffer.concat([header, segment]);
}

/** An MP4 whose mvhd says `seconds`. */
export function mp4(seconds) {
    const box = (type, content) => Buffer.concat([be(8 + content.length, 4), Buffer.from(type), content]);
    const mvhd = Buffer.concat([Buffer.alloc(4), be(0, 4), be(0, 4), be(1000, 4), be(seconds * 1000, 4), Buffer.alloc(80)]);
    return Buffer.concat([box('ftyp', Buffer.from('isom\0\0\x02\0isommp41', 'latin1')),
        box('mdat', Buffer.alloc(256, 0x5a)), box('moov', box('mvhd', mvhd))]);
}

export { be, le };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});
const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    return Buffer.concat([be(data.length, 4), body, be(crc32(body), 4)]);
};

/** A real, decodable grayscale PNG (a gradient), for the resizer. */
export async function realPng(width, height) {
    const { deflateSync } = await import('node:zlib');
    const raw = Buffer.alloc((width + 1) * height);
    for (let y = 0; y < height; y += 1) {
        const row = y * (width + 1);
        for (let x = 0; x < width; x += 1) raw[row + 1 + x] = (x + y) & 0xff;
    }
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', Buffer.concat([be(width, 4), be(height, 4), Buffer.from([8, 0, 0, 0, 0])])),
        chunk('IDAT', deflateSync(raw)),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

/** The width and height a PNG's IHDR says. */
export const pngSize = (buf) => [buf.readUInt32BE(16), buf.readUInt32BE(20)];
