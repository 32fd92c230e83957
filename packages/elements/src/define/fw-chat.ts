import { FwChat } from '../components/fw-chat/fw-chat.js';

FwChat.define('fw-chat');

declare global {
  interface HTMLElementTagNameMap {
    'fw-chat': FwChat;
  }
}
