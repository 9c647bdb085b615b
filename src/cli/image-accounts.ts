import { readEnrollment } from '../image/enrollment.js';
import { ocrWorkerStarted, terminateOcr } from '../image/ocr-worker.js';
import type { OtpAccount } from '../otp/account.js';

/** Reads the accounts in an image, then lets the OCR worker go so the process can exit. */
export async function accountsFromImage(image: string): Promise<OtpAccount[]> {
  try {
    return await readEnrollment(image);
  } finally {
    if (ocrWorkerStarted()) await terminateOcr();
  }
}
