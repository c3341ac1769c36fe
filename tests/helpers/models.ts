/**
 * Helpers for model upload tests: POST /plans/:id/models as multipart/form-data (fetch FormData), from files on
 * disk or bytes in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Agent, JsonResponse } from './server.js';

export type UploadInput = string | { name: string; bytes: Uint8Array };

/** Uploads `files` (field `files`) with an optional `name`; returns status, parsed body and headers. */
export async function uploadModel(agent: Agent, planId: string, files: UploadInput[], name?: string): Promise<JsonResponse> {
  const form = new FormData();
  for (const f of files) {
    const { fileName, bytes } = typeof f === 'string' ? { fileName: path.basename(f), bytes: fs.readFileSync(f) } : { fileName: f.name, bytes: f.bytes };
    form.append('files', new Blob([new Uint8Array(bytes)]), fileName);
  }
  if (name !== undefined) form.append('name', name);
  const res = await agent.fetch(`/api/v1/plans/${planId}/models`, { method: 'POST', body: form });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text
  }
  return { status: res.status, body, headers: res.headers };
}
