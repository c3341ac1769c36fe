/**
 * E2e helpers for partner models (issue 4) in real Chromium: upload through the plan page's file input
 * (client/src/features/models/UploadForm.tsx) with playwright-core's setInputFiles, wait for the model in the
 * list, open the inspector and read what it shows. Selectors are the `data-testid`s of features/models.
 * The caller has opened the plan page (ModelsSection visible) as a user who may upload.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** A file to upload: a path on disk, or a name with its bytes (e.g. a GLB a test generated in memory). */
export type UploadFile = string | { name: string; bytes: Uint8Array; mimeType?: string };

function mimeOf(name: string): string {
  if (/\.glb$/i.test(name)) return 'model/gltf-binary';
  if (/\.gltf$/i.test(name)) return 'model/gltf+json';
  if (/\.png$/i.test(name)) return 'image/png';
  if (/\.jpe?g$/i.test(name)) return 'image/jpeg';
  return 'application/octet-stream';
}

function toPayload(f: UploadFile): { name: string; mimeType: string; buffer: Buffer } {
  if (typeof f === 'string') return { name: path.basename(f), mimeType: mimeOf(f), buffer: fs.readFileSync(f) };
  return { name: f.name, mimeType: f.mimeType ?? mimeOf(f.name), buffer: Buffer.from(f.bytes) };
}

export interface UploadOutcome {
  /** `uploaded`: the model appeared in the list; `error`: the form shows an error with this code. */
  kind: 'uploaded' | 'error';
  /** The model id (uploaded) or the error code (error), from the DOM's data attributes. */
  value: string;
  /** The text the user sees (the done message, or the error message with its detail). */
  text: string;
}

/**
 * Chooses `files` in the upload form, optionally types a name, presses Upload and waits (up to `timeoutMs`)
 * until either the new model shows in the model list (its `data-model-id` not there before) or the form shows
 * an error (its `data-code`). Never throws for a refused upload: the caller asserts on the outcome.
 */
export async function uploadModelThroughUi(
  page: Page,
  files: UploadFile[],
  opts: { name?: string; timeoutMs?: number } = {},
): Promise<UploadOutcome> {
  const timeout = opts.timeoutMs ?? 60_000;
  const form = page.getByTestId('model-upload');
  await form.waitFor({ state: 'visible', timeout });
  const before = new Set(await page.getByTestId('model-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-model-id') ?? '')));
  await form.getByTestId('model-upload-files').setInputFiles(files.map(toPayload));
  if (opts.name !== undefined) await form.getByTestId('model-upload-name').fill(opts.name);
  await form.getByTestId('model-upload-submit').click();

  const handle = await page.waitForFunction(
    (known: string[]) => {
      const err = document.querySelector('[data-testid="model-upload"] [data-testid="model-error"]');
      if (err) return { kind: 'error', value: err.getAttribute('data-code') ?? '', text: err.textContent ?? '' };
      for (const el of document.querySelectorAll('[data-testid="model-item"]')) {
        const id = el.getAttribute('data-model-id') ?? '';
        if (!known.includes(id)) {
          const done = document.querySelector('[data-testid="model-upload-done"]');
          return { kind: 'uploaded', value: id, text: done?.textContent ?? '' };
        }
      }
      return null;
    },
    [...before],
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as UploadOutcome;
}

/** The rows of the model list as the user sees them: id, name and the row's whole text. */
export async function modelListRows(page: Page): Promise<{ id: string; name: string; text: string }[]> {
  return page.getByTestId('model-item').evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-model-id') ?? '',
      name: e.querySelector('.models__name')?.textContent ?? '',
      text: e.textContent ?? '',
    })),
  );
}

/**
 * Opens the inspector of the model with `modelId`, waits until the three.js view has loaded the GLB (or failed),
 * and returns its state and the info text; closes it again when `close` (default true).
 */
export async function inspectModel(
  page: Page,
  modelId: string,
  opts: { close?: boolean; timeoutMs?: number } = {},
): Promise<{ state: string; info: string }> {
  const timeout = opts.timeoutMs ?? 60_000;
  await page.locator(`[data-testid="model-item"][data-model-id="${modelId}"] [data-testid="model-inspect"]`).click();
  const info = page.getByTestId('model-inspector-info');
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid="model-inspector-info"]')?.getAttribute('data-state');
      return s === 'ready' || s === 'failed';
    },
    undefined,
    { timeout, polling: 100 },
  );
  const result = { state: (await info.getAttribute('data-state')) ?? '', info: (await info.textContent()) ?? '' };
  if (opts.close ?? true) {
    await page.getByTestId('model-inspector-close').click();
    await page.getByTestId('model-inspector').waitFor({ state: 'detached', timeout });
  }
  return result;
}
