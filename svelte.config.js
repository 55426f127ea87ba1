// Svelte compiler settings shared by Vite and svelte-check: every component uses runes (Svelte 5), no legacy mode.
export default {
  compilerOptions: { runes: true },
};
