import type { InboundContent } from './messages.ts';

/**
 * Text from a messenger, made safe to store: NUL characters are removed (Postgres text and jsonb
 * refuse them) and lone UTF-16 surrogates become U+FFFD (jsonb refuses them too). Everything else
 * is kept exactly as sent. Every channel applies this at its edge (its to-inbound), so nothing a
 * user types can make a chat unusable.
 */
export function cleanText(text: string): string {
  return text.replaceAll('\u0000', '').toWellFormed();
}

/** {@link cleanText} over every string a user can put into a message. */
export function cleanContent(content: InboundContent): InboundContent {
  switch (content.type) {
    case 'text':
      return { ...content, text: cleanText(content.text) };
    case 'choice':
      return { ...content, value: cleanText(content.value) };
    case 'media':
      return {
        ...content,
        ...(content.caption === undefined ? {} : { caption: cleanText(content.caption) }),
        ...(content.fileName === undefined ? {} : { fileName: cleanText(content.fileName) }),
      };
    case 'contact':
      return {
        ...content,
        phone: cleanText(content.phone),
        ...(content.name === undefined ? {} : { name: cleanText(content.name) }),
      };
    default:
      return content;
  }
}
