import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Rect, Size } from './geometry';

/** What the overlay needs to know, given to it by the background when it injects it. */
export interface OverlayConfig {
  mode: 'image' | 'capture';
  /** The image the user right-clicked (the menu's srcUrl), for `image`. */
  srcUrl?: string;
  /** The extension may fetch the image's origin itself (full resolution without CORS). */
  hostPermission: boolean;
  inSubframe: boolean;
}

/** The user pressed Enter: what to cut, and every way to get it. */
export interface CropRequest {
  mode: 'image' | 'capture';
  /** The highest-resolution file the page offers for the image. */
  url?: string;
  pageUrl: string;
  /** The selection as fractions (0–1) of the image's width and height. */
  selection: Rect;
  /** The selection as it is on screen, in viewport CSS px (for the screenshot route). */
  screen: Rect;
  viewport: Size;
  /** Bytes the page could read (or an SVG the overlay rasterized), as a data: URL. */
  pageBytes?: string;
}

export type CropReply = { ok: true } | { ok: false; message: string };

interface CropProtocol {
  /** Overlay → background. The background checks the sender is Pictor's own content script. */
  confirmCrop(request: CropRequest): CropReply;
  /** Popup → background: show the overlay again on the page the crop came from. */
  recrop(): CropReply;
  /** Background → popup: the stored crop changed (e.g. re-read at full resolution). */
  cropChanged(): void;
}

export const { sendMessage: sendCropMessage, onMessage: onCropMessage } = defineExtensionMessaging<CropProtocol>({ logger: undefined });

export const OVERLAY_CONFIG_KEY = '__pictorOverlayConfig';
