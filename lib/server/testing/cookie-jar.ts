import type { CookieJar, CookieOptions } from "@/lib/server/session";

/** A browser's cookie store for unit tests: what the server set, with the options it set. */
export class MemoryJar implements CookieJar {
  readonly cookies = new Map<string, { value: string; options: CookieOptions | null }>();

  get(name: string) {
    const c = this.cookies.get(name);
    return c ? { value: c.value } : undefined;
  }
  getAll() {
    return [...this.cookies].map(([name, c]) => ({ name, value: c.value }));
  }
  set(name: string, value: string, options: CookieOptions) {
    this.cookies.set(name, { value, options });
  }
  delete(name: string) {
    this.cookies.delete(name);
  }
}
