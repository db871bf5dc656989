// The live transcript pane: finished sentences in order, and the sentence
// being recognised shown as it grows. One call at a time: a transcript of
// another call starts the pane afresh.
import { clock } from './ui.js';

const ROLE = { 1: 'Agent', 2: 'Customer' };

export class TranscriptPane {
  constructor(list, caption) {
    this.list = list;
    this.caption = caption;
    this.call = null;
    this.partial = null;
  }

  clear(text) {
    this.call = null;
    this.list.replaceChildren();
    this.partial = null;
    this.caption.textContent = text;
  }

  add(e) {
    if (e.mainUniqueId !== this.call) {
      this.clear(`Call ${e.mainUniqueId}`);
      this.call = e.mainUniqueId;
    }
    const line = this.partial && this.partial.index === e.sentenceIndex ? this.partial.node : this.line(e);
    line.querySelector('.text').textContent = e.text;
    line.classList.toggle('partial', e.sentenceType !== 'sentenceEnd');
    this.partial = e.sentenceType === 'sentenceEnd' ? null : { index: e.sentenceIndex, node: line };
    while (this.list.children.length > 50) this.list.firstChild.remove();
  }

  line(e) {
    const item = document.createElement('li');
    item.dataset.role = String(e.role);
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = ROLE[e.role] ?? `Role ${e.role}`;
    const at = document.createElement('time');
    at.textContent = clock(e.beginTime);
    const text = document.createElement('span');
    text.className = 'text';
    item.append(at, who, text);
    this.list.append(item);
    return item;
  }
}
