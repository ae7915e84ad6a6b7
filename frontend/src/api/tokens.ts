const ACCESS = "thebot.access_token";
const REFRESH = "thebot.refresh_token";

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

type Listener = () => void;

/** The sign-in's tokens, kept in localStorage so that a reload stays signed in. */
export class TokenStore {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly storage: Storage) {}

  get access(): string | null {
    return this.storage.getItem(ACCESS);
  }

  get refresh(): string | null {
    return this.storage.getItem(REFRESH);
  }

  // The refresh token is what keeps a sign-in alive; the access token alone expires soon.
  get signedIn(): boolean {
    return this.refresh !== null;
  }

  save(pair: TokenPair): void {
    this.storage.setItem(ACCESS, pair.access_token);
    this.storage.setItem(REFRESH, pair.refresh_token);
    this.notify();
  }

  clear(): void {
    if (!this.signedIn && this.access === null) return;
    this.storage.removeItem(ACCESS);
    this.storage.removeItem(REFRESH);
    this.notify();
  }

  /** For useSyncExternalStore: called on every change. */
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
