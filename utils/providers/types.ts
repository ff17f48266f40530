import type { MaskRoute } from '../image/mask-png';
import type { MessageKey } from '../platform/i18n';
import type { JobError } from './errors';

/**
 * The seam between Pictor and each image service. A service is one folder under utils/providers/
 * exporting a `ProviderDefinition` (pure data and small pure functions, safe to import anywhere,
 * the service worker and wxt.config.ts included) and a `run.ts` with the call itself (SDKs live
 * there, loaded only where jobs run). registry.ts lists the definitions; every other list of
 * services in the code derives from it.
 */

/** Every service Pictor knows: the ids of registry.ts's definitions, nothing to edit beside it. */
export type ServiceId = (typeof import('./registry'))['PROVIDERS'][number]['id'];

/** What a request asks the model to do. */
export type Operation = 'generate' | 'edit' | 'remix' | 'replace-background' | 'reframe' | 'remove-background';

/** What each operation is called on screen (messages.json keys). */
export const OPERATION_LABEL = {
  generate: 'operationGenerate',
  edit: 'operationEdit',
  remix: 'operationRemix',
  'replace-background': 'operationReplaceBackground',
  reframe: 'operationReframe',
  'remove-background': 'operationRemoveBackground',
} as const satisfies Record<Operation, MessageKey>;

/** Operations that take no prompt. */
export const PROMPTLESS: readonly Operation[] = ['reframe', 'remove-background'];
/** Operations that take no input image. */
export const SOURCELESS: readonly Operation[] = ['generate'];

export type ParamValue = string | number | boolean;
/** Parameter values by name, as the model's schema names them. */
export type Params = Record<string, ParamValue>;

/** Where a parameter applies: to some operations only, and/or while another parameter has one of some values. */
export interface ParamScope {
  operations?: readonly Operation[];
  when?: { param: string; oneOf: readonly ParamValue[] };
}

interface ParamBase extends ParamScope {
  name: string;
  label: MessageKey;
  /** A one-line explanation shown under the control. */
  hint?: MessageKey;
  /** Shown without opening "More options". */
  primary?: boolean;
}

/** One of a fixed list. `omit` is the value that means "leave it to the provider" (not sent). */
export interface EnumParam extends ParamBase {
  kind: 'enum';
  values: readonly string[];
  default: string;
  omit?: string;
}

/** A whole number in a range. Absent (empty field) is not sent. */
export interface IntParam extends ParamBase {
  kind: 'int';
  min: number;
  max: number;
  default?: number;
  /** Not sent when equal to this (e.g. n = 1). */
  omit?: number;
}

export interface TextParam extends ParamBase {
  kind: 'text';
  maxLength: number;
}

export interface BoolParam extends ParamBase {
  kind: 'bool';
  default: boolean;
  /** Sent as this value when checked (e.g. input_fidelity = "high"); absent when unchecked. */
  sendAs?: ParamValue;
}

/** Preset sizes plus, when `custom` is set, any WxH within those rules. */
export interface SizeParam extends ParamBase {
  kind: 'size';
  values: readonly string[];
  default: string;
  omit?: string;
  custom?: SizeRules;
}

export type ParamSpec = EnumParam | IntParam | TextParam | BoolParam | SizeParam;

export interface SizeRules {
  multipleOf: number;
  maxSide: number;
  minPixels: number;
  maxPixels: number;
  /** Longest side over shortest side, at most. */
  maxRatio: number;
}

/** A reason the chosen parameters can't be sent, as a sentence key and its substitutions. */
export interface ParamProblem {
  key: MessageKey;
  subs?: string[];
}

/**
 * What a request costs, as data: a base price per image (or per call), optionally looked up by one
 * parameter's value, optionally scaled by the pixel count of a size parameter against 1024².
 */
export interface PriceRule {
  unit: 'image' | 'call';
  /** Price when no lookup applies (or the looked-up value is unknown). */
  base?: number;
  by?: { param: string; prices: Readonly<Record<string, number>>; fallback: string };
  scaleByPixelsOf?: string;
  /** The provider bills input tokens on top (the estimate says so). */
  plusInputTokens?: boolean;
  /** US dollars per million tokens: what a finished job cost when the answer counts its tokens (utils/providers/cost.ts). */
  perMillionTokens?: { textInput: number; imageInput: number; output: number };
}

/** One model as data (the catalog rows live in each service's folder, newest first). */
export interface ModelDef {
  id: string;
  label: string;
  operations: readonly Operation[];
  params: readonly ParamSpec[];
  /** Extra rules across parameters (e.g. a transparent background needs PNG or WebP). */
  check?: (params: Params, operation: Operation) => ParamProblem | undefined;
  price?: PriceRule;
  /** Shown as a note when the provider has announced its shutdown (YYYY-MM-DD). */
  retiresOn?: string;
  /** The provider has deprecated it (no shutdown date yet): still offered, marked, with the model it recommends instead. */
  deprecated?: { replacement: string };
  /** Sends partial previews while it works. */
  streaming?: boolean;
  /** Input images one edit or remix takes at most: the image edited and its references (utils/providers/inputs.ts). */
  maxInputs?: number;
  /** Not in the catalog: a newer model of a known family that the key's own model list names. */
  isNew?: boolean;
}

