import type SharpModule from 'sharp';

let loading: Promise<typeof SharpModule> | undefined;

/**
 * sharp loads its native image library when imported (about 30 MB): load it on first image work so users
 * who never read a QR code or a printed key do not pay for it.
 *
 * @example
 * const sharp = await loadSharp();
 * const { width } = await sharp(png).metadata();
 */
export function loadSharp(): Promise<typeof SharpModule> {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
}
