/**
 * Hands a file read through the API to the browser as a download under its own name. Files are
 * read with the bearer token, which a plain link could not carry; so they are fetched first.
 */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.rel = "noopener";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The browser has taken the file once click() returns; the URL is kept a moment for it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
