interface ImportMetaEnv {
  /** Set by wxt.config.ts from the build's environment ('' without billing): utils/billing/id.ts. */
  readonly EXTPAY_ID?: string;
}
