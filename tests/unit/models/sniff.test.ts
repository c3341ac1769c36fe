/** Sniffing by content: what a file that is not glTF looks like, in words for the error message. */
import { describe, expect, it } from 'vitest';
import { describeContent, sniff } from '../../../server/src/models/sniff.js';
import { tinyPng } from '../../fixtures/models/generate.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))));

describe('sniff', () => {
  it.each([
    ['PNG', tinyPng(), /PNG image/],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), /JPEG image/],
    ['ZIP', bytes('PK', [3, 4], 'rest of a zip'), /ZIP archive \(maybe an \.skp, \.3dm, \.fbx or \.ifc/],
    ['PDF', bytes('%PDF-1.7\n'), /PDF document/],
    ['IFC', bytes('ISO-10303-21;\nHEADER;\n'), /IFC \(STEP, ISO-10303-21\)/],
    ['OBJ', bytes('# Blender\nmtllib a.mtl\no Cube\nv 1.0 1.0 -1.0\nv 1 -1 -1\nf 1 2 3\n'), /Wavefront OBJ/],
    ['empty', new Uint8Array(0), /empty file \(0 bytes\)/],
    ['binary', bytes([0x01, 0x02, 0x00, 0xfe, 0x10, 0x00, 0x33]), /unknown binary data \(starts with 01 02 00 fe\)/],
    ['FBX', bytes('Kaydara FBX Binary  ', [0, 0x1a, 0]), /FBX model/],
    ['glTF 1.0 JSON', bytes('{"asset":{"version":"1.0"}}'), /glTF 1\.0 document/],
    ['CityJSON', bytes('{"type":"CityJSON","version":"2.0"}'), /CityJSON file/],
    ['other JSON', bytes('{"hello":1}'), /JSON, but not a glTF 2\.0 document/],
  ])('%s', (_name, b, phrase) => {
    const s = sniff(b);
    expect(s.kind).toBe('other');
    expect(s.kind === 'other' && s.looksLike).toMatch(phrase);
  });

  it('recognises GLB by its magic and glTF 2.0 JSON by asset.version', () => {
    const glb = bytes('glTF', [2, 0, 0, 0, 100, 0, 0, 0]);
    expect(sniff(glb)).toEqual({ kind: 'glb', version: 2, declaredLength: 100 });
    expect(sniff(bytes('\uFEFF{"asset":{"version":"2.0"}}'.replace('\uFEFF', '\xef\xbb\xbf'))).kind).toBe('gltf');
    expect(describeContent(bytes('just some words\n'))).toBe('a text file');
  });
});
