// Type declarations for `afflink/rewrite` (Node only).
export { AfflinkError } from "./afflink.js";

/** The script tag's settings, as in its `afflink-config` block: camelCase or attribute names. */
export type RewriteSettings = Record<string, string>;

export interface RewriteOptions {
  /** Whose Alibaba.com template to use: `pc` (default), `wap` (mobile web) or `app`. */
  platform?: "pc" | "wap" | "app";
  /**
   * Called once per warning of the settings (`unknown_setting` for a name afflink does not
   * know, `invalid_setting` for a tracking string without its program), after a successful
   * rewrite; the rewrite goes on. Without it each warning goes to `console.warn` as
   * `afflink/rewrite: message [code]`, once per distinct settings (not once per document).
   */
  onWarning?: (warning: { code: string; message: string }) => void;
}

/** Loads the rewrite module. Idempotent; await it once before any other call. */
export declare function init(): Promise<void>;
/**
 * An HTML document with its product links converted and marked as the script tag marks
 * them; every other character is kept.
 * @throws {AfflinkError} the settings' code (`invalid_setting`, `no_program_settings`), or `invalid_argument`.
 */
export declare function rewriteHtml(html: string, settings: RewriteSettings, options?: RewriteOptions): string;
/** A Markdown document with its product links converted (no attributes: Markdown has none). */
export declare function rewriteMarkdown(markdown: string, settings: RewriteSettings, options?: RewriteOptions): string;
/** A text with its bare product URLs converted. */
export declare function rewriteText(text: string, settings: RewriteSettings, options?: RewriteOptions): string;
