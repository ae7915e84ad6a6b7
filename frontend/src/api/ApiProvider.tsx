import { createContext, useContext, type ReactNode } from "react";
import type { Api } from "./client";
import type { TokenStore } from "./tokens";

interface ApiContextValue {
  api: Api;
  tokens: TokenStore;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ api, tokens, children }: ApiContextValue & { children: ReactNode }) {
  return <ApiContext.Provider value={{ api, tokens }}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (value === null) throw new Error("useApi needs an ApiProvider above it");
  return value;
}
