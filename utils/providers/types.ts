/** The seam between Pictor and each image service: the UI asks what a model can do and shows only that. */

/** Every service Pictor can hold a key for. */
export type ServiceId = 'openai' | 'google' | 'ideogram' | 'photoroom';

/** Services that make images from a prompt; each has a Provider. Grows as providers land. */
export type ProviderId = Extract<ServiceId, 'openai'>;

export type OutputFormat = 'png' | 'jpeg' | 'webp';

/** What one model supports. Pure data, kept in catalog.ts. */
export interface ModelCapabilities {
  /** Takes a source image and a prompt. */
  edit: boolean;
  /** Creates an image from a prompt alone. */
  generate: boolean;
  /** Takes a mask that says where to edit. */
  mask: boolean;
  /** Largest number of images one request may ask for. */
  maxImages: number;
  /** Preset sizes, e.g. "1024x1024" or "auto". */
  sizes: readonly string[];
  qualities: readonly string[];
  transparentBackground: boolean;
  outputFormats: readonly OutputFormat[];
  /** Sends partial previews while it works. */
  streaming: boolean;
  /** Takes any WxH within these rules besides the preset sizes. */
  customSize?: SizeRules;
  /** Takes input_fidelity (how closely an edit keeps the source's details). */
  inputFidelity: boolean;
  /** Takes an output compression level for JPEG and WebP. */
  compression: boolean;
}

export interface SizeRules {
  multipleOf: number;
  maxSide: number;
  minPixels: number;
  maxPixels: number;
  /** Longest side over shortest side, at most. */
  maxRatio: number;
}

export type Background = 'auto' | 'opaque' | 'transparent';
export type InputFidelity = 'low' | 'high';

export interface ImageOptions {
  size?: string;
  quality?: string;
  n?: number;
  outputFormat?: OutputFormat;
  /** 0–100, JPEG and WebP only. */
  compression?: number;
  background?: Background;
  /** Edits only. */
  inputFidelity?: InputFidelity;
}

export interface ImageRequest {
  model: string;
  prompt: string;
  /** Present for an edit; absent for text-to-image. */
  source?: Blob;
  options: ImageOptions;
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
}

export interface ImageResult {
  images: Blob[];
  usage?: Usage;
  /** What the provider says it actually used (e.g. the quality "auto" chose), for the cost. */
  quality?: string;
  size?: string;
}

/** What a provider needs from its caller; globals come in as parameters so tests can supply them. */
export interface ProviderContext {
  apiKey: string;
  baseURL?: string;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Called with each partial preview, for models that stream them. */
  onPartial?: (image: Blob, index: number) => void | Promise<void>;
}

export interface Provider {
  id: ProviderId;
  /** Shown to the user, e.g. "OpenAI". */
  label: string;
  run(request: ImageRequest, context: ProviderContext): Promise<ImageResult>;
}
