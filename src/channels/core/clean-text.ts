import type { InboundContent, InboundMessage } from '../../core/messages.ts';

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
      return {
        ...content,
        value: cleanText(content.value),
        ...(content.token === undefined ? {} : { token: cleanText(content.token) }),
      };
    case 'media':
      return {
        ...content,
        fileRef: cleanText(content.fileRef),
        ...(content.caption === undefined ? {} : { caption: cleanText(content.caption) }),
        ...(content.fileName === undefined ? {} : { fileName: cleanText(content.fileName) }),
        ...(content.mimeType === undefined ? {} : { mimeType: cleanText(content.mimeType) }),
      };
    case 'contact':
      return {
        ...content,
        phone: cleanText(content.phone),
        ...(content.name === undefined ? {} : { name: cleanText(content.name) }),
      };
    case 'unsupported':
      return { ...content, what: cleanText(content.what) };
    default:
      return content;
  }
}

/**
 * {@link cleanContent} over a whole InboundMessage: its content, its id (stored in processed_inbound;
 * a WhatsApp client picks its own) and the sender's display name (registration may store it as the
 * person's name). The chat id is the platform's address and is left as it is.
 */
export function cleanInbound(message: InboundMessage): InboundMessage {
  return {
    ...message,
    messageId: cleanText(message.messageId),
    content: cleanContent(message.content),
    ...(message.senderName === undefined ? {} : { senderName: cleanText(message.senderName) }),
  };
}
