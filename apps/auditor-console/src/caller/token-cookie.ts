/**
 * The token lives in the `token` cookie the service reads: sent with every same-origin request,
 * never with a request another site starts (SameSite=Strict), and never put in a URL.
 */
const NAME = 'token';
const ATTRIBUTES = ['path=/', 'SameSite=Strict', ...(location.protocol === 'https:' ? ['Secure'] : [])].join('; ');

export function storedToken(): string | undefined {
  const entry = document.cookie
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${NAME}=`));
  const value = entry?.slice(NAME.length + 1);
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function storeToken(token: string): void {
  document.cookie = `${NAME}=${encodeURIComponent(token)}; ${ATTRIBUTES}`;
}

export function forgetToken(): void {
  document.cookie = `${NAME}=; max-age=0; ${ATTRIBUTES}`;
}
