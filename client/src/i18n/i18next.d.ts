// Type-checks every `t('…')` key against the Dutch strings (the default language).
import 'i18next';
import type { nl } from './nl.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nl };
  }
}
