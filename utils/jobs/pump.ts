/**
 * The alarm that wakes the background's job gateway: a job stored by a page that closed before it
 * asked for the start still starts, within half a minute (Chrome's shortest alarm).
 */
export const PUMP_ALARM = 'pictor-pump';
