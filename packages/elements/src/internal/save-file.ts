/** Hands a file to the browser as a download (the billing history's CSV and PDFs, the audit log's CSV). */
export function saveFile(blob: Blob, filename: string, host: ShadowRoot): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  host.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; the URL only names an in-memory blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
