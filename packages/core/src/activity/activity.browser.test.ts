// The activity detector on a real page, in Chromium: real keyboard, pointer, wheel and touch
// events are counted, nothing about them is kept, and a stopped detector no longer listens.
import { expect } from '@open-wc/testing';
import { createActivityDetector } from '@floorwalk/core';

describe('createActivityDetector in a browser', () => {
  it('counts input events on the window, including those aimed at fields, and nothing else', () => {
    const detector = createActivityDetector();
    const field = document.createElement('input');
    document.body.append(field);
    try {
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 's', bubbles: true, composed: true }));
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: 10, clientY: 20 }));
      document.body.dispatchEvent(new PointerEvent('pointermove', { bubbles: true }));
      document.body.dispatchEvent(new WheelEvent('wheel', { bubbles: true, deltaY: 40 }));
      document.body.dispatchEvent(new Event('touchstart', { bubbles: true }));
      // Not input activity: typed text arrives as `input`, navigation as `popstate`.
      field.dispatchEvent(new InputEvent('input', { bubbles: true, data: 'secret' }));
      window.dispatchEvent(new PopStateEvent('popstate'));
      expect(detector.take()).to.equal(6);
      expect(detector.take()).to.equal(0);
    } finally {
      detector.stop();
      field.remove();
    }
  });

  it('stops listening when stopped', () => {
    const detector = createActivityDetector();
    detector.stop();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(detector.take()).to.equal(0);
  });

  it('counts events on a given element only', () => {
    const box = document.createElement('div');
    document.body.append(box);
    const detector = createActivityDetector(box);
    try {
      box.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      expect(detector.take()).to.equal(1);
    } finally {
      detector.stop();
      box.remove();
    }
  });
});
