/**
 * Keeps passwords in connection strings out of messages: `mongodb://user:secret@host` is shown as
 * `mongodb://user:***@host`, in a value on its own or anywhere in a longer text (an error's message).
 */

const IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s]*@/gi;
/** A whole value: also `user:secret@host` without a scheme, or with a mistyped one (`mongodb:/`). */
const WHOLE_VALUE = /^([a-z][a-z0-9+.-]*:\/*)?([^\s:/@]*):\S*@/i;

/** The text with the password of every `scheme://user:password@` replaced by `***`. */
export function redactCredentials(text: string): string {
  return text.replace(IN_TEXT, '$1:***@');
}

/** A configuration value as it may be shown: any `user:password@` it starts with has `***` for the password. */
export function redactValue(value: string): string {
  return redactCredentials(value.replace(WHOLE_VALUE, '$1$2:***@'));
}
