// Automated checks on a front photo. Each says whether something looks wrong and why, with the
// measured values, in Korean for the inspectors; none decides alone.
import sharp from 'sharp';
import { formatKstDateTime } from '../../../core/time.js';
import { ACCEPTED_IMAGE } from '../accepted-image.js';
import { type ExifFacts, readExifFacts } from './exif.js';
import { dHashOfGrey, type GreyPixels, hammingDistance, toAnalysisGrey } from './perceptual-hash.js';
import { matchScreenSize } from './screen-sizes.js';

/** `result` true: nothing suspicious. */
export interface CheckResult {
  result: boolean;
  reason: string;
}

export interface HashedImage {
  imageId: string;
  contractId: string;
  hash: string;
}

export interface PhotoAnalysis extends ExifFacts {
  width: number;
  height: number;
  format: string;
  /** Mean grey level, 0–255, at the analysis size. */
  meanLuminance: number;
  /** Variance of the Laplacian at the analysis size: low means blurred. */
  laplacianVariance: number;
  dHash: string;
  hasCameraExif: boolean;
}

// Calibrated on the generated fixtures (512 px analysis size): well-exposed photos measure a mean
// of 125–150 and the 7 %-exposure photo 10; sharp photos 125–1300 and the σ 7 blurred one 21.
export const MIN_MEAN_LUMINANCE = 40;
export const MIN_LAPLACIAN_VARIANCE = 50;

const HOUR_MS = 3_600_000;

export function checkDuplicate(hash: string, otherHashes: HashedImage[], maxDistance = 6): CheckResult {
  if (otherHashes.length === 0) return { result: true, reason: '비교할 다른 사진이 없습니다.' };
  const ranked = otherHashes
    .map((other) => ({ other, distance: hammingDistance(hash, other.hash) }))
    .sort((a, b) => a.distance - b.distance);
  const close = ranked.filter((r) => r.distance <= maxDistance);
  const nearest = ranked[0] as (typeof ranked)[number];
  if (close.length === 0) {
    return {
      result: true,
      reason: `비슷한 사진이 없습니다 (가장 가까운 사진과 해밍 거리 ${nearest.distance}/64, 기준 ${maxDistance} 이하).`,
    };
  }
  const list = close.map((r) => `계약 ${r.other.contractId}의 사진 ${r.other.imageId} (거리 ${r.distance})`);
  return {
    result: false,
    reason: `다른 계약의 사진과 거의 같습니다: ${list.join(', ')}; 해밍 거리 기준 ${maxDistance}/64 이하.`,
  };
}

export function checkCaptureTime(exifTakenAt: Date | null, uploadedAt: Date, maxSkewHours = 24): CheckResult {
  // Many apps strip EXIF; a missing time is reported, not flagged, so it does not drown real flags.
  if (!exifTakenAt) return { result: true, reason: '사진에 촬영 시각(EXIF)이 없어 확인하지 않았습니다.' };
  const skewHours = (uploadedAt.getTime() - exifTakenAt.getTime()) / HOUR_MS;
  const when = `촬영 ${formatKst(exifTakenAt)}, 업로드 ${formatKst(uploadedAt)}`;
  if (Math.abs(skewHours) <= maxSkewHours) {
    return {
      result: true,
      reason: `촬영 시각이 업로드 시각과 ${formatHours(skewHours)} 차이입니다 (${when}).`,
    };
  }
  const direction = skewHours > 0 ? '이전' : '이후';
  return {
    result: false,
    reason: `촬영 시각이 업로드보다 ${formatHours(skewHours)} ${direction}입니다 (${when}; 허용 ${maxSkewHours}시간).`,
  };
}

