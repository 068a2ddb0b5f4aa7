import type { FieldErrors } from '../errors.ts';

// An organisation's chart brand: up to six colours and a logo, checked here without a database so
// the rules are tested directly. Bars carry their data labels on white, so a pale colour is allowed
// but warned about (WCAG 1.4.11 asks 3:1 for graphical objects).

/** The Government Analysis Function categorical palette: colour-blind safe, the default for charts. */
export const DEFAULT_PALETTE: readonly string[] = ['#12436D', '#28A197', '#801650', '#F46A25', '#3D3D3D', '#A285D1'];

export const MAX_BRAND_COLOURS = 6;
export const MAX_LOGO_BYTES = 200 * 1024;
export const LOGO_MEDIA_TYPES = ['image/png', 'image/svg+xml'] as const;
export type LogoMediaType = (typeof LOGO_MEDIA_TYPES)[number];

/** The least contrast against white a bar colour should have. */
export const MIN_CONTRAST_ON_WHITE = 3;

const HEX = /^#[0-9A-Fa-f]{6}$/;

/** The WCAG relative luminance of a #RRGGBB colour. */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of a #RRGGBB colour against white (1 to 21). */
export function contrastOnWhite(hex: string): number {
  return 1.05 / (relativeLuminance(hex) + 0.05);
}

export type ColourCheck = { ok: true; colours: string[]; warnings: string[] } | { ok: false; fields: FieldErrors };

/** Checks a list of brand colours: each #RRGGBB (stored upper-case), at most six, no repeats; blank
 * entries (empty form fields) are dropped. An empty list means the default palette. */
export function checkBrandColours(given: readonly string[]): ColourCheck {
  const fields: FieldErrors = {};
  const colours: string[] = [];
  given.forEach((raw, i) => {
    const value = raw.trim();
    if (value === '') return;
    if (!HEX.test(value)) {
      fields[`colours[${i}]`] = `"${value}" is not a colour as #RRGGBB, e.g. #12436D`;
      return;
    }
    const upper = value.toUpperCase();
    if (colours.includes(upper)) fields[`colours[${i}]`] = `${upper} is already in the list`;
    else colours.push(upper);
  });
  if (colours.length > MAX_BRAND_COLOURS) fields.colours = `at most ${MAX_BRAND_COLOURS} colours, not ${colours.length}`;
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, colours, warnings: contrastWarnings(colours) };
}

/** A contrast ratio to two decimals, rounded down so a colour just under 3:1 never reads "3.00:1". */
export const formatContrast = (ratio: number) => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;

/** One warning per colour with contrast below 3:1 against white. */
export function contrastWarnings(colours: readonly string[]): string[] {
  return colours
    .map((colour) => ({ colour, ratio: contrastOnWhite(colour) }))
    .filter(({ ratio }) => ratio < MIN_CONTRAST_ON_WHITE)
    .map(({ colour, ratio }) => `${colour} has a contrast of ${formatContrast(ratio)} against white (below 3:1): bars in it are hard to see and their labels hard to read`);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// An SVG logo is drawn into charts and exports; one that runs script, embeds foreign HTML or fetches
// from elsewhere could misbehave wherever it is shown, so such files are refused outright.
const UNSAFE_SVG = /<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*["']?\s*(?:https?:|\/\/)/i;

export type LogoCheck = { ok: true; logo: { mediaType: LogoMediaType; base64: string } } | { ok: false; message: string };

/** Checks an uploaded logo's bytes: a PNG (by its signature) or an SVG document, at most 200 KB. */
export function checkLogo(bytes: Uint8Array, declaredType: string): LogoCheck {
  if (bytes.byteLength === 0) return { ok: false, message: 'The logo file is empty' };
  if (bytes.byteLength > MAX_LOGO_BYTES) {
    return { ok: false, message: `The logo is ${Math.ceil(bytes.byteLength / 1024)} KB; logos are limited to ${MAX_LOGO_BYTES / 1024} KB` };
  }
  const base64 = Buffer.from(bytes).toString('base64');
  if (PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return { ok: true, logo: { mediaType: 'image/png', base64 } };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (/^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(text)) {
    if (UNSAFE_SVG.test(text)) return { ok: false, message: 'The SVG logo contains script, event handlers, embedded HTML or links to other sites: save it as a plain SVG or a PNG' };
    return { ok: true, logo: { mediaType: 'image/svg+xml', base64 } };
  }
  const said = declaredType ? ` (it says ${declaredType})` : '';
  return { ok: false, message: `The logo must be a PNG or an SVG file${said}` };
}
