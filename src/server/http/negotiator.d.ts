// Types for the part of `negotiator` (jshttp, MIT; the content negotiation behind Express's
// `accepts`) Radvis uses: language negotiation (http/accept-language.ts). The package ships no
// types of its own.
declare module 'negotiator' {
  interface Headers {
    [name: string]: string | string[] | undefined;
  }
  class Negotiator {
    constructor(request: { headers: Headers });
    /** The best of `available` for the request's Accept-Language (RFC 9110 §12.5.4), or undefined when none is acceptable. */
    language(available?: string[]): string | undefined;
    /** Every acceptable language of `available`, best first. */
    languages(available?: string[]): string[];
  }
  export default Negotiator;
}
