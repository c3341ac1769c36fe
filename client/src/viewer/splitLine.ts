/**
 * The compare split line: a DOM element over the 3D canvas at `scene.splitPosition`, draggable with a pointer
 * and operable from the keyboard (WAI-ARIA "slider" pattern: focusable, ←/→ move 1 %, Shift+←/→ 10 %,
 * Home/End to the edges; aria-valuenow in percent). Drags and keys call `onMove` with the new split (0..1).
 */
import { i18n } from '../i18n/index.js';

const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

export class SplitLine {
  private readonly el: HTMLDivElement;
  private value = 0.5;
  private dragging: number | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly onMove: (split: number) => void,
  ) {
    const el = document.createElement('div');
    el.className = 'ds-split';
    el.tabIndex = 0;
    el.setAttribute('role', 'slider');
    el.setAttribute('aria-orientation', 'horizontal');
    el.setAttribute('aria-valuemin', '0');
    el.setAttribute('aria-valuemax', '100');
    el.dataset.testid = 'compare-split';
    // Inline styles: the line must work wherever the host is mounted, without the app's stylesheet.
    Object.assign(el.style, {
      position: 'absolute',
      top: '0',
      bottom: '0',
      width: '14px',
      marginLeft: '-7px',
      cursor: 'ew-resize',
      zIndex: '2',
      touchAction: 'none',
      display: 'none',
      background: 'linear-gradient(to right, transparent 5px, #ffffff 5px, #ffffff 9px, transparent 9px)',
      boxShadow: 'none',
      outlineOffset: '-2px',
    } satisfies Partial<CSSStyleDeclaration>);
    const knob = document.createElement('div');
    Object.assign(knob.style, {
      position: 'absolute',
      top: '50%',
      left: '50%',
      width: '28px',
      height: '28px',
      margin: '-14px 0 0 -14px',
      borderRadius: '50%',
      background: '#ffffff',
      boxShadow: '0 1px 4px rgba(0,0,0,0.4)',
      pointerEvents: 'none',
    } satisfies Partial<CSSStyleDeclaration>);
    knob.textContent = '⇔';
    Object.assign(knob.style, { textAlign: 'center', lineHeight: '28px', fontSize: '16px', color: '#0d1b2a' });
    knob.setAttribute('aria-hidden', 'true');
    el.appendChild(knob);
    this.el = el;
    this.label();
    i18n.on('languageChanged', () => this.label());
    host.appendChild(el);

    el.addEventListener('pointerdown', (e) => {
      this.dragging = e.pointerId;
      el.setPointerCapture(e.pointerId);
      el.focus();
      e.preventDefault();
    });
    el.addEventListener('pointermove', (e) => {
      if (this.dragging !== e.pointerId) return;
      const r = this.host.getBoundingClientRect();
      if (r.width > 0) this.move((e.clientX - r.left) / r.width);
    });
    const end = (e: PointerEvent) => {
      if (this.dragging !== e.pointerId) return;
      this.dragging = null;
      el.releasePointerCapture(e.pointerId);
    };
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', end);
    el.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? 0.1 : 0.01;
      let next: number | null = null;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') next = this.value - step;
      else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') next = this.value + step;
      else if (e.key === 'Home') next = 0;
      else if (e.key === 'End') next = 1;
      if (next === null) return;
      e.preventDefault();
      e.stopPropagation();
      this.move(next);
    });
  }

  private label(): void {
    this.el.setAttribute('aria-label', i18n.t('viewer.splitLabel'));
  }

  private move(v: number): void {
    const next = Math.round(clamp01(v) * 1000) / 1000;
    if (next === this.value) return;
    this.set(next);
    this.onMove(next);
  }

  /** Puts the line at `split` (0..1 from the left) without calling onMove. */
  set(split: number): void {
    this.value = clamp01(split);
    this.el.style.left = `${this.value * 100}%`;
    const pct = Math.round(this.value * 100);
    this.el.setAttribute('aria-valuenow', String(pct));
    this.el.setAttribute('aria-valuetext', `${pct} %`);
  }

  setVisible(visible: boolean): void {
    this.el.style.display = visible ? 'block' : 'none';
  }
}
