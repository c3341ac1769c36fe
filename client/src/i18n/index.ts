/**
 * i18next set-up: Dutch (default) and English, strings bundled (no network). The chosen language
 * is remembered in localStorage (`ds.lang`) and mirrored to `<html lang>`.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { nl } from './nl.js';
import { en } from './en.js';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'ds.lang';

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'nl' || stored === 'en') return stored;
  } catch {
    // storage may be unavailable (private mode); Dutch it is
  }
  return 'nl';
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { nl: { translation: nl }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'nl',
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  // React escapes text itself; we never build HTML from strings.
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // ignore
  }
});

/** Switches the UI language; persists the choice. */
export function setLanguage(lng: Language): void {
  void i18n.changeLanguage(lng);
}
