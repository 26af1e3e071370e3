// Stylesheets imported for their side effect (Vite bundles them); TypeScript 7 checks side-effect
// imports, and a stylesheet has no types. A missing file still fails the Vite build.
declare module '*.css';
