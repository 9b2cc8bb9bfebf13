import { createContext, useContext } from "react";

/** The per-request CSP nonce, so Remix's inline scripts are allowed and nothing else is. */
export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
