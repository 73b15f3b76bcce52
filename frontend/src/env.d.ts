/** Vite's `?inline` imports: a stylesheet as a string (uPlot's CSS goes into a shadow root). */
declare module "*?inline" {
  const css: string;
  export default css;
}