/** One image model as the key's own model list names it. */
export interface ListedModel {
  id: string;
  /** The name the list gives it (Gemini's displayName), when it gives one. */
  label?: string;
  /** When the provider shuts it down (YYYY-MM-DD), where the list says (OpenAI's `shutdown_date`). */
  shutdownDate?: string;
  /** When the provider made it (Unix seconds), where the list says: orders a family newest first. */
  created?: number;
}

/** A key's model list as last read: when (ms since the epoch), and the image models it named. */
export interface ModelList {
  at: number;
  models: readonly ListedModel[];
}

/** A model the provider no longer serves, and what replaces it. */
export interface ShutDownModel {
  id: string;
  label: string;
  /** When the provider shut it down (YYYY-MM-DD). */
  on: string;
  /** The catalog model a saved choice of it moves to. */
  by: string;
}

/** The cheapest authenticated call that makes no image, behind "Test key". */
export interface KeyCheck {
  path: string;
  /** Reads a 2xx answer. */
  judge(body: unknown): KeyTestOutcome;
  /** Statuses that mean the key is wrong, and those that mean "right key, call not allowed". */
  invalid: readonly number[];
  acceptedOn?: readonly number[];
  /**
   * Whether an error answer comes from a right key that may not make this call (a restricted
   * OpenAI key without "Models: Read" may still make images). Such a key is saved, and said so.
   */
  cannotList?(status: number, body: unknown): boolean;
  /** Base URL for the check when it differs from the service's API base. */
  baseURL?: string;
}

export type KeyTestOutcome = 'valid' | 'no-image-access' | 'accepted' | 'cannot-list' | 'invalid' | 'network' | 'error';

/** One service as data; `Id` is its registry id, which ServiceId collects. */
export interface ProviderDefinition<Id extends string = string> {
  id: Id;
  /** Shown to the user, e.g. "OpenAI". */
  label: string;
  /** Host permissions the manifest declares for this service (API and result hosts). */
  hosts: readonly string[];
  /** The API base a custom base URL replaces. */
  defaultBaseURL: string;
  /** Request headers that carry the key. */
  authHeaders(key: string): Record<string, string>;
  keyCheck: KeyCheck;
  /** Where the user gets a key, and fixes account problems the provider reports. */
  links: { keys: string; billing?: string; verification?: string };
  /** The catalog rows, newest first. */
  models: readonly ModelDef[];
  /**
   * Where a painted mask goes on the wire (utils/image/mask-png.ts): the operations that take one and
   * the file's style. A service without it gets the prompt alone; the mask still shapes the put-back.
   */
  masks?: MaskRoute;
  /** Byte limits of the input images of one request (utils/providers/inputs.ts). */
  inputBytes?: { each?: number; total?: number };
  /**
   * Models the provider has shut down, each with the catalog model that takes its place: a saved
   * choice of one (popup, defaults, a settings file, a job to retry) moves there, with a note.
   */
  shutDown?: readonly ShutDownModel[];
  /** What Pictor assumes of a model id the user typed (or one the key's own list names). */
  customModel(id: string): ModelDef;
  /**
   * The key's own model list, from the key check's answer (for these services the check is the
   * list read): the image models it names, with their shutdown dates where the service publishes
   * them. Undefined when the answer is not such a list: nothing stored is then changed.
   */
  readModelList?: (keyCheckBody: unknown) => ListedModel[] | undefined;
  /**
   * Model families by id. A model of the key's list that the catalog lacks is offered when it
   * belongs to one, with the options of that family's newest catalog model; a model shut down
   * without a named replacement moves to the newest model of its family.
   */
  families?: readonly RegExp[];
  /** Jobs of this service that may run at once. */
  concurrency?: number;
  /** A note about a key shown in the popup and settings (PhotoRoom's sandbox keys). */
  keyNote?(key: string): MessageKey | undefined;
}

/** What one call needs; globals come in as parameters so tests can supply them. */
export interface ImageRequest {
  operation: Operation;
  model: string;
  /** Absent for operations that take none (reframe, remove background). */
  prompt?: string;
  /** Input images, the crop first. Empty for generate. */
  inputs: Blob[];
  /** Where to edit: PNG, transparent (OpenAI) or black (Ideogram) = edit here. */
  mask?: Blob;
  /** Already checked against the model's schema and cleaned (paramsForModel). */
  params: Params;
}

export interface Usage {
  inputTokens?: number;
  /** The input split by kind, where the answer says (OpenAI's `input_tokens_details`). */
  inputTextTokens?: number;
  inputImageTokens?: number;
  outputTokens?: number;
}

export interface ImageResult {
  images: Blob[];
  usage?: Usage;
  /** What the provider says it actually used (e.g. the quality "auto" chose), merged into params for the cost. */
  actual?: Params;
  /** Text the model returned beside the image (Gemini), shown with the result. */
  text?: string;
  /** Images of the same request the provider withheld (flagged unsafe); the others are kept. */
  refused?: number;
  /** Why, when some were withheld. */
  refusal?: JobError;
}

export interface ProviderContext {
  apiKey: string;
  baseURL?: string;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Called with each partial preview, for models that stream them. */
  onPartial?: (image: Blob, index: number) => void | Promise<void>;
  /**
   * State a provider saves mid-call so a restarted job resumes instead of paying twice (Ideogram's
   * generation_id). Stored on the job before the promise resolves; handed back as `checkpoint`.
   */
  onCheckpoint?: (state: Record<string, string>) => Promise<void>;
  checkpoint?: Record<string, string>;
}

export type RunFn = (request: ImageRequest, context: ProviderContext) => Promise<ImageResult>;
