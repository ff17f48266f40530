/** Values wxt.config.ts writes into a build from its environment. */
interface ImportMetaEnv {
  /** The ExtensionPay id ('' without billing): utils/billing/id.ts. */
  readonly EXTPAY_ID?: string;
  /** The answer idle deadline in ms (0: the product's own): utils/build/idle-deadline.ts, utils/jobs/deadlines.ts. */
  readonly PICTOR_IDLE_MS?: number;
}
