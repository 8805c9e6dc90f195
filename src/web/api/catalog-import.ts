import { gql } from './client';

export interface ImportRowError {
  row: number;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: ImportRowError[];
}

export interface UploadTarget {
  uploadUrl: string;
  key: string;
  expiresAt: string;
}

export const requestImportUpload = (contentType: string, size: number) =>
  gql<{ requestImportUpload: UploadTarget }>(
    `mutation RequestImportUpload($contentType: String!, $size: Int!) {
      requestImportUpload(contentType: $contentType, size: $size) { uploadUrl key expiresAt }
    }`,
    { contentType, size },
  ).then((d) => d.requestImportUpload);

export const importCatalog = (key: string) =>
  gql<{ importCatalog: ImportResult }>(
    `mutation ImportCatalog($key: String!) {
      importCatalog(key: $key) { created updated unchanged failed errors { row message } }
    }`,
    { key },
  ).then((d) => d.importCatalog);
