import { createContext, useContext } from 'react';

/** The Content-Security-Policy nonce of the page being rendered on the server (hidden from scripts in the browser). */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