export function checkNotScreenshot(meta: {
  hasCameraExif: boolean;
  width: number;
  height: number;
}): CheckResult {
  const size = `${meta.width}×${meta.height}`;
  const screen = matchScreenSize(meta.width, meta.height);
  if (screen && !meta.hasCameraExif) {
    return {
      result: false,
      reason: `사진 대신 화면 캡처로 보입니다: 카메라 정보(EXIF 제조사·모델)가 없고 크기 ${size}가 ${screen} 화면과 같습니다.`,
    };
  }
  const why = meta.hasCameraExif ? '카메라 정보(EXIF)가 있습니다' : '휴대폰 화면 크기가 아닙니다';
  return { result: true, reason: `카메라 사진으로 보입니다 (${size}, ${why}).` };
}

export function checkExposure(stats: { meanLuminance: number }, minMean = MIN_MEAN_LUMINANCE): CheckResult {
  const mean = stats.meanLuminance.toFixed(1);
  return stats.meanLuminance < minMean
    ? { result: false, reason: `사진이 너무 어둡습니다 (평균 밝기 ${mean}/255, 기준 ${minMean} 이상).` }
    : { result: true, reason: `밝기가 충분합니다 (평균 밝기 ${mean}/255, 기준 ${minMean} 이상).` };
}

export function checkSharpness(
  stats: { laplacianVariance: number },
  minVariance = MIN_LAPLACIAN_VARIANCE,
): CheckResult {
  const variance = stats.laplacianVariance.toFixed(1);
  return stats.laplacianVariance < minVariance
    ? { result: false, reason: `사진이 흐립니다 (라플라시안 분산 ${variance}, 기준 ${minVariance} 이상).` }
    : { result: true, reason: `초점이 맞습니다 (라플라시안 분산 ${variance}, 기준 ${minVariance} 이상).` };
}

/**
 * Everything the checks need, from one decode: the header for size and EXIF, and one downscaled
 * greyscale image for luminance, blur and the perceptual hash.
 */
export async function analysePhoto(image: Buffer): Promise<PhotoAnalysis> {
  const meta = await sharp(image, ACCEPTED_IMAGE).metadata();
  const grey = await toAnalysisGrey(image, ACCEPTED_IMAGE);
  const exif = await readExifFacts(meta.exif);
  // EXIF orientations 5–8 are stored sideways; report the size as displayed, like the hash.
  const sideways = (meta.orientation ?? 1) >= 5;
  return {
    width: sideways ? meta.height : meta.width,
    height: sideways ? meta.width : meta.height,
    format: meta.format,
    meanLuminance: mean(grey.data),
    laplacianVariance: await laplacianVariance(grey),
    dHash: await dHashOfGrey(grey),
    ...exif,
    hasCameraExif: exif.camera.make !== null || exif.camera.model !== null,
  };
}

function mean(data: Buffer): number {
  let sum = 0;
  for (const value of data) sum += value;
  return data.length === 0 ? 0 : sum / data.length;
}

// sharp's stats() describes the input, not the pipeline's output, so the convolution is read back
// as float pixels (uchar output would clip the negative half) and the variance is taken here.
async function laplacianVariance(grey: GreyPixels): Promise<number> {
  const raw = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .convolve({ width: 3, height: 3, kernel: [0, 1, 0, 1, -4, 1, 0, 1, 0] })
    .toColourspace('b-w')
    .raw({ depth: 'float' })
    .toBuffer();
  const values = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  let sum = 0;
  let sumOfSquares = 0;
  for (const v of values) {
    sum += v;
    sumOfSquares += v * v;
  }
  const n = values.length || 1;
  return sumOfSquares / n - (sum / n) ** 2;
}

/** To the minute: seconds say nothing when comparing a capture time with an upload time. */
function formatKst(date: Date): string {
  return `${formatKstDateTime(date).slice(0, 16)} KST`;
}

function formatHours(hours: number): string {
  const abs = Math.abs(hours);
  return abs >= 48 ? `${Math.floor(abs / 24)}일 ${Math.round(abs % 24)}시간` : `${abs.toFixed(1)}시간`;
}
