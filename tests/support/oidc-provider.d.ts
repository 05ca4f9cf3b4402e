// oidc-provider ships no type declarations; the test IdP uses a small part of it.
declare module 'oidc-provider' {
  // biome-ignore lint/suspicious/noExplicitAny: the package ships no types
  const Provider: any;
  export default Provider;
}
